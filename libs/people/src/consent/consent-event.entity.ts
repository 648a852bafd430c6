import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EmailStatus } from '../entities/person.entity';

/** How a consent event came about. */
export enum ConsentSource {
  PUBLIC_SIGNUP = 'PUBLIC_SIGNUP',
  IMPORT = 'IMPORT',
  STAFF = 'STAFF',
  ONE_CLICK = 'ONE_CLICK',
  ADMIN = 'ADMIN',
  /** Bounces and complaints reported by mail servers. */
  MAIL_SYSTEM = 'MAIL_SYSTEM',
  MERGE = 'MERGE',
  ERASURE = 'ERASURE',
  /** Backfilled from the columns people had before the log existed. */
  MIGRATION = 'MIGRATION',
}
registerEnumType(ConsentSource, { name: 'ConsentSource' });

/**
 * One entry of a person's consent log. The latest event's status is the person's
 * `emailStatus`; only the consent code (`ConsentService`, `consentChangeSql`) writes either.
 */
@Entity('consent_events')
@ObjectType('ConsentEvent')
export class ConsentEvent {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId: string;
  @Field(() => EmailStatus) @Column({ type: 'text' }) status: EmailStatus;
  @Field(() => ConsentSource) @Column({ type: 'text' }) source: ConsentSource;
  @Field(() => Date) @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' }) occurredAt: Date;
  @Field(() => String, { nullable: true, description: 'The consent text shown to the person' })
  @Column({ name: 'text_shown', type: 'text', nullable: true })
  textShown: string | null;
  @Field(() => String, { nullable: true, description: 'The lawful basis an import declared' })
  @Column({ name: 'lawful_basis', type: 'text', nullable: true })
  lawfulBasis: string | null;
  @Field(() => ID, { nullable: true, description: 'The staff user who recorded it' })
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;
  @Field(() => String, { nullable: true, description: 'Keyed hash of the client address (public sign-ups, one-click)' })
  @Column({ name: 'ip_hash', type: 'text', nullable: true })
  ipHash: string | null;
  @Field(() => ID, { nullable: true }) @Column({ name: 'import_id', type: 'uuid', nullable: true }) importId:
    string | null;
  @Field(() => ID, { nullable: true }) @Column({ name: 'mailing_id', type: 'uuid', nullable: true }) mailingId:
    string | null;
}
