import { useEffect } from 'react';
import { Link } from 'react-router';
import type { JobRunRecord, JobView } from '../../../../shared/core-api';
import { useAppStore } from '../../store/app-store';
import { RUN_HISTORY_LIMIT } from '../../store/runs-slice';
import { AsyncView, SkeletonLines } from '../../ui/async-view';
import { formatClock, formatDay, formatDuration } from '../../ui/format';
import { IconList } from '../../ui/icons';
import { attemptText, jobPath, RunStatusBadge, TRIGGER_LABEL } from './job-bits';
import { RunDetailPanel } from './run-detail';

function startedText(run: JobRunRecord, timeZone: string | undefined, today: string): string {
  const at = run.startedAt ?? run.queuedAt;
  const day = formatDay(at, timeZone);
  const clock = formatClock(at, timeZone).slice(0, 8);
  return day === today ? clock : `${day}, ${clock}`;
}

function RunItem({ run, job, selected, timeZone, today }: { run: JobRunRecord; job: JobView; selected: boolean; timeZone: string | undefined; today: string }) {
  const live = run.status === 'queued' || run.status === 'running';
  return (
    <li>
      <Link
        className={`run-item${selected ? ' run-item--selected' : ''}`}
        to={jobPath(job.id, run.id)}
        aria-current={selected ? 'true' : undefined}
        data-testid="run-item"
        data-run-id={run.id}
        data-status={run.status}
        data-attempt={run.attempt}
        data-trigger={run.trigger}
      >
        <div className="run-item__top">
          <RunStatusBadge status={run.status} />
          <span className="run-item__id">#{run.id}</span>
          <span className="run-item__duration">
            {run.durationMs !== null ? formatDuration(run.durationMs) : live && run.progress !== null ? `${Math.round(run.progress * 100)}%` : ''}
          </span>
        </div>
        <div className="run-item__meta">
          <span data-testid="run-item-trigger">{TRIGGER_LABEL[run.trigger] ?? run.trigger}</span>
          <span aria-hidden="true">·</span>
          <span data-testid="run-item-attempt">{attemptText(run, job.retries)}</span>
          <span aria-hidden="true">·</span>
          <time dateTime={run.startedAt ?? run.queuedAt} title={run.startedAt ? 'Started' : 'Queued; not started yet'}>
            {startedText(run, timeZone, today)}
          </time>
        </div>
        {run.error && (
          <div className="run-item__error" title={run.error} data-testid="run-item-error">
            {run.error}
          </div>
        )}
      </Link>
    </li>
  );
}

function NoRuns({ job }: { job: JobView }) {
  return (
    <div className="empty-state" data-testid="runs-none">
      <div className="empty-state__icon">
        <IconList size={22} />
      </div>
      <div className="empty-state__title">No runs yet</div>
      <p className="empty-state__text">
        {job.nextRunAt ? 'Its first run appears here when it starts, ' : 'Runs appear here as they start; '}
        or start one now with Run now.
      </p>
    </div>
  );
}

/** Runs newest first on the left; the chosen one (else the newest) with its log and artifacts on the right. */
export function RunHistory({ job, runId }: { job: JobView; runId: number | null }) {
  const runs = useAppStore((s) => (s.runsJobId === job.id ? s.runs : null));
  const loadRuns = useAppStore((s) => s.loadRuns);
  const loadRunDetail = useAppStore((s) => s.loadRunDetail);
  const timeZone = useAppStore((s) => s.info.data?.timezone);
  useEffect(() => {
    void loadRuns(job.id);
  }, [loadRuns, job.id]);
  const state = runs ?? { data: null, loading: true, error: null };
  const selected = runId ?? state.data?.[0]?.id ?? null;
  useEffect(() => {
    if (selected !== null) void loadRunDetail(selected);
  }, [loadRunDetail, selected]);
  const today = formatDay(new Date().toISOString(), timeZone);
  return (
    <div className="run-history">
      <section className="card card--flush run-list" aria-labelledby="run-list-title" data-testid="run-list">
        <div className="card__header">
          <h2 className="card__title" id="run-list-title">
            Runs
          </h2>
          {state.data && <span className="count">{state.data.length}</span>}
          <span className="muted card__header-note">Newest first</span>
        </div>
        <AsyncView state={state} what="the run history" onRetry={() => void loadRuns(job.id)} skeleton={<SkeletonLines lines={5} />}>
          {(list) =>
            list.length === 0 ? (
              <NoRuns job={job} />
            ) : (
              <ul className="run-items">
                {list.map((run) => (
                  <RunItem key={run.id} run={run} job={job} selected={run.id === selected} timeZone={timeZone} today={today} />
                ))}
              </ul>
            )
          }
        </AsyncView>
        {state.data && state.data.length >= RUN_HISTORY_LIMIT && <div className="card__footer muted">The latest {RUN_HISTORY_LIMIT} runs.</div>}
      </section>
      {selected !== null ? (
        <RunDetailPanel job={job} runId={selected} pinned={runId !== null} />
      ) : (
        state.data && (
          <section className="card run-detail run-detail--empty">
            <p className="muted">A run’s log lines, screenshots and saved pages show here.</p>
          </section>
        )
      )}
    </div>
  );
}
