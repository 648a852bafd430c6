import { TrimmedText } from '@chorus/core';

/**
 * How an organization name is stored and compared: trimmed, every run of whitespace one space
 * (" QA  Union " is "QA Union"), so that the unique index on lower(name) refuses near-duplicates.
 */
export function normalizeOrganizationName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/**
 * The same normalization in SQL, of the column `name` of the alias, for rows written before names
 * were normalized (the uniqueness check compares these, see the organization-names migration).
 */
export const normalizedOrganizationNameSql = (alias: string): string =>
  `regexp_replace(regexp_replace(${alias}.name, '^\\s+|\\s+$', '', 'g'), '\\s+', ' ', 'g')`;

/**
 * Input decorator: normalizes a name before validation. A whitespace-only value is left as it is,
 * so that the validation pipe refuses it as "must not be blank".
 */
export const NormalizedName = (): PropertyDecorator => TrimmedText(normalizeOrganizationName);
