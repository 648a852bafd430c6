import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Audited } from '@chorus/audit';

export enum TaskKind {
  CALL = 'CALL',
  EMAIL = 'EMAIL',
  MEETING = 'MEETING',
  INTERVIEW = 'INTERVIEW',
  BRIEFING = 'BRIEFING',
  FOLLOW_UP = 'FOLLOW_UP',
  OTHER = 'OTHER',
}
registerEnumType(TaskKind, { name: 'TaskKind' });

export enum TaskStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(TaskStatus, { name: 'TaskStatus' });

export const OPEN_STATUSES = [TaskStatus.OPEN, TaskStatus.IN_PROGRESS];

/**
 * A unit of outreach work for a staff user. Interviews and briefings with press contacts are
 * tasks with a time. `organizationScopeId` is the creator's organization: union staff see theirs.
 */
@Audited()
@Entity('outreach_tasks')
@ObjectType('OutreachTask')
export class OutreachTask {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Field(() => TaskKind) @Column({ type: 'text' }) kind: TaskKind;
  @Field() @Column({ type: 'text' }) title: string;
  @Field(() => TaskStatus) @Column({ type: 'text', default: TaskStatus.OPEN }) status: TaskStatus;
  @Field(() => Date, { nullable: true })
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;
  @Column({ name: 'assignee_user_id', type: 'uuid', nullable: true }) assigneeUserId: string | null;
  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true }) createdByUserId: string | null;
  @Column({ name: 'organization_scope_id', type: 'uuid', nullable: true }) organizationScopeId: string | null;
  @Column({ name: 'person_id', type: 'uuid', nullable: true }) personId: string | null;
  @Column({ name: 'organization_id', type: 'uuid', nullable: true }) organizationId: string | null;
  @Column({ name: 'press_contact_id', type: 'uuid', nullable: true }) pressContactId: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) outcome: string | null;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt: Date | null;
  @Column({ name: 'reminder_sent_at', type: 'timestamptz', nullable: true }) reminderSentAt: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()', onUpdate: 'now()' }) updatedAt: Date;
}
