import { MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMES = ['isrc', 'iswc', 'isbn', 'url'];

/**
 * A work identifier (ISRC, ISWC, ISBN) or URL names one work in the whole registry, no longer one
 * per managing organization: two organizations publishing contradicting TDM signals for the same
 * recording or page made both worthless (security review). The values are stored normalized, so
 * a plain unique index on each column applies the identifiers' own normalization.
 *
 * Existing duplicates across organizations are refused with a list, not kept: a kept duplicate
 * keeps publishing the contradicting signals this rule exists to stop, and which organization
 * really holds a work is for people to decide, not a migration. The message says how to resolve.
 */
export class RegistryUniqueIdentifiers1765001000000 implements MigrationInterface {
  name = 'RegistryUniqueIdentifiers1765001000000';

  async up(q: QueryRunner): Promise<void> {
    // No write may slip in between the check and the new indexes.
    await q.query(`LOCK TABLE registry_works IN SHARE MODE`);
    const duplicates: { scheme: string; value: string }[] = await q.query(`
      SELECT v.scheme, v.value
      FROM registry_works w CROSS JOIN LATERAL (VALUES ${SCHEMES.map((s) => `('${s}', w.${s})`).join(', ')}) v(scheme, value)
      WHERE v.value IS NOT NULL
      GROUP BY 1, 2 HAVING count(*) > 1
      ORDER BY 1, 2`);
    if (duplicates.length) {
      const shown = duplicates.slice(0, 20).map((d) => `${d.scheme} ${d.value}`);
      throw new Error(
        `${this.name}: ${duplicates.length} identifier(s) are registered by more than one organization ` +
          `(${shown.join(', ')}${duplicates.length > shown.length ? ', …' : ''}). An identifier now names one work ` +
          `in the whole registry: for each, delete the works that should not hold it or clear their identifier ` +
          `(updateWork), then migrate again. List the works with: SELECT organization_id, id, title, isrc, iswc, ` +
          `isbn, url FROM registry_works w WHERE EXISTS (SELECT 1 FROM registry_works o WHERE o.id <> w.id AND ` +
          `(o.isrc = w.isrc OR o.iswc = w.iswc OR o.isbn = w.isbn OR o.url = w.url)) ORDER BY isrc, iswc, isbn, url`,
      );
    }
    for (const column of SCHEMES) {
      // Same name as the per-organization index it replaces: WorksService maps the violation by it.
      await q.query(`DROP INDEX registry_works_${column}`);
      await q.query(
        `CREATE UNIQUE INDEX registry_works_${column} ON registry_works (${column}) WHERE ${column} IS NOT NULL`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const column of SCHEMES) {
      await q.query(`DROP INDEX registry_works_${column}`);
      await q.query(
        `CREATE UNIQUE INDEX registry_works_${column} ON registry_works (${column}, organization_id) WHERE ${column} IS NOT NULL`,
      );
    }
  }
}
