import { registerSignatureScopeSql, SignatureScopeSql } from '@chorus/people';

/**
 * Whether signature `alias` counts: a PUBLIC sign-up only once the signer followed the
 * confirmation link (anyone can sign with someone else's email and name any recruiter).
 */
export const countedSignatureSql = (alias: string) => `(${alias}.channel <> 'PUBLIC' OR ${alias}.confirmed_at IS NOT NULL)`;

/** Counted, and a PUBLIC sign-up only where `publicMayOpen` (the caller's SQL condition) holds. */
const opensPerson = (alias: string, publicMayOpen?: string) =>
  publicMayOpen ? `(${countedSignatureSql(alias)} AND (${alias}.channel <> 'PUBLIC'\n     OR ${publicMayOpen}))` : countedSignatureSql(alias);

/**
 * The signature fragments of the people scope (which people an organization may see through the
 * signatures it recruited), owned here and registered with people, which cannot import campaigns.
 */
export const signatureScopeSql: SignatureScopeSql = {
  recruitedSignatureExists: (alias, personId, organizationId, publicMayOpen) =>
    `EXISTS (SELECT 1 FROM signatures ${alias} WHERE ${alias}.person_id = ${personId} AND ${alias}.recruited_by_organization_id = ${organizationId}
        AND ${opensPerson(alias, publicMayOpen)})`,
  recruitedPeople: (alias, organizationId, publicMayOpen) =>
    `SELECT ${alias}.person_id FROM signatures ${alias} WHERE ${alias}.recruited_by_organization_id = ${organizationId} AND ${opensPerson(alias, publicMayOpen)}`,
  signedCampaignExists: (alias, personId, campaignId) =>
    `EXISTS (SELECT 1 FROM signatures ${alias} WHERE ${alias}.person_id = ${personId} AND ${alias}.campaign_id = ${campaignId} AND ${alias}.verification <> 'REJECTED' AND ${countedSignatureSql(alias)})`,
  otherRecruitingOrganizations: (personId, organizationId) =>
    `SELECT recruited_by_organization_id FROM signatures WHERE person_id = ${personId} AND recruited_by_organization_id <> ${organizationId}`,
};

registerSignatureScopeSql(signatureScopeSql);
