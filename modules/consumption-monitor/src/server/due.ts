/**
 * A run at :15 finds the previous read, taken at :00 plus the time it took, a few seconds short
 * of 15 minutes; within this much of its interval an endpoint counts as due.
 */
export const DUE_SLACK_MS = 120_000;

/** True when the endpoint's poll interval has passed since its last read attempt (or it was never read). */
export function isDue(pollInterval: number, lastAttempt: number | null, now: number): boolean {
  if (lastAttempt === null) return true;
  const interval = pollInterval * 60_000;
  return now - lastAttempt >= interval - Math.min(DUE_SLACK_MS, interval / 2);
}
