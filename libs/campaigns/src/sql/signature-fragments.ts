import { SignatureChannel, SignatureVerification } from '../entities/signature.entity';

/**
 * The rule for a countable signature (issue 15: one copy): a PUBLIC sign-up counts only once the
 * signer followed the confirmation link (anyone can sign with someone else's email and name any
 * recruiter). `countableSignatureSql` is the rule in SQL for signature alias `alias`;
 * `isCountableSignature` the same rule for a loaded signature.
 */
export const countableSignatureSql = (alias: string): string =>
  `(${alias}.channel <> '${SignatureChannel.PUBLIC}' OR ${alias}.confirmed_at IS NOT NULL)`;

export const isCountableSignature = (signature: { channel: SignatureChannel; confirmedAt: Date | null }): boolean =>
  signature.channel !== SignatureChannel.PUBLIC || signature.confirmedAt !== null;

/**
 * Whether the person (an SQL expression) has a countable, not rejected signature on the campaign
 * (an SQL expression); with `verifiedOnly`, a verified one. For set-based callers (mailing audiences).
 */
export const signedCampaignSql = (
  personId: string,
  campaignId: string,
  options: { verifiedOnly?: boolean | null } = {},
): string =>
  `EXISTS (SELECT 1 FROM signatures s WHERE s.person_id = ${personId} AND s.campaign_id = ${campaignId}
     AND ${options.verifiedOnly ? `s.verification = '${SignatureVerification.VERIFIED}'` : `s.verification <> '${SignatureVerification.REJECTED}'`}
     AND ${countableSignatureSql('s')})`;
