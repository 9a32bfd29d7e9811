import { useEffect } from 'react';
import { Link } from 'react-router';
import type { JobView } from '../../../../shared/core-api';
import { useAppStore } from '../../store/app-store';
import { AsyncView, SkeletonLines } from '../../ui/async-view';
import { ErrorPanel } from '../../ui/error-panel';
import { IconCalendarClock, IconPause, IconPlay, IconRefresh } from '../../ui/icons';
import { PageHeader, RefreshButton } from '../../ui/page-header';
import { useNow } from '../../ui/use-now';
import { JobGroup } from './job-table';

function byModule(jobs: JobView[]): [string, JobView[]][] {
  const groups = new Map<string, JobView[]>();
  for (const job of jobs) groups.set(job.module, [...(groups.get(job.module) ?? []), job]);
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

/** Pause every schedule, or resume them: the core setting `jobs.paused`. */
export function PauseAllButton() {
  const paused = useAppStore((s) => s.jobsPaused.data);
  const busy = useAppStore((s) => s.jobsPauseBusy);
  const setJobsPaused = useAppStore((s) => s.setJobsPaused);
  if (paused === null) return null;
  return (
    <button
      type="button"
      className={paused ? 'btn btn--primary' : 'btn btn--secondary'}
      onClick={() => void setJobsPaused(!paused)}
      disabled={busy}
      data-testid="jobs-pause-toggle"
      data-paused={paused}
    >
      {busy ? <IconRefresh size={14} className="icon spin" /> : paused ? <IconPlay size={14} /> : <IconPause size={14} />}
      {paused ? 'Resume schedules' : 'Pause all schedules'}
    </button>
  );
}

/** Says loudly that nothing starts on its schedule, for as long as that is so; `action` adds its own Resume. */
export function PausedBanner({ action = false }: { action?: boolean }) {
  const paused = useAppStore((s) => s.jobsPaused.data === true);
  const busy = useAppStore((s) => s.jobsPauseBusy);
  const setJobsPaused = useAppStore((s) => s.setJobsPaused);
  if (!paused) return null;
  return (
    <div className="paused-banner" role="status" data-testid="jobs-paused-banner">
      <span className="paused-banner__icon">
        <IconPause size={16} />
      </span>
      <div className="paused-banner__text">
        <div className="paused-banner__title">All schedules are paused</div>
        <div className="paused-banner__hint">No job starts on its schedule until you resume. Jobs can still be run by hand.</div>
      </div>
      {action && (
        <button type="button" className="btn btn--secondary" onClick={() => void setJobsPaused(false)} disabled={busy} data-testid="jobs-paused-resume">
          <IconPlay size={14} />
          Resume schedules
        </button>
      )}
    </div>
  );
}

function NoJobs() {
  return (
    <section className="card empty-state" data-testid="jobs-none">
      <div className="empty-state__icon">
        <IconCalendarClock size={22} />
      </div>
      <div className="empty-state__title">No jobs yet</div>
      <p className="empty-state__text">Jobs come with modules: scraping meters on a schedule, imports, reports. Install or enable a module that brings some.</p>
      <Link className="btn btn--secondary" to="/modules">
        Go to Modules
      </Link>
    </section>
  );
}

/** Every job of every module: its schedule, next run and last status, and what can be done with it. */
export function JobsPage() {
  const jobs = useAppStore((s) => s.jobs);
  const paused = useAppStore((s) => s.jobsPaused);
  const loadJobs = useAppStore((s) => s.loadJobs);
  const loadJobsPaused = useAppStore((s) => s.loadJobsPaused);
  const loadModules = useAppStore((s) => s.loadModules);
  const timeZone = useAppStore((s) => s.info.data?.timezone);
  const now = useNow();
  useEffect(() => {
    void loadJobs();
    void loadJobsPaused();
    // Only for the modules' display names: the groups show the names without them.
    if (!useAppStore.getState().modules.data) void loadModules();
  }, [loadJobs, loadJobsPaused, loadModules]);
  const reload = () => {
    void loadJobs();
    void loadJobsPaused();
  };
  const ctx = { timeZone, now, allPaused: paused.data === true };
  return (
    <div data-testid="jobs-page">
      <PageHeader
        title="Jobs"
        description={`What the modules run, when they run it next, and how it last went. Times are in ${timeZone ?? 'the app’s time zone'}.`}
        actions={
          <>
            <RefreshButton loading={jobs.loading || paused.loading} onClick={reload} />
            <PauseAllButton />
          </>
        }
      />
      <div className="stack">
        <PausedBanner />
        {paused.error && <ErrorPanel compact title="Could not read whether schedules are paused" error={paused.error} onRetry={() => void loadJobsPaused()} />}
        <AsyncView state={jobs} what="jobs" onRetry={reload} skeleton={<SkeletonLines lines={6} />}>
          {(list) =>
            list.length === 0 ? (
              <NoJobs />
            ) : (
              <div className="stack" data-testid="job-groups">
                {byModule(list).map(([module, group]) => (
                  <JobGroup key={module} module={module} jobs={group} ctx={ctx} />
                ))}
              </div>
            )
          }
        </AsyncView>
      </div>
    </div>
  );
}
