/** Contract names implemented by the press and outreach areas (issue 4). */
export const pressContract = [
  'DateTime', 'PressReleaseStatus', 'Outlet', 'PressContact', 'PressList', 'PublicPressRelease',
  'PressRelease',
  'CreatePressContactInput', 'CreatePressReleaseInput', 'UpdatePressReleaseInput',
  'Query.pressContacts', 'Query.pressLists', 'Query.pressRelease', 'Query.publishedPressReleases',
  'Mutation.createPressContact', 'Mutation.createPressList', 'Mutation.createPressRelease', 'Mutation.updatePressRelease',
  'Mutation.submitPressRelease', 'Mutation.approvePressRelease', 'Mutation.schedulePressRelease', 'Mutation.cancelPressRelease',
  'TaskKind', 'TaskStatus', 'OutreachTaskEdge', 'OutreachTaskConnection', 'CreateOutreachTaskInput',
  'OutreachTask',
  'Query.outreachTasks', 'Mutation.createOutreachTask', 'Mutation.completeOutreachTask',
];
