import { EntityManager } from 'typeorm';

/**
 * Erasure of a person from the audit trail: the events about the erased rows (`entityIds` of
 * `entity`: the person, their memberships) lose their payload (they keep who did what, when);
 * every other event that mentions one of them (by id or by one of `secrets`: email, name, phone,
 * member number) has those values replaced by "[erased]".
 */
export async function eraseFromAuditTrail(
  manager: EntityManager,
  entity: string,
  entityIds: string[],
  secrets: string[],
): Promise<void> {
  if (entityIds.length === 0) return;
  await manager.query(
    `UPDATE audit_events SET changes = '{"erased": true}'::jsonb WHERE entity = $1 AND entity_id = ANY($2::text[])`,
    [entity, entityIds],
  );
  // The rows' own events now hold nothing to redact.
  await redactInAuditTrail(manager, secrets, entityIds);
}

/**
 * Replaces `secrets` by "[erased]" in every audit payload that holds one (or mentions one of
 * `alsoMentioning`): for personal data kept on rows that stay (a creator's ISNI on a work that
 * remains published).
 */
export async function redactInAuditTrail(
  manager: EntityManager,
  secrets: string[],
  alsoMentioning: string[] = [],
): Promise<void> {
  if (secrets.length === 0) return;
  const patterns = [...alsoMentioning, ...secrets].map((s) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  await manager.query(
    `UPDATE audit_events SET changes = chorus_redact_jsonb(changes, $1::text[]) WHERE changes::text ILIKE ANY($2::text[])`,
    [secrets, patterns],
  );
}
