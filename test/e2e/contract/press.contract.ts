/**
 * Contract names implemented by the press area. PressRelease.campaign (type Campaign) is wired
 * once the campaigns area is merged; every other PressRelease field is listed here.
 */
export const pressContract = [
  'DateTime', 'PressReleaseStatus', 'Outlet', 'PressContact', 'PressList', 'PublicPressRelease',
  'PressRelease.id', 'PressRelease.title', 'PressRelease.body', 'PressRelease.status', 'PressRelease.organizations',
  'PressRelease.embargoUntil', 'PressRelease.publishedAt', 'PressRelease.pressLists',
  'CreatePressContactInput', 'CreatePressReleaseInput', 'UpdatePressReleaseInput',
  'Query.pressContacts', 'Query.pressLists', 'Query.pressRelease', 'Query.publishedPressReleases',
  'Mutation.createPressContact', 'Mutation.createPressList', 'Mutation.createPressRelease', 'Mutation.updatePressRelease',
  'Mutation.submitPressRelease', 'Mutation.approvePressRelease', 'Mutation.schedulePressRelease', 'Mutation.cancelPressRelease',
];
