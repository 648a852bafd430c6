/** Contract names implemented by the mailings area. */
export const mailingsContract = [
  'MailingStatus',
  'DeliveryStatus',
  'MailingStats',
  'Mailing',
  'AudienceInput',
  'CreateMailingInput',
  'DateTime',
  'Query.mailing',
  'Mutation.createMailing',
  'Mutation.sendMailing',
  'Mutation.pauseMailing',
  'Mutation.resumeMailing',
  'Mutation.cancelMailing',
];
