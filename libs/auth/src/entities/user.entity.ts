import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Role } from '@chorus/core';
import { Audited } from '@chorus/audit';

/** A staff user who signs in: coalition admin, union staff or press officer. */
@Audited({ exclude: ['passwordHash', 'calendarToken'] })
@Entity('users')
@ObjectType('User')
export class User {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Field() @Column({ type: 'citext' }) email: string;
  @Field() @Column({ type: 'text' }) name: string;
  @Field(() => Role) @Column({ type: 'text' }) role: Role;
  @Column({ name: 'organization_id', type: 'uuid', nullable: true }) organizationId: string | null;
  @Column({ name: 'password_hash', type: 'text' }) passwordHash: string;
  @Column({ name: 'calendar_token', type: 'text' }) calendarToken: string;
  /** Set when the user was deactivated: they can no longer sign in and their tokens stop working. */
  @Field(() => Date, { nullable: true })
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;
  /** In every access token; bumped on a password change or reset and on deactivation, which revokes older tokens. */
  @Column({ name: 'token_version', type: 'integer', default: 0 }) tokenVersion: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()', onUpdate: 'now()' }) updatedAt: Date;
}
