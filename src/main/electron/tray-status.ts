import type { CollectionStatus } from './tray-model';

/** What the tray needs of a job row: the jobs table's columns. */
export interface JobStatusRow {
  enabled: boolean;
  lastRunAt: string | null;
  lastStatus: string | null;
}

const FAILED = new Set(['failed', 'timed-out']);

/**
 * The "last collection" of the tray: over the enabled jobs that ever ran, when the latest one
 * finished and how many ended well or badly on their last run. Cancelled runs count for neither.
 */
export function lastCollection(jobs: readonly JobStatusRow[]): CollectionStatus | null {
  let at: string | null = null;
  let ok = 0;
  let failed = 0;
  for (const job of jobs) {
    if (!job.enabled || !job.lastRunAt) continue;
    if (at === null || Date.parse(job.lastRunAt) > Date.parse(at)) at = job.lastRunAt;
    if (job.lastStatus === 'succeeded') ok++;
    else if (job.lastStatus !== null && FAILED.has(job.lastStatus)) failed++;
  }
  return at === null ? null : { at, ok, failed };
}
