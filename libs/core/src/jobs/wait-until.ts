import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Resolves at `instantMs` (epoch ms), never before it: jobs that must act at an exact time
 * (embargo lifts, reminders) are fired a little early by the queue and wait here. Sleeps in
 * steps of at most a second so that a clock adjustment is noticed.
 */
export async function waitUntil(instantMs: number): Promise<void> {
  for (let wait = instantMs - Date.now(); wait > 0; wait = instantMs - Date.now()) await sleep(Math.min(wait, 1000));
}
