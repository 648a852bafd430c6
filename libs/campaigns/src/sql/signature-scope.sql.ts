import { registerSignatureScopeSql, SignatureScopeSql } from '@chorus/people';
import { countableSignatureSql } from './signature-fragments';

/** Counted, and a PUBLIC sign-up only where `publicMayOpen` (the caller's SQL condition) holds. */
const opensPerson = (alias: string, publicMayOpen?: string) =>
  publicMayOpen
    ? `(${countableSignatureSql(alias)} AND (${alias}.channel <> 'PUBLIC'\n     OR ${publicMayOpen}))`
    : countableSignatureSql(alias);

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
    `EXISTS (SELECT 1 FROM signatures ${alias} WHERE ${alias}.person_id = ${personId} AND ${alias}.campaign_id = ${campaignId} AND ${alias}.verification <> 'REJECTED' AND ${countableSignatureSql(alias)})`,
  otherRecruitingOrganizations: (personId, organizationId) =>
    `SELECT recruited_by_organization_id FROM signatures WHERE person_id = ${personId} AND recruited_by_organization_id <> ${organizationId}`,
};

registerSignatureScopeSql(signatureScopeSql);
