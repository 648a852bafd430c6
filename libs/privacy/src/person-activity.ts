import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import {
  Actor,
  BadInputError,
  Connection,
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  isAdmin,
  MAX_PAGE_SIZE,
  Paginated,
  toConnection,
} from '@chorus/core';
import { PersonDataPart } from '@chorus/people';
import { PERSON_DATA_PARTS } from './person-data-parts';

export enum ActivityKind {
  SIGNATURE = 'SIGNATURE',
  MAILING = 'MAILING',
  TASK = 'TASK',
  CONSENT = 'CONSENT',
}
registerEnumType(ActivityKind, { name: 'ActivityKind' });

/** One entry of Person.activity: what happened, when, and the id of the thing it is about. */
@ObjectType('ActivityItem')
export class ActivityItem {
  @Field(() => ActivityKind) kind: ActivityKind;
  @Field(() => ID, { description: 'Id of the signature, mailing, task or consent event' }) id: string;
  @Field(() => Date) occurredAt: Date;
  @Field() title: string;
  @Field(() => String, {
    nullable: true,
    description: 'Status of the signature, delivery or task; the consent text shown',
  })
  detail: string | null;
  /** The exact sort value (microseconds) for the cursor. */
  sortKey: string;
}

@ObjectType()
export class ActivityConnection extends Paginated(ActivityItem, 'ActivityItem') {}

/**
 * Person.activity: signatures, mailings received, outreach tasks and consent events, newest
 * first, as one keyset-paginated UNION of what each area contributes (`activitySql`).
 */
@Injectable()
export class PersonActivityService {
  private readonly union: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PERSON_DATA_PARTS) parts: PersonDataPart[],
  ) {
    this.union = parts
      .filter((p) => p.activitySql)
      .map((p) => `(${p.activitySql})`)
      .join(' UNION ALL ');
  }

  async list(
    actor: Actor,
    personId: string,
    args: { first?: number; after?: string },
  ): Promise<Connection<ActivityItem>> {
    const first = Math.min(args.first ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const params: unknown[] = [personId, isAdmin(actor) ? null : actor.organizationId];
    let after = '';
    if (args.after) {
      const [at, kind, id] = decodeCursor(args.after, 3);
      if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof kind !== 'string' || typeof id !== 'string')
        throw new BadInputError({ after: 'is not a cursor of this list' });
      params.push(at, kind, id);
      after = `WHERE (a.occurred_at, a.kind, a.id) < ($3::timestamptz, $4::text, $5::text)`;
    }
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT a.kind, a.id, a.occurred_at AS "occurredAt", a.occurred_at::text AS "sortKey", a.title, a.detail
         FROM (${this.union}) a ${after} ORDER BY a.occurred_at DESC, a.kind DESC, a.id DESC LIMIT ${first + 1}`,
        params,
      ) as Promise<ActivityItem[]>,
      this.dataSource.query(`SELECT count(*)::int AS total FROM (${this.union}) a`, params.slice(0, 2)),
    ]);
    return toConnection(rows, first, total, (row) => [row.sortKey, row.kind, row.id]);
  }
}
