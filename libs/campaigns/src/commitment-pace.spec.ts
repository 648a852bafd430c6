import { CommitmentStatus } from './entities/commitment.entity';
import { isAtRisk, statusAfterProgress, statusAsOf } from './commitment-pace';

const day = 24 * 3600 * 1000;
const now = new Date('2026-06-01T00:00:00Z');
const base = {
  status: CommitmentStatus.IN_PROGRESS,
  target: 100,
  createdAt: new Date(now.getTime() - 10 * day),
  dueAt: new Date(now.getTime() + 10 * day),
  progress: 50,
};

describe('isAtRisk', () => {
  it('is false when the pace reaches the target by the due date', () => {
    expect(isAtRisk(base, now)).toBe(false); // 5/day for 10 more days = 100
  });
  it('is true when the pace falls short', () => {
    expect(isAtRisk({ ...base, progress: 40 }, now)).toBe(true); // 4/day → 80
  });
  it('is true once the due date passed unmet, false when met', () => {
    expect(isAtRisk({ ...base, dueAt: new Date(now.getTime() - day) }, now)).toBe(true);
    expect(isAtRisk({ ...base, dueAt: new Date(now.getTime() - day), progress: 100 }, now)).toBe(false);
  });
  it('is never at risk without target or due date, or when met or withdrawn; always when missed', () => {
    expect(isAtRisk({ ...base, target: null, progress: 0 }, now)).toBe(false);
    expect(isAtRisk({ ...base, dueAt: null, progress: 0 }, now)).toBe(false);
    expect(isAtRisk({ ...base, status: CommitmentStatus.MET, progress: 0 }, now)).toBe(false);
    expect(isAtRisk({ ...base, status: CommitmentStatus.WITHDRAWN, progress: 0 }, now)).toBe(false);
    expect(isAtRisk({ ...base, status: CommitmentStatus.MISSED }, now)).toBe(true);
  });
  it('counts at least one day of elapsed time for a brand-new commitment', () => {
    const fresh = {
      ...base,
      createdAt: new Date(now.getTime() - 3600 * 1000),
      dueAt: new Date(now.getTime() + 9 * day),
      target: 10,
    };
    expect(isAtRisk({ ...fresh, progress: 1 }, now)).toBe(false); // 1/day × 9 more days = 10
    expect(isAtRisk({ ...fresh, progress: 0 }, now)).toBe(true);
  });
});

describe('statusAfterProgress', () => {
  it('moves to MET at the target and to IN_PROGRESS below it', () => {
    expect(statusAfterProgress(CommitmentStatus.PLEDGED, 0, 10)).toBe(CommitmentStatus.PLEDGED);
    expect(statusAfterProgress(CommitmentStatus.PLEDGED, 3, 10)).toBe(CommitmentStatus.IN_PROGRESS);
    expect(statusAfterProgress(CommitmentStatus.IN_PROGRESS, 10, 10)).toBe(CommitmentStatus.MET);
    expect(statusAfterProgress(CommitmentStatus.MET, 9, 10)).toBe(CommitmentStatus.IN_PROGRESS);
    expect(statusAfterProgress(CommitmentStatus.WITHDRAWN, 10, 10)).toBe(CommitmentStatus.WITHDRAWN);
  });
  it('keeps a declared MET of a commitment without a target', () => {
    expect(statusAfterProgress(CommitmentStatus.MET, 5, null)).toBe(CommitmentStatus.MET);
    expect(statusAfterProgress(CommitmentStatus.IN_PROGRESS, 5, null)).toBe(CommitmentStatus.IN_PROGRESS);
  });
});

describe('statusAsOf', () => {
  const overdue = { ...base, dueAt: new Date(now.getTime() - day) };
  it('shows an open commitment whose due date passed unmet as MISSED', () => {
    expect(statusAsOf(overdue, now)).toBe(CommitmentStatus.MISSED);
    expect(statusAsOf({ ...overdue, status: CommitmentStatus.PLEDGED, progress: 0 }, now)).toBe(
      CommitmentStatus.MISSED,
    );
  });
  it('keeps the stored status before the due date, once met, withdrawn, or without a target', () => {
    expect(statusAsOf(base, now)).toBe(CommitmentStatus.IN_PROGRESS);
    expect(statusAsOf({ ...overdue, progress: 100 }, now)).toBe(CommitmentStatus.IN_PROGRESS);
    expect(statusAsOf({ ...overdue, status: CommitmentStatus.MET }, now)).toBe(CommitmentStatus.MET);
    expect(statusAsOf({ ...overdue, status: CommitmentStatus.WITHDRAWN }, now)).toBe(CommitmentStatus.WITHDRAWN);
    expect(statusAsOf({ ...overdue, target: null }, now)).toBe(CommitmentStatus.IN_PROGRESS);
  });
});
