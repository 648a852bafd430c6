import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@chorus/audit';
import { organizationNameSql } from '@chorus/organizations';
import {
  consentChangeSql,
  ConsentSource,
  EmailStatus,
  recipientPeopleSql,
  shownOrganizationIdSql,
  suppressedEmailSql,
} from '@chorus/people';
import { pressRecipientsSql } from '@chorus/press';
import { Audience, DeliveryStatus, MailingStats, MailingStatus } from './entities/mailing.entity';
import { compileAudience } from './audience/audience.query';

/** A claimed delivery with what rendering needs, read in the claim query itself. */
export interface ClaimedDelivery {
  id: string;
  status: DeliveryStatus.SENDING | DeliveryStatus.SUPPRESSED;
  attempts: number;
  personId: string | null;
  pressContactId: string | null;
  email: string;
  firstName: string | null;
  lastName: string | null;
  organization: string | null;
}

/** What happened to one message; QUEUED means "try again after retryMs". */
export interface DeliveryOutcome {
  id: string;
  /** The claim's attempt number: with claimed_by, it fences the outcome to that claim. */
  attempts: number;
  status:
    | DeliveryStatus.SENT
    | DeliveryStatus.BOUNCED
    | DeliveryStatus.FAILED
    | DeliveryStatus.QUEUED
    | DeliveryStatus.SUPPRESSED;
  error: string | null;
  retryMs: number;
  /** Never handed to SMTP (released or suppressed after the claim): the claim's attempt is given back. */
  refund: boolean;
}

/**
 * Every set-based statement of the send pipeline in one place. Each runs once per batch, never
 * once per recipient; PostgreSQL is the record of who got what. Recipients are read through
 * people's and press's exported derived tables (`pe`, `pc`), which PostgreSQL pulls up into
 * these statements: the plans are those of joining the tables themselves.
 */
// Bounced recipients become BOUNCING through the consent log (in the same statement).
const BOUNCES = consentChangeSql(
  'bounced',
  `SELECT person_id FROM upd WHERE upd.status = 'BOUNCED' AND upd.person_id IS NOT NULL`,
  {
    status: EmailStatus.BOUNCING,
    source: ConsentSource.MAIL_SYSTEM,
    rule: 'more-protective',
    mailingId: '$5',
  },
);

/**
 * The one suppression rule at send time, over `pe` and `pc`: a recipient gone from both is not
 * mailed either, and a press contact whose address is on the suppression list (its person erased
 * or opted out and moved) is not mailed as a press contact either.
 */
const SUPPRESSED = `CASE WHEN pe.id IS NOT NULL THEN pe.do_not_mail ELSE coalesce(pc.do_not_mail OR ${suppressedEmailSql('pc.email')}, true) END`;

/** A delivery's recipient: `pe` (a person) or `pc` (a press contact), whichever it names. */
const RECIPIENT_JOINS = `LEFT JOIN ${recipientPeopleSql()} pe ON pe.id = d.person_id
         LEFT JOIN ${pressRecipientsSql()} pc ON pc.id = d.press_contact_id`;

