import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { IdentifierScheme } from '../identifiers/identifiers';

/** One published reservation as it applies to one work. */
export interface PublicReservationRow {
  work_id: string;
  title: string;
  kind: string;
  isrc: string | null;
  iswc: string | null;
  isbn: string | null;
  isni: string | null;
  url: string | null;
  organization_id: string;
  tdm_reserved: boolean;
  allow_ai_training: boolean;
  allow_generative_ai: boolean;
  allow_search_indexing: boolean;
  licensing_contact: string | null;
  policy_url: string | null;
  effective_from: string;
  status: string;
  updated_at: Date;
}

/**
 * The reservation that applies to each work `w`: its own public one if any, else the public
 * creator-wide one of its creator in the same organization. Only CONFIRMED or ATTESTED
 * reservations already in effect count.
 */
const APPLICABLE = `
  CROSS JOIN LATERAL (
    SELECT r.tdm_reserved, r.allow_ai_training, r.allow_generative_ai, r.allow_search_indexing, r.licensing_contact,
           r.policy_url, to_char(r.effective_from, 'YYYY-MM-DD') AS effective_from, r.status, greatest(r.updated_at, w.updated_at) AS updated_at
    FROM registry_reservations r
    WHERE (r.work_id = w.id OR (r.work_id IS NULL AND r.creator_person_id = w.creator_person_id AND r.organization_id = w.organization_id))
      AND r.status IN ('CONFIRMED', 'ATTESTED') AND r.effective_from <= current_date
    ORDER BY r.work_id IS NULL
    LIMIT 1
  ) r`;
const COLUMNS = `w.id AS work_id, w.title, w.kind, w.isrc, w.iswc, w.isbn, w.isni, w.url, w.organization_id, r.*`;

/** The lookup by one normalized identifier ($1): one equality on that identifier's index. */
export const lookupSql = (scheme: IdentifierScheme) =>
  `SELECT ${COLUMNS} FROM registry_works w ${APPLICABLE} WHERE w.${scheme} = $1 ORDER BY w.id LIMIT 100`;

/** The public reads of the registry (lookup, TDMRep, AI preferences, bulk export). */
@Injectable()
export class PublicRegistryQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One indexed equality on the normalized identifier. */
  byIdentifier(scheme: IdentifierScheme, value: string): Promise<PublicReservationRow[]> {
    return this.dataSource.query(lookupSql(scheme), [value]);
  }

  async byWork(workId: string): Promise<{ exists: boolean; row: PublicReservationRow | null }> {
    const rows: PublicReservationRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM registry_works w ${APPLICABLE} WHERE w.id = $1`,
      [workId],
    );
    if (rows.length) return { exists: true, row: rows[0] };
    const [work] = await this.dataSource.query(`SELECT 1 FROM registry_works WHERE id = $1`, [workId]);
    return { exists: Boolean(work), row: null };
  }

  /** Every work with a URL and a public reservation, optionally of one host. */
  withUrls(host?: string): Promise<PublicReservationRow[]> {
    const params = host ? [`https://${host}/`, `http://${host}/`] : [];
    const where = host
      ? `w.url IS NOT NULL AND (starts_with(w.url, $1) OR starts_with(w.url, $2))`
      : `w.url IS NOT NULL`;
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM registry_works w ${APPLICABLE} WHERE ${where} ORDER BY w.url, w.id`,
      params,
    );
  }

  /** A validator of the whole public registry: changes whenever a published row changes or goes. */
  async version(): Promise<string> {
    const [row] = await this.dataSource.query(`
      SELECT count(*) AS n, coalesce(max(extract(epoch FROM r.updated_at)), 0) AS latest,
             (SELECT count(*) FROM registry_works) AS works,
             (SELECT coalesce(max(extract(epoch FROM updated_at)), 0) FROM registry_works) AS works_latest,
             (SELECT count(*) FROM registry_reservations) AS reservations,
             (SELECT coalesce(max(extract(epoch FROM updated_at)), 0) FROM registry_reservations) AS reservations_latest,
             current_date AS today
      FROM registry_reservations r WHERE r.status IN ('CONFIRMED', 'ATTESTED')`);
    return Object.values(row as Record<string, unknown>)
      .map(String)
      .join(':');
  }

  /** Every work with a public reservation, in id order, in pages (the bulk export streams them). */
  async *all(pageSize = 5000): AsyncGenerator<PublicReservationRow[]> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: PublicReservationRow[] = await this.dataSource.query(
        `SELECT ${COLUMNS} FROM registry_works w ${APPLICABLE} WHERE w.id > $1 ORDER BY w.id LIMIT $2`,
        [after, pageSize],
      );
      if (rows.length) yield rows;
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1].work_id;
    }
  }
}
