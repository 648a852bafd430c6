import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LawfulBasis } from '../upload/lawful-basis';

/** RECEIVING (upload streaming) → PENDING (staged, queued) → PROCESSING → DONE, or FAILED. */
export enum ImportStatus {
  RECEIVING = 'RECEIVING',
  PENDING = 'PENDING',
  PROCESSING = 'PROCESSING',
  DONE = 'DONE',
  FAILED = 'FAILED',
}

/**
 * One uploaded file. Counts are per data row: created + updated + failed = rows of the file once
 * DONE. `updated` counts rows merged into a person who already existed (in the database or
 * earlier in the same file), whether or not the row changed anything.
 */
@Entity('import_jobs')
@ObjectType('ImportJob')
export class ImportJob {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' })
  id: string;

  @Field(() => String) @Column({ type: 'text' }) status: ImportStatus;
  @Field(() => Int) @Column({ type: 'integer' }) created: number;
  @Field(() => Int) @Column({ type: 'integer' }) updated: number;
  @Field(() => Int) @Column({ type: 'integer' }) failed: number;

  /** Null only for imports made before bases were declared (migration 1765000500000). */
  @Field(() => LawfulBasis, { nullable: true })
  @Column({ name: 'lawful_basis', type: 'text', nullable: true })
  lawfulBasis: LawfulBasis | null;
  @Field(() => String, { nullable: true })
  @Column({ name: 'lawful_basis_note', type: 'text', nullable: true })
  lawfulBasisNote: string | null;

  @Column({ name: 'organization_id', type: 'uuid', nullable: true }) organizationId: string | null;
  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true }) createdByUserId: string | null;
  @Column({ name: 'total_rows', type: 'integer' }) totalRows: number;
  @Column({ type: 'smallint' }) partitions: number;
  @Column({ name: 'staged_rows', type: 'integer' }) stagedRows: number;
  @Column({ name: 'received_at', type: 'timestamptz', nullable: true }) receivedAt: Date | null;
  @Column({ type: 'text', nullable: true }) failure: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt: Date | null;
}

/** Why one row of a file was not imported. `row` is the CSV record number, the header being row 1. */
@Entity('import_row_errors')
@ObjectType('ImportRowError')
export class ImportRowError {
  @PrimaryColumn({ name: 'import_id', type: 'uuid' }) importId: string;
  @Field(() => Int) @PrimaryColumn({ name: 'row_number', type: 'integer' }) row: number;
  @Field() @Column({ type: 'text' }) message: string;
}

/** The staging table of one import (identifier derived from a generated uuid, so safe to inline). */
export function stagingTable(importId: string): string {
  return `import_staging."rows_${importId.replace(/-/g, '')}"`;
}
