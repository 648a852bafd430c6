import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Audited } from '@chorus/audit';

/**
 * One requested password reset. The emailed link carries this id and an HMAC of it (nothing
 * secret is stored); it works once, before `expiresAt`. `sentAt` lets the worker re-send what
 * Redis lost.
 */
@Audited()
@Entity('password_resets')
export class PasswordReset {
  @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true }) usedAt: Date | null;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
