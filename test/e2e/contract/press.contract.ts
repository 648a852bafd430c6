/**
 * Contract names implemented by the press and outreach areas (issue 4). PressRelease.campaign
 * (type Campaign) and OutreachTask.person (type Person) are wired once the CRM area is merged;
 * every other field of those two types is listed here.
 */
export const pressContract = [
  'DateTime', 'PressReleaseStatus', 'Outlet', 'PressContact', 'PressList', 'PublicPressRelease',
  'PressRelease.id', 'PressRelease.title', 'PressRelease.body', 'PressRelease.status', 'PressRelease.organizations',
  'PressRelease.embargoUntil', 'PressRelease.publishedAt', 'PressRelease.pressLists',
  'CreatePressContactInput', 'CreatePressReleaseInput', 'UpdatePressReleaseInput',
  'Query.pressContacts', 'Query.pressLists', 'Query.pressRelease', 'Query.publishedPressReleases',
  'Mutation.createPressContact', 'Mutation.createPressList', 'Mutation.createPressRelease', 'Mutation.updatePressRelease',
  'Mutation.submitPressRelease', 'Mutation.approvePressRelease', 'Mutation.schedulePressRelease', 'Mutation.cancelPressRelease',
  'TaskKind', 'TaskStatus', 'OutreachTaskEdge', 'OutreachTaskConnection', 'CreateOutreachTaskInput',
  'OutreachTask.id', 'OutreachTask.kind', 'OutreachTask.title', 'OutreachTask.status', 'OutreachTask.dueAt', 'OutreachTask.assignee',
  'OutreachTask.organization', 'OutreachTask.pressContact', 'OutreachTask.outcome',
  'Query.outreachTasks', 'Mutation.createOutreachTask', 'Mutation.completeOutreachTask',
];
