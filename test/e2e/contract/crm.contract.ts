/** Contract names implemented by the CRM area (issue 3). */
export const crmContract = [
  'DateTime', 'MembershipRole', 'EmailStatus', 'CampaignStatus', 'SignatureVerification', 'CommitmentKind', 'CommitmentStatus',
  'Organization', 'OrganizationEdge', 'OrganizationConnection',
  'Membership', 'Person', 'PersonEdge', 'PersonConnection',
  'Campaign', 'CampaignEdge', 'CampaignConnection', 'Signature', 'PublicSignatory', 'PublicSignatoryConnection',
  'Commitment', 'CommitmentSummary', 'CoalitionDashboard',
  'PersonFilter', 'CreatePersonInput', 'AddMembershipInput', 'CreateCampaignInput', 'RecordSignatureInput', 'SignCampaignInput', 'CreateCommitmentInput',
  'Query.people', 'Query.person', 'Query.campaigns', 'Query.campaign', 'Query.commitments', 'Query.coalitionDashboard', 'Query.publicSignatories',
  'Mutation.createPerson', 'Mutation.addMembership', 'Mutation.createCampaign', 'Mutation.activateCampaign', 'Mutation.recordSignature',
  'Mutation.verifySignature', 'Mutation.rejectSignature', 'Mutation.signCampaign', 'Mutation.createCommitment',
];
