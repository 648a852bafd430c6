import { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema of outreach tasks and reminders (issue 4). */
export class Outreach1764100300000 implements MigrationInterface {
  name = 'Outreach1764100300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outreach_tasks (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        kind text NOT NULL CHECK (kind IN ('CALL','EMAIL','MEETING','INTERVIEW','BRIEFING','FOLLOW_UP','OTHER')),
        title text NOT NULL,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','IN_PROGRESS','DONE','CANCELLED')),
        due_at timestamptz,
        assignee_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        organization_scope_id uuid REFERENCES organizations(id) ON DELETE SET NULL,
        person_id uuid REFERENCES people(id) ON DELETE SET NULL,
        organization_id uuid REFERENCES organizations(id) ON DELETE SET NULL,
        press_contact_id uuid REFERENCES press_contacts(id) ON DELETE SET NULL,
        outcome text,
        completed_at timestamptz,
        -- The reminder is claimed by setting this before it is mailed: it goes out once.
        reminder_sent_at timestamptz,
        -- QUEUE_PREFIX of the deployment that armed the reminder: its workers reconcile it.
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX outreach_tasks_assignee ON outreach_tasks (assignee_user_id, status, due_at)`);
    await q.query(
      `CREATE INDEX outreach_tasks_reminders ON outreach_tasks (due_at) WHERE reminder_sent_at IS NULL AND status IN ('OPEN','IN_PROGRESS')`,
    );
    // One digest per user and day, whatever the number of workers or retries.
    await q.query(`
      CREATE TABLE outreach_digests (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        day date NOT NULL,
        task_count int NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, day)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outreach_digests`);
    await q.query(`DROP TABLE outreach_tasks`);
  }
}
