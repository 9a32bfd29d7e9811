import type { AppEvent, Unsubscribe } from '../../shared/contract';
import type { CoreDb } from '../core/db/database';
import { getJob, getRun } from '../core/jobs/job-repository';
import { NotificationPolicy, type JobNotification, type NotificationLimits, type RunOutcome } from './notification-policy';

/**
 * Desktop notifications for job runs: each finished run goes through the notification policy
 * (a change from working to failing or back, rate-limited, per-module switch); what passes is
 * shown. A failed attempt that will be retried is not an outcome yet, so only the last attempt
 * of a run counts.
 */

export interface JobNotifierDeps {
  db: CoreDb;
  events: { subscribe(pattern: string, listener: (event: AppEvent) => void): Unsubscribe };
  /** The global switch and the module's own, read at each run. */
  enabledFor: (module: string) => boolean;
  show: (note: JobNotification) => void;
  now?: () => number;
  limits?: NotificationLimits;
}

const FINISHED = new Set(['succeeded', 'failed', 'timed-out', 'cancelled']);

/** The renderer route of a run: the Jobs page opened on that run. */
export function runRoute(jobId: string, runId: number): string {
  return `#/jobs/${jobId}/runs/${runId}`;
}

export function startJobNotifier({ db, events, enabledFor, show, now = Date.now, limits }: JobNotifierDeps): Unsubscribe {
  const policy = new NotificationPolicy(enabledFor, limits);
  return events.subscribe('core:job.run', (event) => {
    const { jobId, runId, status } = (event.payload ?? {}) as { jobId?: string; runId?: number; status?: string };
    if (typeof jobId !== 'string' || typeof runId !== 'number' || !status || !FINISHED.has(status)) return;
    const job = getJob(db, jobId);
    const run = getRun(db, runId);
    if (!job || !run) return;
    if ((run.status === 'failed' || run.status === 'timed-out') && run.attempt <= job.retries) return;
    const outcome: RunOutcome = {
      jobId,
      module: job.module,
      jobName: job.name,
      runId,
      status: run.status as RunOutcome['status'],
      error: run.error,
      at: now(),
    };
    const note = policy.onRun(outcome);
    if (note) show(note);
  });
}
