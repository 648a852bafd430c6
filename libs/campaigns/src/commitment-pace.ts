import { CommitmentStatus } from './entities/commitment.entity';

const DAY_MS = 24 * 3600 * 1000;

export interface PaceInput {
  status: CommitmentStatus;
  target: number | null;
  dueAt: Date | null;
  createdAt: Date;
  progress: number;
}

/**
 * At risk: the pace since the commitment was made (progress per day, at least one day counted)
 * will not reach the target by the due date, or the due date passed unmet. Commitments without
 * a target or due date, met or withdrawn ones are never at risk; missed ones always are.
 */
export function isAtRisk(c: PaceInput, now: Date = new Date()): boolean {
  if (c.status === CommitmentStatus.MET || c.status === CommitmentStatus.WITHDRAWN) return false;
  if (c.status === CommitmentStatus.MISSED) return true;
  if (c.target === null || c.dueAt === null) return false;
  if (c.progress >= c.target) return false;
  if (now.getTime() >= c.dueAt.getTime()) return true;
  const elapsedDays = Math.max((now.getTime() - c.createdAt.getTime()) / DAY_MS, 1);
  const remainingDays = (c.dueAt.getTime() - now.getTime()) / DAY_MS;
  const projected = c.progress + (c.progress / elapsedDays) * remainingDays;
  return projected < c.target;
}

/**
 * The status a commitment shows: an open one (pledged or in progress) with a target whose due
 * date passed unmet is MISSED. Read, not stored: the row keeps its last status, so a later due
 * date (or the target reached late) shows it as it then is.
 */
export function statusAsOf(c: PaceInput, now: Date = new Date()): CommitmentStatus {
  const open = c.status === CommitmentStatus.PLEDGED || c.status === CommitmentStatus.IN_PROGRESS;
  const overdue = c.target !== null && c.dueAt !== null && now.getTime() >= c.dueAt.getTime();
  return open && overdue && c.progress < c.target! ? CommitmentStatus.MISSED : c.status;
}

/**
 * The status a commitment moves to when its progress changes: MET once the target is reached,
 * IN_PROGRESS once something happened (or when a met recruitment falls back below its target).
 * Withdrawn and missed commitments keep their status.
 */
export function statusAfterProgress(
  status: CommitmentStatus,
  progress: number,
  target: number | null,
): CommitmentStatus {
  if (status === CommitmentStatus.WITHDRAWN || status === CommitmentStatus.MISSED) return status;
  if (target !== null && progress >= target) return CommitmentStatus.MET;
  // Met by its target and the target raised (or the progress lowered): back in progress. Without
  // a target, MET was declared (markCommitmentMet) and stays.
  if (status === CommitmentStatus.MET) return target === null ? status : CommitmentStatus.IN_PROGRESS;
  return progress > 0 ? CommitmentStatus.IN_PROGRESS : status;
}
