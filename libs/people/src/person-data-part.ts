import { EntityManager } from 'typeorm';

/**
 * What an area holds about a person, for the GDPR operations (libs/privacy): each area that
 * keeps rows of a person exports one of these from its index, so that export, merge, erasure
 * and the activity timeline never write SQL over another area's tables.
 */
export interface PersonDataPart {
  /** The key of this part in exportPerson's document. */
  readonly key: string;
  /** Everything the area holds about the person, as plain rows. */
  export(manager: EntityManager, personId: string): Promise<unknown[]>;
  /** Merge: hands the person's rows to `toId` (rows `toId` already has an equivalent of are dropped). */
  moveTo(manager: EntityManager, fromId: string, toId: string): Promise<void>;
  /** Erasure: removes personal data (free text is scrubbed of `secrets`), keeping what counts rely on. */
  erase(manager: EntityManager, personId: string, secrets: string[]): Promise<void>;
  /**
   * Person.activity: a SELECT of (kind text, id text, occurred_at timestamptz, title text, detail
   * text) for person `$1`, limited to what organization `$2` may see ($2 NULL: an admin).
   */
  readonly activitySql?: string;
}
