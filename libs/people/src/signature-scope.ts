/**
 * The SQL of signatures the people area needs for its scope (issue 15: signatures belong to
 * campaigns, so people never names the table). Campaigns depends on people (signers are
 * people), so people cannot import campaigns' fragments: campaigns registers them here when
 * `@chorus/campaigns` loads, which every process does before it runs a query. Each function
 * takes SQL expressions (aliases, columns, parameters) and returns SQL text to inline.
 */
export interface SignatureScopeSql {
  /** EXISTS: `organizationId` recruited a counted signature `alias` of `personId`; a PUBLIC one also needs `publicMayOpen` (SQL) when given. */
  recruitedSignatureExists(alias: string, personId: string, organizationId: string, publicMayOpen?: string): string;
  /** SELECT of `alias.person_id`: the people whose counted signatures `organizationId` recruited (PUBLIC ones also need `publicMayOpen`). */
  recruitedPeople(alias: string, organizationId: string, publicMayOpen?: string): string;
  /** EXISTS: person `personId` signed campaign `campaignId` with a counted signature that was not rejected. */
  signedCampaignExists(alias: string, personId: string, campaignId: string): string;
  /** SELECT of `recruited_by_organization_id`: organizations other than `organizationId` that recruited a signature of `personId`. */
  otherRecruitingOrganizations(personId: string, organizationId: string): string;
}

let registered: SignatureScopeSql | null = null;

/** Called once by campaigns (`libs/campaigns/src/sql/signature-scope.sql.ts`). */
export function registerSignatureScopeSql(sql: SignatureScopeSql): void {
  registered = sql;
}

export function signatureScopeSql(): SignatureScopeSql {
  if (!registered)
    throw new Error(
      'The signature SQL of the people scope is registered by @chorus/campaigns: import it before querying people',
    );
  return registered;
}
