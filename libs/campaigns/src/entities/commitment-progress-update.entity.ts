import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The log of manual progress updates of a commitment (append-only, so not audited twice). */
@Entity('commitment_progress_updates')
@ObjectType('CommitmentProgressUpdate')
export class CommitmentProgressUpdate {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Column({ name: 'commitment_id', type: 'uuid' }) commitmentId: string;
  @Field(() => Int) @Column({ type: 'integer' }) progress: number;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true }) actorUserId: string | null;
  @Field(() => Date) @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
