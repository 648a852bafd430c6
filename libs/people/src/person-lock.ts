import { EntityManager } from 'typeorm';
import { EmailStatus } from './entities/person.entity';

/** What the GDPR operations read of a person they lock. */
export interface LockedPersonRow {
  id: string;
  email: string;
  first_name: string;
  last_name: string | null;
  phone: string | null;
  email_status: EmailStatus;
  erased_at: Date | null;
}

/** Locks these people's rows (in id order, so that two merges cannot deadlock) for the caller's transaction. */
export function lockPeopleForUpdate(manager: EntityManager, ids: string[]): Promise<LockedPersonRow[]> {
  return manager.query(
    `SELECT id, email, first_name, last_name, phone, email_status, erased_at FROM people WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
}
