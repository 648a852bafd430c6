import { ForbiddenError, InvalidTransitionError, Role } from '@chorus/core';
import { PressReleaseStatus as S } from './entities/press-release.entity';
import { assertMayApprove, mayReadUnpublished, nextStatus, ReleaseAction } from './press-release-workflow';

describe('press release workflow', () => {
  const all = Object.values(S);
  const valid: Record<ReleaseAction, Partial<Record<S, S>>> = {
    submit: { DRAFT: S.IN_REVIEW },
    approve: { IN_REVIEW: S.APPROVED },
    schedule: { APPROVED: S.SCHEDULED, SCHEDULED: S.SCHEDULED },
    cancel: { DRAFT: S.CANCELLED, IN_REVIEW: S.CANCELLED, APPROVED: S.CANCELLED, SCHEDULED: S.CANCELLED },
    edit: { DRAFT: S.DRAFT, IN_REVIEW: S.IN_REVIEW, APPROVED: S.IN_REVIEW, SCHEDULED: S.IN_REVIEW },
    publish: { SCHEDULED: S.PUBLISHED },
  };

  for (const [action, table] of Object.entries(valid) as [ReleaseAction, Partial<Record<S, S>>][]) {
    for (const from of all) {
      const to = table[from];
      it(`${action} from ${from} → ${to ?? 'CONFLICT'}`, () => {
        if (to) expect(nextStatus(action, from)).toBe(to);
        else {
          expect(() => nextStatus(action, from)).toThrow(InvalidTransitionError);
          expect(() => nextStatus(action, from)).toThrow(new RegExp(`is ${from}$`));
        }
      });
    }
  }

  it('lets only a coalition admin who is not the author approve', () => {
    const admin = { userId: 'a', role: Role.COALITION_ADMIN, organizationId: null };
    expect(() => assertMayApprove(admin, 'someone-else')).not.toThrow();
    expect(() => assertMayApprove(admin, 'a')).toThrow(ForbiddenError);
    expect(() => assertMayApprove({ userId: 'p', role: Role.PRESS_OFFICER, organizationId: null }, 'x')).toThrow(
      ForbiddenError,
    );
  });

  it('hides unpublished releases from the public and from union staff', () => {
    expect(mayReadUnpublished(undefined, 'a')).toBe(false);
    expect(mayReadUnpublished({ userId: 's', role: Role.ORG_STAFF, organizationId: 'o' }, 'a')).toBe(false);
    expect(mayReadUnpublished({ userId: 'a', role: Role.ORG_STAFF, organizationId: 'o' }, 'a')).toBe(true);
    expect(mayReadUnpublished({ userId: 'p', role: Role.PRESS_OFFICER, organizationId: null }, 'a')).toBe(true);
  });
});
