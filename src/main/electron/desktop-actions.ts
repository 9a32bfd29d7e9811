import type { CoreDb } from '../core/db/database';
import { listJobs } from '../core/jobs/job-repository';
import type { RunTrigger } from '../core/jobs/job-runner';
import type { CoreSettings } from '../core/settings/core-settings';
import { lastCollection } from './tray-status';
import type { TrayState } from './tray-model';

/** What the tray does and shows, over the core's jobs and settings. */

export interface JobsAccess {
  db: CoreDb;
  runner: { isRunning(jobId: string): boolean; start(jobId: string, trigger: RunTrigger): { runId: number; done: Promise<unknown> } };
  isModuleRunning: (module: string) => boolean;
}

/** "Run all collections now": every switched-on job of a running module that is not running already. */
export function runAllJobs({ db, runner, isModuleRunning }: JobsAccess): { started: number[]; skipped: string[] } {
  const started: number[] = [];
  const skipped: string[] = [];
  for (const job of listJobs(db).sort((a, b) => a.id.localeCompare(b.id))) {
    if (!job.enabled || !isModuleRunning(job.module) || runner.isRunning(job.id)) {
      skipped.push(job.id);
      continue;
    }
    const run = runner.start(job.id, 'manual');
    void run.done.catch(() => undefined);
    started.push(run.runId);
  }
  return { started, skipped };
}

export function setSchedulesPaused(settings: Pick<CoreSettings, 'set'>, paused: boolean): void {
  settings.set('jobs.paused', paused);
}

export function trayState(
  jobs: Pick<JobsAccess, 'db' | 'runner'>,
  settings: Pick<CoreSettings, 'get' | 'timezone'>,
  windowVisible: boolean,
  locale?: string,
): TrayState {
  const rows = listJobs(jobs.db);
  const timeZone = settings.timezone();
  const format = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'short', timeStyle: 'short' });
  return {
    windowVisible,
    lastCollection: lastCollection(rows),
    collecting: rows.some((job) => jobs.runner.isRunning(job.id)),
    schedulesPaused: settings.get('jobs.paused') === true,
    formatTime: (iso) => format.format(new Date(iso)),
  };
}
