import { Link } from 'react-router';
import type { JobView } from '../../../../shared/core-api';
import { useAppStore } from '../../store/app-store';
import { formatDateTime, formatRelative } from '../../ui/format';
import { IconChevronRight, IconPackage } from '../../ui/icons';
import { ModuleStateBadge } from '../../ui/module-state';
import { JobActions } from './job-actions';
import { jobPath, liveRun, noNextRunReason, ProgressBar, RunStatusBadge, When, type LiveRun } from './job-bits';

interface RowContext {
  timeZone: string | undefined;
  now: number;
  allPaused: boolean;
}

/** The schedule in words, with the cron expression and time zone beneath it. */
export function ScheduleText({ job, timeZone, testId }: { job: JobView; timeZone: string | undefined; testId?: string }) {
  return (
    <div className="schedule-text" data-testid={testId}>
      <span className="schedule-text__words">
        {job.scheduleText}
        {job.scheduleOverride && (
          <span className="tag tag--small" title={`The module's schedule is ${job.scheduleDefault ?? 'manual only'}`}>
            custom
          </span>
        )}
      </span>
      {job.schedule && (
        <span className="schedule-text__cron">
          <span className="mono">{job.schedule}</span> · {timeZone ?? job.timezone}
        </span>
      )}
    </div>
  );
}

export function NextRun({ job, ctx, testId }: { job: JobView; ctx: RowContext; testId?: string }) {
  if (job.nextRunAt) return <When iso={job.nextRunAt} timeZone={ctx.timeZone} now={ctx.now} testId={testId} />;
  const reason = noNextRunReason(job, ctx.allPaused);
  return (
    <div className="when" data-testid={testId} data-none={reason.text}>
      {reason.tone === 'warning' ? (
        <span className="badge badge--warning badge--plain">{reason.text}</span>
      ) : (
        <span className="when__none" title={reason.text === 'Manual only' ? 'Runs only when started by hand' : undefined}>
          {reason.text === 'Manual only' ? '—' : reason.text}
        </span>
      )}
    </div>
  );
}

/** What the job is doing now (progress of a run) or how its last run went. */
export function JobStatus({ job, live, ctx, testId }: { job: JobView; live: LiveRun | null; ctx: RowContext; testId: string }) {
  if (live) {
    const fraction = live.progress?.fraction ?? null;
    return (
      <div className="job-live" data-testid={testId} data-live="true">
        <div className="job-live__head">
          <RunStatusBadge status={live.status ?? 'queued'} retrying={live.retrying} testId={`${testId}-badge`} />
          {fraction !== null && <span className="job-live__percent">{Math.round(fraction * 100)}%</span>}
        </div>
        {!live.retrying && <ProgressBar fraction={live.status === 'running' ? fraction : null} testId={`job-progress-${job.id}`} />}
        {live.progress?.message && (
          <div className="job-live__message" title={live.progress.message} data-testid={`job-progress-message-${job.id}`}>
            {live.progress.message}
          </div>
        )}
      </div>
    );
  }
  return (
    <div className="job-last" data-testid={testId} data-live="false">
      <RunStatusBadge status={job.lastStatus} testId={`${testId}-badge`} />
      {job.lastRunAt && (
        <time className="job-last__when" dateTime={job.lastRunAt} title={formatDateTime(job.lastRunAt, ctx.timeZone)}>
          {formatRelative(job.lastRunAt, ctx.now)}
        </time>
      )}
    </div>
  );
}

function JobRow({ job, ctx }: { job: JobView; ctx: RowContext }) {
  const runStatus = useAppStore((s) => s.runStatus);
  const progress = useAppStore((s) => s.jobProgress[job.id]);
  const live = liveRun(job, runStatus, progress);
  return (
    <tr data-testid={`job-row-${job.id}`} data-job={job.id} className={live ? 'job-row job-row--live' : 'job-row'}>
      <td>
        <div className="job-name">
          <Link className="job-name__link" to={jobPath(job.id)} data-testid={`job-link-${job.id}`}>
            {job.name}
          </Link>
        </div>
        {job.description && <div className="job-name__description">{job.description}</div>}
      </td>
      <td>
        <ScheduleText job={job} timeZone={ctx.timeZone} testId={`job-schedule-${job.id}`} />
      </td>
      <td>
        <NextRun job={job} ctx={ctx} testId={`job-next-${job.id}`} />
      </td>
      <td>
        <JobStatus job={job} live={live} ctx={ctx} testId={`job-status-${job.id}`} />
      </td>
      <td className="job-row__actions">
        <JobActions job={job} live={live} compact />
        <Link className="icon-btn job-row__more" to={jobPath(job.id)} aria-label={`Details of ${job.name}`} title="Runs, schedule and config" data-testid={`job-details-${job.id}`}>
          <IconChevronRight size={16} />
        </Link>
      </td>
    </tr>
  );
}

/** One module's jobs, in a card of their own. */
export function JobGroup({ module, jobs, ctx }: { module: string; jobs: JobView[]; ctx: RowContext }) {
  const state = jobs[0]?.moduleState ?? 'ENABLED';
  const displayName = useAppStore((s) => s.modules.data?.find((m) => m.name === module)?.displayName);
  return (
    <section className="card card--flush" aria-labelledby={`jobs-of-${module}`} data-testid={`job-group-${module}`}>
      <div className="card__header">
        <span className={`job-group__icon${state === 'ENABLED' ? ' job-group__icon--on' : ''}`}>
          <IconPackage size={15} />
        </span>
        <h2 className="card__title" id={`jobs-of-${module}`}>
          {displayName ?? module}
        </h2>
        {displayName && <span className="mono job-group__name">{module}</span>}
        {state !== 'ENABLED' && <ModuleStateBadge state={state} />}
        <span className="count">{jobs.length}</span>
        <Link className="link card__header-action" to={`/modules/${module}`}>
          Module details
        </Link>
      </div>
      <div className="table-wrap">
        <table className="table jobs-table">
          <colgroup>
            <col className="jobs-table__col-job" />
            <col className="jobs-table__col-schedule" />
            <col className="jobs-table__col-next" />
            <col className="jobs-table__col-status" />
            <col className="jobs-table__col-actions" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Schedule</th>
              <th scope="col">Next run</th>
              <th scope="col">Last run</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <JobRow key={job.id} job={job} ctx={ctx} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export type { RowContext };
