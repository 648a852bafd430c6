import { EntityManager } from 'typeorm';

/**
 * Erasure of a person from the audit trail: the events about the person's own row lose their
 * payload (they keep who did what, when); every other event that mentions the person (by id or
 * by one of `secrets`: email, name, phone) has those values replaced by "[erased]".
 */
export async function eraseFromAuditTrail(
  manager: EntityManager,
  entity: string,
  entityId: string,
  secrets: string[],
): Promise<void> {
  await manager.query(
    `UPDATE audit_events SET changes = '{"erased": true}'::jsonb WHERE entity = $1 AND entity_id = $2`,
    [entity, entityId],
  );
  await redactInAuditTrail(manager, secrets, [entityId], { entity, entityId });
}

/**
 * Replaces `secrets` by "[erased]" in every audit payload that holds one (or mentions one of
 * `alsoMentioning`), except the events of `except`'s row: for personal data kept on rows that
 * stay (a creator's ISNI on a work that remains published).
 */
export async function redactInAuditTrail(
  manager: EntityManager,
  secrets: string[],
  alsoMentioning: string[] = [],
  except: { entity: string; entityId: string } = { entity: '', entityId: '' },
): Promise<void> {
  if (secrets.length === 0) return;
  const patterns = [...alsoMentioning, ...secrets].map((s) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  await manager.query(
    `UPDATE audit_events SET changes = chorus_redact_jsonb(changes, $1::text[])
     WHERE NOT (entity = $3 AND entity_id::text = $4) AND changes::text ILIKE ANY($2::text[])`,
    [secrets, patterns, except.entity, except.entityId],
  );
}
