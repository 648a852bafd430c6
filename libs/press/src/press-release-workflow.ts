import { Actor, ForbiddenError, InvalidTransitionError, isAdmin } from '@chorus/core';
import { PressReleaseStatus as S } from './entities/press-release.entity';

export type ReleaseAction = 'submit' | 'approve' | 'schedule' | 'cancel' | 'edit' | 'publish';

/** From which states each action may start (the workflow of a press release). */
const allowedFrom: Record<ReleaseAction, S[]> = {
  submit: [S.DRAFT],
  approve: [S.IN_REVIEW],
  schedule: [S.APPROVED, S.SCHEDULED],
  cancel: [S.DRAFT, S.IN_REVIEW, S.APPROVED, S.SCHEDULED],
  edit: [S.DRAFT, S.IN_REVIEW, S.APPROVED, S.SCHEDULED],
  publish: [S.SCHEDULED],
};

/** The state a release is in after the action (edit of an approved release goes back to review). */
export function nextStatus(action: ReleaseAction, current: S): S {
  if (!allowedFrom[action].includes(current)) throw new InvalidTransitionError('press release', action, current);
  switch (action) {
    case 'submit':
      return S.IN_REVIEW;
    case 'approve':
      return S.APPROVED;
    case 'schedule':
      return S.SCHEDULED;
    case 'cancel':
      return S.CANCELLED;
    case 'edit':
      return current === S.APPROVED || current === S.SCHEDULED ? S.IN_REVIEW : current;
    case 'publish':
      return S.PUBLISHED;
  }
}

/** Only a coalition admin approves, and never a release they wrote. */
export function assertMayApprove(actor: Actor, authorUserId: string | null): void {
  if (!isAdmin(actor)) throw new ForbiddenError('Only a coalition admin may approve a press release');
  if (authorUserId === actor.userId) throw new ForbiddenError('The author of a press release cannot approve it');
}

/** Before publication, a release is seen only by its author, press officers and admins. */
export function mayReadUnpublished(actor: Actor | undefined, authorUserId: string | null): boolean {
  if (!actor) return false;
  return isAdmin(actor) || actor.role === 'PRESS_OFFICER' || actor.userId === authorUserId;
}

/** Who sees a release: a published one everyone, otherwise as `mayReadUnpublished` says. */
export function mayRead(actor: Actor | undefined, release: { status: S; authorUserId: string | null }): boolean {
  return release.status === S.PUBLISHED || mayReadUnpublished(actor, release.authorUserId);
}
