import { useEffect, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { JobView } from '../../../../shared/core-api';
import { useAppStore } from '../../store/app-store';
import { AsyncView, SkeletonLines } from '../../ui/async-view';
import { formatDuration } from '../../ui/format';
import { IconArrowLeft, IconCalendarClock, IconClock, IconRefresh, IconSliders } from '../../ui/icons';
import { ModuleStateBadge } from '../../ui/module-state';
import { RefreshButton } from '../../ui/page-header';
import { Tabs, type TabItem } from '../../ui/tabs';
import { useNow } from '../../ui/use-now';
import { JobActions } from './job-actions';
import { liveRun, ProgressBar, RunStatusBadge, When, type LiveRun } from './job-bits';
import { JobConfigForm } from './job-config-form';
import { JobScheduleForm } from './job-schedule-form';
import { NextRun, ScheduleText } from './job-table';
import { PausedBanner } from './jobs-page';
import { RunHistory } from './run-history';

type TabKey = 'runs' | 'schedule' | 'config';
const TAB_KEYS: readonly TabKey[] = ['runs', 'schedule', 'config'];

function Stat({ icon, label, children, testId }: { icon: ReactNode; label: string; children: ReactNode; testId: string }) {
  return (
    <div className="stat card job-stat" data-testid={testId}>
      <div className="stat__head">
        <span className="stat__icon">{icon}</span>
        <span className="stat__label">{label}</span>
      </div>
      <div className="job-stat__body">{children}</div>
    </div>
  );
}

/** `10 min`, `90 s`: a limit reads better whole than as a measured duration. */
function limitText(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return formatDuration(ms);
}

function retriesText(retries: number): string {
  return retries === 0 ? 'No retries' : retries === 1 ? '1 retry on failure' : `${retries} retries on failure`;
}

/** The running run of this job, large: its progress, its message, and a way to stop it. */
function LivePanel({ job, live }: { job: JobView; live: LiveRun }) {
  const fraction = live.progress?.fraction ?? null;
  const text = live.retrying
    ? 'The last attempt failed; the next one starts after a short wait.'
    : live.progress?.message ?? (live.status === 'running' ? 'Working…' : 'Waiting for a free slot…');
  return (
    <section className="card job-live-panel" data-testid="job-live-panel" data-run-id={live.runId}>
      <div className="job-live-panel__head">
        <RunStatusBadge status={live.status ?? 'queued'} retrying={live.retrying} testId="job-live-status" />
        <span className="job-live-panel__title">Run #{live.runId}</span>
        <span className="job-live-panel__message" data-testid="job-live-message">
          {text}
        </span>
        {fraction !== null && <span className="job-live-panel__percent">{Math.round(fraction * 100)}%</span>}
      </div>
      {!live.retrying && <ProgressBar fraction={live.status === 'running' ? fraction : null} large testId="job-live-progress" />}
      <span className="visually-hidden">{job.name} is running</span>
    </section>
  );
}

function Details({ job, refresh, runId }: { job: JobView; refresh: ReactNode; runId: number | null }) {
  const [search, setSearch] = useSearchParams();
  const timeZone = useAppStore((s) => s.info.data?.timezone);
  const allPaused = useAppStore((s) => s.jobsPaused.data === true);
  const runStatus = useAppStore((s) => s.runStatus);
  const progress = useAppStore((s) => s.jobProgress[job.id]);
  const runCount = useAppStore((s) => (s.runsJobId === job.id ? s.runs.data?.length : undefined));
  const now = useNow();
  const live = liveRun(job, runStatus, progress);
  const requested = search.get('tab');
  const tab: TabKey = TAB_KEYS.includes(requested as TabKey) ? (requested as TabKey) : 'runs';
  const fields = Object.keys(job.configFields).length;
  const tabs: TabItem<TabKey>[] = [
    { key: 'runs', label: <>Run history {runCount !== undefined && <span className="tabs__count">{runCount}</span>}</> },
    { key: 'schedule', label: 'Schedule' },
    { key: 'config', label: <>Config {fields > 0 && <span className="tabs__count">{fields}</span>}</> },
  ];
  const ctx = { timeZone, now, allPaused };
  return (
    <>
      <div className="module-head">
        <span className={`module-row__icon module-head__icon${job.moduleState === 'ENABLED' ? ' module-row__icon--on' : ''}`}>
          <IconCalendarClock size={24} />
        </span>
        <div className="module-head__main">
          <div className="module-head__title">
            <h1 className="page-header__title" data-testid="job-detail-title">
              {job.name}
            </h1>
            {live ? null : <RunStatusBadge status={job.lastStatus} testId="job-detail-status" />}
            {!job.enabled && <span className="tag">Switched off</span>}
            {job.paused && <span className="tag tag--warning">Paused</span>}
          </div>
          <div className="module-row__meta">
            <span className="mono" data-testid="job-detail-id">
              {job.id}
            </span>
            <span aria-hidden="true">·</span>
            <span>
              from <Link className="link" to={`/modules/${job.module}`}>{job.module}</Link>
            </span>
            {job.moduleState !== 'ENABLED' && <ModuleStateBadge state={job.moduleState} />}
          </div>
        </div>
        <div className="module-head__actions">
          {refresh}
          <JobActions job={job} live={live} />
        </div>
      </div>
      {job.description && (
        <p className="lead-text job-description" data-testid="job-description">
          {job.description}
        </p>
      )}
      <div className="stack">
        <PausedBanner action />
        {live && <LivePanel job={job} live={live} />}
        <div className="stats job-stats">
          <Stat icon={<IconCalendarClock size={15} />} label="Schedule" testId="job-stat-schedule">
            <ScheduleText job={job} timeZone={timeZone} testId="job-detail-schedule" />
          </Stat>
          <Stat icon={<IconClock size={15} />} label="Next run" testId="job-stat-next">
            <NextRun job={job} ctx={ctx} testId="job-detail-next" />
          </Stat>
          <Stat icon={<IconRefresh size={15} />} label="Last run" testId="job-stat-last">
            {job.lastRunAt ? <When iso={job.lastRunAt} timeZone={timeZone} now={now} testId="job-detail-last" /> : <span className="when__none">Never run</span>}
          </Stat>
          <Stat icon={<IconSliders size={15} />} label="Limits" testId="job-stat-limits">
            <div className="when">
              <span className="when__relative" data-testid="job-detail-timeout">
                Timeout {limitText(job.timeoutMs)}
              </span>
              <span className="when__absolute" data-testid="job-detail-retries">
                {retriesText(job.retries)}
              </span>
            </div>
          </Stat>
        </div>
      </div>
      <Tabs tabs={tabs} active={tab} onChange={(key) => setSearch(key === 'runs' ? {} : { tab: key }, { replace: true })} label="Job details" />
      <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`} className="tabpanel">
        {tab === 'runs' && <RunHistory job={job} runId={runId} />}
        {tab === 'schedule' && <JobScheduleForm key={`${job.id} ${job.scheduleOverride ?? ''}`} job={job} />}
        {tab === 'config' && <JobConfigForm job={job} />}
      </div>
    </>
  );
}

/** One job: what it is, its live run, its run history with logs and artifacts, its schedule and config. */
export function JobDetailsPage() {
  const params = useParams();
  const jobId = params.jobId ?? '';
  const runMatch = /^runs\/(\d+)\/?$/.exec(params['*'] ?? '');
  const runId = runMatch ? Number(runMatch[1]) : null;
  const detailId = useAppStore((s) => s.jobDetailId);
  const detail = useAppStore((s) => s.jobDetail);
  const loadJobDetail = useAppStore((s) => s.loadJobDetail);
  const loadJobsPaused = useAppStore((s) => s.loadJobsPaused);
  const refresh = () => {
    const state = useAppStore.getState();
    void loadJobDetail(jobId);
    if (state.runsJobId === jobId) void state.loadRuns(jobId);
    if (state.runDetailId !== null) void state.loadRunDetail(state.runDetailId);
  };
  useEffect(() => {
    void loadJobDetail(jobId);
  }, [loadJobDetail, jobId]);
  useEffect(() => {
    void loadJobsPaused();
  }, [loadJobsPaused]);
  // Until this job's own details arrive, another's are never shown.
  const state = detailId === jobId ? detail : { data: null, loading: true, error: null };
  return (
    <div data-testid="job-details-page" data-job={jobId}>
      <div className="module-details__top">
        <Link className="back-link" to="/jobs" data-testid="back-to-jobs">
          <IconArrowLeft size={14} />
          Jobs
        </Link>
      </div>
      <AsyncView state={state} what={`the job ${jobId}`} onRetry={refresh} skeleton={<SkeletonLines lines={6} />}>
        {(job) => <Details job={job} runId={runId} refresh={<RefreshButton loading={state.loading} onClick={refresh} />} />}
      </AsyncView>
    </div>
  );
}