@Injectable()
export class DeliveriesQueries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** One INSERT … SELECT: a delivery per audience member; already-suppressed ones are marked so. */
  async materialize(
    manager: EntityManager,
    mailingId: string,
    audience: Audience,
    ownerOrganizationId: string | null,
  ): Promise<number> {
    const params: unknown[] = [mailingId];
    const audienceSql = compileAudience(audience, ownerOrganizationId, params);
    const rows = await manager.query(
      `WITH inserted AS (
         INSERT INTO mailing_deliveries (mailing_id, person_id, press_contact_id, status)
         SELECT $1, a.person_id, a.press_contact_id, CASE WHEN a.suppressed THEN 'SUPPRESSED' ELSE 'QUEUED' END
         FROM (${audienceSql}) a ORDER BY a.person_id, a.press_contact_id
         ON CONFLICT DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      params,
    );
    return rows[0].n;
  }

  /**
   * Atomically takes up to `limit` due deliveries of a SENDING mailing: queued ones and those
   * whose lease ran out (their worker died). Suppression is checked here, at send time: a
   * recipient who opted out since the mailing was queued becomes SUPPRESSED instead of SENDING.
   * `afterId` skips the part of the mailing already handed out, so that a claim does not wade
   * through the index entries of rows sent earlier (which would make a mailing quadratic).
   */
  async claim(
    mailingId: string,
    /** The organizations `{{organization}}` prefers: the owner's, or else those the audience names. */
    shownOrganizationIds: string[],
    limit: number,
    leaseSeconds: number,
    workerId: string,
    afterId = '0',
  ): Promise<ClaimedDelivery[]> {
    const [rows]: [ClaimedDelivery[], number] = await this.db.query(
      `WITH picked AS (
         SELECT d.id,
           coalesce(pe.email, pc.email)::text AS email,
           coalesce(pe.first_name, split_part(pc.name, ' ', 1)) AS first_name,
           CASE WHEN pe.id IS NOT NULL THEN pe.last_name ELSE nullif(btrim(substr(pc.name, length(split_part(pc.name, ' ', 1)) + 1)), '') END AS last_name,
           coalesce(${organizationNameSql(shownOrganizationIdSql('pe.id', '$5::uuid[]'))}, pc.outlet) AS organization,
           ${SUPPRESSED} AS suppressed
         FROM mailing_deliveries d
         ${RECIPIENT_JOINS}
         WHERE d.mailing_id = $1 AND d.id > $6 AND d.status IN ('QUEUED', 'SENDING')
           AND ((d.status = 'QUEUED' AND d.next_attempt_at <= now()) OR (d.status = 'SENDING' AND d.claimed_until < now()))
           AND EXISTS (SELECT 1 FROM mailings m WHERE m.id = $1 AND m.status = 'SENDING')
         ORDER BY d.id LIMIT $2
         FOR UPDATE OF d SKIP LOCKED)
       UPDATE mailing_deliveries d SET
         status = CASE WHEN p.suppressed THEN 'SUPPRESSED' ELSE 'SENDING' END,
         attempts = d.attempts + CASE WHEN p.suppressed THEN 0 ELSE 1 END,
         claimed_until = CASE WHEN p.suppressed THEN NULL ELSE now() + make_interval(secs => $3) END,
         claimed_by = $4
       FROM picked p WHERE d.id = p.id
       RETURNING d.id::text AS id, d.status, d.attempts, d.person_id AS "personId", d.press_contact_id AS "pressContactId",
         p.email, p.first_name AS "firstName", p.last_name AS "lastName", p.organization`,
      [mailingId, limit, leaseSeconds, workerId, shownOrganizationIds, afterId],
    );
    return rows;
  }

  /**
   * Keeps a batch claimed while it is being sent (a slow relay, a stalled connection): extends
   * the lease of the rows this claim still holds, so that no idle lane claims and re-sends them.
   */
  async extendLease(
    mailingId: string,
    claims: { id: string; attempts: number }[],
    leaseSeconds: number,
    workerId: string,
  ): Promise<void> {
    if (claims.length === 0) return;
    // The lanes are alive too (a batch held while the relay is down): the reconciler must not add lanes.
    await this.db.query(
      `WITH touched AS (UPDATE mailings SET lanes_seen_at = now() WHERE id = $5 RETURNING 1)
       UPDATE mailing_deliveries d SET claimed_until = now() + make_interval(secs => $3)
       FROM unnest($1::bigint[], $2::int[]) AS c(id, attempts)
       WHERE d.id = c.id AND d.status = 'SENDING' AND d.claimed_by = $4 AND d.attempts = c.attempts`,
      [claims.map((c) => c.id), claims.map((c) => c.attempts), leaseSeconds, workerId, mailingId],
    );
  }

  /**
   * What a lane re-checks in the middle of a batch, in one round trip: is the mailing still
   * SENDING, and which of these claimed deliveries' recipients must not be mailed any more
   * (the same suppression rule as the claim's).
   */
  async batchTruth(
    mailingId: string,
    deliveryIds: string[],
  ): Promise<{ mailingSending: boolean; suppressed: string[] }> {
    const rows = await this.db.query(
      `SELECT coalesce((SELECT status = 'SENDING' FROM mailings WHERE id = $1), false) AS sending,
         coalesce((SELECT array_agg(d.id::text) FROM mailing_deliveries d
           ${RECIPIENT_JOINS}
           WHERE d.id = ANY($2::bigint[]) AND ${SUPPRESSED}), '{}') AS suppressed`,
      [mailingId, deliveryIds],
    );
    return { mailingSending: rows[0].sending, suppressed: rows[0].suppressed };
  }

  /**
   * Records a batch's outcomes in one statement; bounces mark their people BOUNCING. Fenced on
   * the claim (claimed_by and attempts): a row claimed again since is not overwritten by this
   * late outcome. In a mailing cancelled meanwhile, a retry or a released row (QUEUED) becomes
   * CANCELLED (keeping the last SMTP error, if any): nothing will send it, and it did not fail.
   * The mailing row is read FOR KEY SHARE first, so that a cancel holding it is waited for and
   * seen (KEY SHARE does not conflict with other lanes' lanes_seen_at update).
   * Each bounced person's consent change gets its audit event in the same transaction (bounces
   * are rare: one insert each).
   */
  async record(
    mailingId: string,
    workerId: string,
    outcomes: DeliveryOutcome[],
  ): Promise<{ recorded: number; bouncedPeople: string[] }> {
    if (outcomes.length === 0) return { recorded: 0, bouncedPeople: [] };
    return this.db.transaction(async (manager) => {
      const [row] = await manager.query(
        `WITH mailing AS (SELECT status = 'CANCELLED' AS cancelled FROM mailings WHERE id = $5 FOR KEY SHARE),
         outcome AS (
           SELECT o.id, o.attempts, o.retry_ms,
             CASE WHEN o.status = 'QUEUED' AND m.cancelled THEN 'CANCELLED' ELSE o.status END AS status,
             o.error, o.refund
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $7::int[], $8::int[]) AS o(id, status, error, retry_ms, attempts, refund), mailing m),
         upd AS (
           UPDATE mailing_deliveries d SET status = o.status, error = o.error, claimed_until = NULL, attempts = d.attempts - o.refund,
             sent_at = CASE WHEN o.status = 'SENT' THEN now() ELSE d.sent_at END,
             next_attempt_at = CASE WHEN o.status = 'QUEUED' THEN now() + o.retry_ms * interval '1 millisecond' ELSE d.next_attempt_at END
           FROM outcome o WHERE d.id = o.id AND d.status = 'SENDING' AND d.claimed_by = $6 AND d.attempts = o.attempts
           RETURNING d.person_id, d.status),
         ${BOUNCES},
         touched AS (UPDATE mailings SET lanes_seen_at = now() WHERE id = $5 RETURNING 1)
         SELECT (SELECT count(*) FROM upd)::int AS recorded, (SELECT coalesce(array_agg(id::text), '{}') FROM bounced) AS bounced`,
        [
          outcomes.map((o) => o.id),
          outcomes.map((o) => o.status),
          outcomes.map((o) => o.error),
          outcomes.map((o) => o.retryMs),
          mailingId,
          workerId,
          outcomes.map((o) => o.attempts),
          outcomes.map((o) => (o.refund ? 1 : 0)),
        ],
      );
      const bouncedPeople: string[] = row.bounced;
      await this.audit.recordMany(
        bouncedPeople.map((personId) => ({
          entity: 'people' as const,
          entityId: personId,
          action: 'bounce',
          changes: {
            before: { emailStatus: EmailStatus.SUBSCRIBED },
            after: { emailStatus: EmailStatus.BOUNCING },
            source: ConsentSource.MAIL_SYSTEM,
            mailingId,
          },
        })),
        manager,
      );
      return { recorded: row.recorded, bouncedPeople };
    });
  }

  /** When the next delivery becomes claimable (a retry or an expired lease); null when none is left. */
  async nextDueAt(mailingId: string): Promise<Date | null> {
    const rows = await this.db.query(
      `SELECT min(CASE WHEN status = 'QUEUED' THEN next_attempt_at ELSE claimed_until END) AS next
       FROM mailing_deliveries WHERE mailing_id = $1 AND status IN ('QUEUED', 'SENDING')`,
      [mailingId],
    );
    return rows[0].next;
  }

  /** Marks the mailing SENT once no delivery is left unfinished, with its audit event (the worker is the actor). */
  async finishIfDone(mailingId: string): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      const [rows]: [{ finishedAt: Date }[], number] = await manager.query(
        `UPDATE mailings SET status = 'SENT', finished_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'SENDING'
           AND NOT EXISTS (SELECT 1 FROM mailing_deliveries WHERE mailing_id = $1 AND status IN ('QUEUED', 'SENDING'))
         RETURNING finished_at AS "finishedAt"`,
        [mailingId],
      );
      if (rows.length === 0) return false;
      // The same shape as the entity subscriber's events, so that the mailing's trail reads as one.
      await this.audit.record(
        {
          entity: 'mailings',
          entityId: mailingId,
          action: 'update',
          changes: {
            before: { status: MailingStatus.SENDING },
            after: { status: MailingStatus.SENT, finishedAt: rows[0].finishedAt },
          },
        },
        manager,
      );
      return true;
    });
  }

  /**
   * Tells the reconciler that this mailing's lanes are alive until `until`. `lanes_seen_at` is a
   * heartbeat, not a state of the mailing (no entity field, no API): its writes here, in
   * extendLease, record and the reconciler are not audited (they would add an event per batch).
   */
  async touchLanes(mailingId: string, until: Date): Promise<void> {
    await this.db.query(`UPDATE mailings SET lanes_seen_at = greatest(coalesce(lanes_seen_at, $2), $2) WHERE id = $1`, [
      mailingId,
      until,
    ]);
  }

  /**
   * Cancelling gives up on every delivery not yet handed to a lane (or abandoned by one): CANCELLED,
   * not FAILED (nothing went wrong with these recipients); `error` keeps a retry's last SMTP error.
   */
  async abandon(manager: EntityManager, mailingId: string): Promise<void> {
    await manager.query(
      `UPDATE mailing_deliveries SET status = 'CANCELLED', claimed_until = NULL
       WHERE mailing_id = $1 AND (status = 'QUEUED' OR (status = 'SENDING' AND claimed_until < now()))`,
      [mailingId],
    );
  }

  /**
   * The rest of the cancel clean-up: rows still leased at cancel time whose worker died never
   * get an outcome; once their lease runs out they are CANCELLED too (run by the reconciler).
   */
  async abandonExpired(): Promise<number> {
    const [, count]: [unknown, number] = await this.db.query(
      `UPDATE mailing_deliveries d SET status = 'CANCELLED', claimed_until = NULL
       FROM mailings m
       WHERE m.status = 'CANCELLED' AND d.mailing_id = m.id AND d.status = 'SENDING' AND d.claimed_until < now()`,
    );
    return count;
  }

  async stats(mailingIds: readonly string[]): Promise<Map<string, MailingStats>> {
    const rows: { mailing_id: string; status: DeliveryStatus; n: number }[] = await this.db.query(
      `SELECT mailing_id, status, count(*)::int AS n FROM mailing_deliveries WHERE mailing_id = ANY($1::uuid[]) GROUP BY mailing_id, status`,
      [mailingIds],
    );
    const result = new Map<string, MailingStats>();
    for (const id of mailingIds)
      result.set(id, { recipients: 0, queued: 0, sent: 0, failed: 0, suppressed: 0, bounced: 0, cancelled: 0 });
    for (const row of rows) {
      const stats = result.get(row.mailing_id)!;
      stats.recipients += row.n;
      if (row.status === DeliveryStatus.QUEUED || row.status === DeliveryStatus.SENDING) stats.queued += row.n;
      else stats[row.status.toLowerCase() as 'sent' | 'failed' | 'suppressed' | 'bounced' | 'cancelled'] += row.n;
    }
    return result;
  }

  async statusOf(mailingId: string, email: string): Promise<DeliveryStatus | null> {
    const rows = await this.db.query(
      `SELECT d.status FROM mailing_deliveries d
       ${RECIPIENT_JOINS}
       WHERE d.mailing_id = $1 AND (pe.email = $2::citext OR pc.email = $2::citext) LIMIT 1`,
      [mailingId, email],
    );
    return rows[0]?.status ?? null;
  }
}
