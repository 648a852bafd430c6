/**
 * Every entity name an audit event may carry: the name of the audited table. Entity changes
 * recorded by the subscriber use the entity's table; raw writers (set-based SQL) name the same
 * table through AuditService.record, so the trail of one table is found under one name.
 */
export const AUDIT_ENTITIES = [
  'users',
  'password_resets',
  'organizations',
  'people',
  'memberships',
  'campaigns',
  'signatures',
  'commitments',
  'outlets',
  'press_contacts',
  'press_lists',
  'press_releases',
  'outreach_tasks',
  'mailings',
  'import_jobs',
  'registry_works',
  'registry_reservations',
] as const;

export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export function isAuditEntity(name: string): name is AuditEntity {
  return (AUDIT_ENTITIES as readonly string[]).includes(name);
}
