/**
 * Which area owns each table (issue 15). Only the owning area's files name a table in SQL;
 * every other area goes through the owner's exported service or exported SQL fragments.
 * `table-ownership.spec.ts` enforces this over every file of every lib.
 */
export const TABLE_OWNERS = {
  users: 'auth',
  password_resets: 'auth',
  audit_events: 'audit',
  organizations: 'organizations',
  people: 'people',
  memberships: 'people',
  people_counts: 'people',
  consent_events: 'people',
  suppressed_emails: 'people',
  campaigns: 'campaigns',
  signatures: 'campaigns',
  commitments: 'campaigns',
  commitment_progress_updates: 'campaigns',
  outlets: 'press',
  press_contacts: 'press',
  press_lists: 'press',
  press_list_contacts: 'press',
  press_releases: 'press',
  press_release_lists: 'press',
  press_release_organizations: 'press',
  press_release_sends: 'press',
  outreach_tasks: 'outreach',
  outreach_digests: 'outreach',
  mailings: 'mailings',
  mailing_deliveries: 'mailings',
  import_jobs: 'imports',
  import_progress: 'imports',
  import_row_errors: 'imports',
  registry_works: 'registry',
  registry_reservations: 'registry',
} as const;

export type OwnedTable = keyof typeof TABLE_OWNERS;

/**
 * Libraries allowed to name any table: the demo seed writes every area's demo rows in one
 * transaction, and the migrations (in core) define the schema.
 */
export const TABLE_OWNERSHIP_EXEMPT = ['seed'] as const;
