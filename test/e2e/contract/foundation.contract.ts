/** Contract names implemented by the foundation: types, and Query./Mutation. operations. */
export const foundationContract = [
  'Role',
  'PageInfo',
  'User',
  'AuthPayload',
  'CreateUserInput',
  'OrganizationKind',
  'CreateOrganizationInput',
  'Query.me',
  'Query.organizations',
  'Query.organization',
  'Mutation.login',
  'Mutation.createUser',
  'Mutation.rotateCalendarToken',
  'Mutation.createOrganization',
];
