/**
 * When a job run deserves a desktop notification: when a job starts failing and when it
 * recovers, not on every failed run; rate-limited per job and overall; off per module.
 */

export interface RunOutcome {
  jobId: string;
  module: string;
  jobName: string;
  runId: number;
  status: 'succeeded' | 'failed' | 'timed-out' | 'cancelled';
  error: string | null;
  at: number;
}

export interface JobNotification {
  kind: 'failed' | 'recovered';
  title: string;
  body: string;
  jobId: string;
  runId: number;
}

export interface NotificationLimits {
  /** At most one notification per job within this time. */
  perJobIntervalMs: number;
  /** At most this many notifications in any hour, all jobs together. */
  maxPerHour: number;
}

export const DEFAULT_NOTIFICATION_LIMITS: NotificationLimits = { perJobIntervalMs: 10 * 60_000, maxPerHour: 10 };

export class NotificationPolicy {
  private readonly failing = new Map<string, boolean>();
  private readonly lastShownPerJob = new Map<string, number>();
  private shown: number[] = [];

  constructor(
    private readonly moduleEnabled: (module: string) => boolean,
    private readonly limits: NotificationLimits = DEFAULT_NOTIFICATION_LIMITS,
  ) {}

  /** Feeds one finished run; answers the notification to show, or null. */
  onRun(run: RunOutcome): JobNotification | null {
    if (run.status === 'cancelled') return null;
    const failed = run.status !== 'succeeded';
    const wasFailing = this.failing.get(run.jobId) ?? false;
    this.failing.set(run.jobId, failed);
    if (failed === wasFailing) return null;
    if (!this.moduleEnabled(run.module)) return null;
    const note: JobNotification = failed
      ? {
          kind: 'failed',
          title: `${run.jobName} failed`,
          body: run.status === 'timed-out' ? `It timed out. ${run.error ?? ''}`.trim() : (run.error ?? 'The run failed.'),
          jobId: run.jobId,
          runId: run.runId,
        }
      : { kind: 'recovered', title: `${run.jobName} works again`, body: 'The last run succeeded.', jobId: run.jobId, runId: run.runId };
    return this.admit(run, note);
  }

  private admit(run: RunOutcome, note: JobNotification): JobNotification | null {
    const last = this.lastShownPerJob.get(run.jobId);
    if (last !== undefined && run.at - last < this.limits.perJobIntervalMs) return null;
    this.shown = this.shown.filter((t) => run.at - t < 3_600_000);
    if (this.shown.length >= this.limits.maxPerHour) return null;
    this.shown.push(run.at);
    this.lastShownPerJob.set(run.jobId, run.at);
    return note;
  }
}
