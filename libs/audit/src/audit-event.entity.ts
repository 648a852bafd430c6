import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('audit_events')
@ObjectType('AuditEvent', { description: 'Who changed what, when: before and after' })
export class AuditEvent {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Field(() => Date) @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' }) occurredAt: Date;
  @Field(() => ID, {
    nullable: true,
    description: 'The user who made the change (null: the system, e.g. a worker or a public form)',
  })
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;
  /** The actor's organization when the event was written (union staff read their organization's events). */
  @Column({ name: 'organization_id', type: 'uuid', nullable: true }) organizationId: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'request_id', type: 'text', nullable: true }) requestId:
    string | null;
  @Field({ description: 'The table (or entity name) changed, e.g. outreach_tasks' })
  @Column({ type: 'text' })
  entity: string;
  @Field(() => String, { nullable: true }) @Column({ name: 'entity_id', type: 'text', nullable: true }) entityId:
    string | null;
  @Field({ description: 'create, update, delete, or a named action (unsubscribe, bounce, import.…)' })
  @Column({ type: 'text' })
  action: string;
  @Column({ type: 'jsonb', default: {} }) changes: object;
}
