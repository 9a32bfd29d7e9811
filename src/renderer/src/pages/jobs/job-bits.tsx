import type { JobRunRecord, JobView } from '../../../../shared/core-api';
import { TERMINAL, type JobProgress, type RunStatus } from '../../store/jobs-slice';
import { formatDateTime, formatRelative } from '../../ui/format';

/** `/jobs/MODULE:JOB`, or one of its runs; a desktop notification links to the latter. */
export function jobPath(jobId: string, runId?: number | null): string {
  return runId ? `/jobs/${jobId}/runs/${runId}` : `/jobs/${jobId}`;
}

type Tone = 'success' | 'danger' | 'warning' | 'info' | 'neutral';

const STATUS: Record<RunStatus, { label: string; tone: Tone; live?: boolean }> = {
  queued: { label: 'Queued', tone: 'warning', live: true },
  running: { label: 'Running', tone: 'info', live: true },
  succeeded: { label: 'Succeeded', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
  'timed-out': { label: 'Timed out', tone: 'danger' },
};

export function statusLabel(status: string): string {
  return STATUS[status as RunStatus]?.label ?? status;
}

/** A run's status as a coloured badge; queued and running ones pulse. */
export function RunStatusBadge({ status, testId, retrying = false }: { status: string | null; testId?: string; retrying?: boolean }) {
  if (retrying) {
    return (
      <span className="badge badge--warning badge--dot" data-testid={testId} data-status="retrying" title="The last attempt failed; the next one starts after a short wait.">
        <span className="badge__dot badge__dot--pulse" />
        Retrying
      </span>
    );
  }
  if (!status) {
    return (
      <span className="badge badge--neutral badge--plain" data-testid={testId} data-status="none">
        Never run
      </span>
    );
  }
  const info = STATUS[status as RunStatus] ?? { label: status, tone: 'neutral' as const };
  return (
    <span className={`badge badge--${info.tone} badge--dot`} data-testid={testId} data-status={status}>
      <span className={`badge__dot${info.live ? ' badge__dot--pulse' : ''}`} />
      {info.label}
    </span>
  );
}

/** A bar for a fraction from 0 to 1; without one it moves to say "working". */
export function ProgressBar({ fraction, testId, large = false }: { fraction: number | null; testId?: string; large?: boolean }) {
  const known = fraction !== null && Number.isFinite(fraction);
  const percent = known ? Math.round(Math.max(0, Math.min(1, fraction)) * 100) : null;
  return (
    <div
      className={`progress${large ? ' progress--large' : ''}${known ? '' : ' progress--indeterminate'}`}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      data-testid={testId}
      data-fraction={known ? fraction : undefined}
    >
      <div className="progress__bar" style={known ? { width: `${percent}%` } : undefined} />
    </div>
  );
}

/** Relative time with the exact time beneath it, in the app's time zone. */
export function When({ iso, timeZone, now, testId }: { iso: string; timeZone: string | undefined; now: number; testId?: string }) {
  return (
    <div className="when" data-testid={testId}>
      <time className="when__relative" dateTime={iso} title={iso}>
        {formatRelative(iso, now)}
      </time>
      <span className="when__absolute">{formatDateTime(iso, timeZone)}</span>
    </div>
  );
}

/** The run a job has going now, if any, and whether it is waiting between attempts. */
export interface LiveRun {
  runId: number;
  status: RunStatus | null;
  retrying: boolean;
  progress: JobProgress | null;
}

export function liveRun(job: JobView, runStatus: Record<number, RunStatus>, progress: JobProgress | undefined): LiveRun | null {
  if (job.runningRunId === null) return null;
  const status = runStatus[job.runningRunId] ?? null;
  // The core keeps a failed attempt as the job's run until its retry is queued.
  const retrying = (status === 'failed' || status === 'timed-out') && job.retries > 0;
  if (status !== null && TERMINAL.includes(status) && !retrying) return null;
  return { runId: job.runningRunId, status, retrying, progress: progress?.runId === job.runningRunId ? progress : null };
}

/** Why a job has no next run, in a few words. */
export function noNextRunReason(job: JobView, allPaused: boolean): { text: string; tone: Tone } {
  if (job.moduleState !== 'ENABLED') return { text: 'Module not enabled', tone: 'neutral' };
  if (!job.schedule) return { text: 'Manual only', tone: 'neutral' };
  if (!job.enabled) return { text: 'Switched off', tone: 'neutral' };
  if (job.paused) return { text: 'Paused', tone: 'warning' };
  if (allPaused) return { text: 'All schedules paused', tone: 'warning' };
  return { text: 'Not scheduled', tone: 'neutral' };
}

/** Attempts a run may take in all: the first one and its retries. */
export function attemptText(run: Pick<JobRunRecord, 'attempt'>, retries: number | undefined, capital = false): string {
  const text = retries !== undefined && retries > 0 ? `attempt ${run.attempt} of ${retries + 1}` : `attempt ${run.attempt}`;
  return capital ? `A${text.slice(1)}` : text;
}

export const TRIGGER_LABEL: Record<JobRunRecord['trigger'], string> = {
  schedule: 'On schedule',
  manual: 'By hand',
  'catch-up': 'Catch-up',
  retry: 'Retry',
};
