import type { ReactNode } from 'react';
import type { JobView, RunDetail } from '../../../../shared/core-api';
import { useAppStore } from '../../store/app-store';
import { AsyncView, SkeletonLines } from '../../ui/async-view';
import { formatClock, formatDateTime, formatDay, formatDuration } from '../../ui/format';
import { IconAlert, IconRefresh, IconStop } from '../../ui/icons';
import { LogTable } from '../logs-page';
import { attemptText, ProgressBar, RunStatusBadge, TRIGGER_LABEL } from './job-bits';
import { artifactsOf, RunArtifacts } from './run-artifacts';

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="run-facts__item">
      <dt className="run-facts__label">{label}</dt>
      <dd className="run-facts__value" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function CancelRun({ job, run }: { job: JobView; run: RunDetail }) {
  const busy = useAppStore((s) => s.jobBusy[job.id] === 'cancel');
  const cancelRun = useAppStore((s) => s.cancelRun);
  return (
    <button type="button" className="btn btn--secondary btn--small btn--danger-text" onClick={() => void cancelRun(job.id, run.id)} disabled={busy} data-testid="run-cancel">
      {busy ? <IconRefresh size={13} className="icon spin" /> : <IconStop size={13} />}
      {busy ? 'Cancelling…' : 'Cancel run'}
    </button>
  );
}

function RunBody({ job, run }: { job: JobView; run: RunDetail }) {
  const timeZone = useAppStore((s) => s.info.data?.timezone);
  const live = run.status === 'queued' || run.status === 'running';
  const artifacts = artifactsOf(run);
  return (
    <>
      <dl className="run-facts">
        <Fact label="Trigger" testId="run-trigger">
          {TRIGGER_LABEL[run.trigger] ?? run.trigger}
        </Fact>
        <Fact label="Attempt" testId="run-attempt">
          {attemptText(run, job.retries, true)}
        </Fact>
        <Fact label={run.startedAt ? 'Started' : 'Queued'} testId="run-started">
          <time dateTime={run.startedAt ?? run.queuedAt} title={formatDateTime(run.startedAt ?? run.queuedAt, timeZone)}>
            {formatDay(run.startedAt ?? run.queuedAt, timeZone)}, {formatClock(run.startedAt ?? run.queuedAt, timeZone).slice(0, 8)}
          </time>
        </Fact>
        <Fact label="Duration" testId="run-duration">
          {run.durationMs !== null ? formatDuration(run.durationMs) : live ? 'Still running' : '—'}
        </Fact>
      </dl>
      {live && (
        <div className="run-detail__progress">
          <ProgressBar fraction={run.status === 'running' ? run.progress : null} testId="run-progress" />
        </div>
      )}
      {run.error && (
        <div className="module-error run-detail__error" role="status" data-testid="run-error">
          <IconAlert size={15} className="icon module-error__icon" />
          <div className="module-error__text">{run.error}</div>
        </div>
      )}
      <h3 className="subheading run-detail__heading">
        Log <span className="tabs__count">{run.logs.length}</span>
      </h3>
      <div className="run-log" data-testid="run-log">
        {run.logs.length === 0 ? (
          <p className="muted run-detail__none" data-testid="run-log-empty">
            {live ? 'No lines yet: they appear here as the run writes them.' : 'This run wrote no log lines.'}
          </p>
        ) : (
          <LogTable entries={run.logs} timeZone={timeZone} showModule={false} />
        )}
      </div>
      <h3 className="subheading run-detail__heading">
        Artifacts <span className="tabs__count">{artifacts.length}</span>
      </h3>
      <RunArtifacts run={run} artifacts={artifacts} />
    </>
  );
}

/** One run: when and how it ran, its error, its log lines and its artifacts. */
export function RunDetailPanel({ job, runId, pinned }: { job: JobView; runId: number; pinned: boolean }) {
  const detail = useAppStore((s) => (s.runDetailId === runId ? s.runDetail : null));
  const loadRunDetail = useAppStore((s) => s.loadRunDetail);
  const state = detail ?? { data: null, loading: true, error: null };
  const run = state.data;
  return (
    <section className="card card--flush run-detail" aria-labelledby="run-detail-title" data-testid="run-detail" data-run-id={runId} data-status={run?.status}>
      <div className="card__header">
        <h2 className="card__title" id="run-detail-title">
          Run #{runId}
        </h2>
        {run && <RunStatusBadge status={run.status} testId="run-status" />}
        {!pinned && <span className="muted run-detail__latest">Latest run</span>}
        <span className="card__header-action">{run && (run.status === 'queued' || run.status === 'running') && <CancelRun job={job} run={run} />}</span>
      </div>
      <div className="run-detail__body">
        <AsyncView state={state} what={`run #${runId}`} onRetry={() => void loadRunDetail(runId)} skeleton={<SkeletonLines lines={6} />}>
          {(data) => (data.jobId === job.id ? <RunBody job={job} run={data} /> : <p className="muted">Run #{runId} belongs to the job {data.jobId}.</p>)}
        </AsyncView>
      </div>
    </section>
  );
}
