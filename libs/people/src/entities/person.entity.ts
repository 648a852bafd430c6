import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Audited } from '@chorus/audit';

/** Email subscription status, as in OSDI. */
export enum EmailStatus {
  SUBSCRIBED = 'SUBSCRIBED',
  UNSUBSCRIBED = 'UNSUBSCRIBED',
  BOUNCING = 'BOUNCING',
  SPAM_COMPLAINT = 'SPAM_COMPLAINT',
}
registerEnumType(EmailStatus, { name: 'EmailStatus' });

/** A human in the CRM, one record per case-insensitive email, with the consent behind mailing them. */
@Audited()
@Entity('people')
@ObjectType('Person')
export class Person {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Field() @Column({ type: 'citext' }) email: string;
  @Field() @Column({ name: 'first_name', type: 'text' }) firstName: string;
  @Field(() => String, { nullable: true }) @Column({ name: 'last_name', type: 'text', nullable: true }) lastName:
    string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) phone: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code' })
  @Column({ type: 'text', nullable: true })
  country: string | null;
  @Field(() => [String], { description: 'e.g. actor, musician, writer' })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  disciplines: string[];
  @Field(() => [String]) @Column({ type: 'text', array: true, default: () => "'{}'" }) tags: string[];

  // Written only by the consent code (consent.sql.ts): never by an entity insert or save.
  @Field(() => EmailStatus)
  @Column({ name: 'email_status', type: 'text', default: EmailStatus.SUBSCRIBED, insert: false, update: false })
  emailStatus: EmailStatus;
  @Column({ name: 'email_status_changed_at', type: 'timestamptz', nullable: true }) emailStatusChangedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the person confirmed the address (double opt-in)' })
  @Column({ name: 'email_confirmed_at', type: 'timestamptz', nullable: true })
  emailConfirmedAt: Date | null;

  // The consent record behind the subscription: when, how, which text.
  @Field(() => Date, { nullable: true })
  @Column({ name: 'consent_at', type: 'timestamptz', nullable: true })
  consentAt: Date | null;
  @Field(() => String, { nullable: true, description: 'How consent was given: STAFF, PUBLIC_SIGNUP, IMPORT …' })
  @Column({ name: 'consent_source', type: 'text', nullable: true })
  consentSource: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'consent_text', type: 'text', nullable: true }) consentText:
    string | null;

  @Field(() => Date, { nullable: true, description: 'When the person was erased (GDPR): their personal data is gone' })
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt: Date | null;

  @Field(() => Date) @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()', onUpdate: 'now()' }) updatedAt: Date;

  /** Set on the stand-in `redactedPerson` returns (never stored). */
  redacted?: boolean;
}

/**
 * What a staffer sees of a person outside their scope through a signature their organization
 * recruited (a public sign-up naming them for another union's member): the id, no data.
 */
export function redactedPerson(id: string): Person {
  return Object.assign(new Person(), {
    id,
    email: '',
    firstName: '',
    lastName: null,
    phone: null,
    country: null,
    disciplines: [],
    tags: [],
    emailStatus: EmailStatus.SUBSCRIBED,
    emailStatusChangedAt: null,
    emailConfirmedAt: null,
    consentAt: null,
    consentSource: null,
    consentText: null,
    erasedAt: null,
    createdAt: new Date(0),
    redacted: true,
  });
}
