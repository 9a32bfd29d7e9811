import { Cron } from 'croner';
import { asc } from 'drizzle-orm';
import type { CoreDb } from '../db/database';
import { jobs } from '../db/schema';
import type { Logger } from '../logs/logger';
import type { Clock } from './clock';
import type { JobRow } from './job-repository';
import { setJobSchedule } from './job-repository';
import type { JobRunner, RunTrigger } from './job-runner';

export interface SchedulerOptions {
  db: CoreDb;
  runner: JobRunner;
  clock: Clock;
  logger: Logger;
  timezone: () => string;
  /** Whether a job's module is enabled and its host running. */
  isActive: (job: JobRow) => boolean;
  /** Global pause of every schedule (manual runs still work). */
  isPaused: () => boolean;
  random?: () => number;
  /** A missed job runs after a random delay in this range, so a wake-up does not fire everything at once. */
  catchUpDelayMs?: { min: number; max: number };
  onChange?: () => void;
}

export function effectiveSchedule(job: JobRow): string | null {
  return job.scheduleOverride ?? job.schedule ?? null;
}

export function cronFor(expression: string, timezone: string): Cron {
  return new Cron(expression, { timezone, paused: true });
}

/**
 * Fires jobs on their cron schedules in the app's time zone with one timer for the earliest due
 * job. A missed schedule (app closed, machine asleep) runs once after start or wake.
 */
export class JobScheduler {
  private timer: unknown = null;
  private suspended = true;
  private readonly catchUps = new Map<string, unknown>();

  constructor(private readonly o: SchedulerOptions) {}

  /** Starts scheduling; missed slots since the last run are caught up once. */
  start(): void {
    this.suspended = false;
    this.catchUp();
    this.refresh();
  }

  /** The machine is going to sleep: no timers fire until resume(). */
  suspend(): void {
    this.suspended = true;
    this.clearTimers();
  }

  /** The machine woke up: catch up once, then schedule as usual. The hook for powerMonitor. */
  resume(): void {
    if (!this.suspended) this.clearTimers();
    this.suspended = false;
    this.catchUp();
    this.refresh();
  }

  dispose(): void {
    this.suspended = true;
    this.clearTimers();
  }

  /** Recomputes every job's next run (after enable/disable, a schedule change, a time zone change). */
  refresh(): void {
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    const now = this.o.clock.now();
    let earliest: number | null = null;
    for (const job of this.allJobs()) {
      const next = this.scheduledNext(job, now);
      const nextIso = next === null ? null : new Date(next).toISOString();
      if (nextIso !== job.nextRunAt) setJobSchedule(this.o.db, job.id, { nextRunAt: nextIso });
      if (next !== null && (earliest === null || next < earliest)) earliest = next;
    }
    if (!this.suspended && earliest !== null) this.timer = this.o.clock.setTimeout(() => this.fire(), earliest - now);
    this.o.onChange?.();
  }

  /** Next run of a job, or null when it is manual-only, switched off, paused or its module is off. */
  scheduledNext(job: JobRow, from: number): number | null {
    const expression = effectiveSchedule(job);
    if (!expression || !job.enabled || job.paused || this.o.isPaused() || !this.o.isActive(job)) return null;
    try {
      return cronFor(expression, this.o.timezone()).nextRun(new Date(from))?.getTime() ?? null;
    } catch (err) {
      this.o.logger.child(job.module).error(`Job ${job.id} has an invalid schedule "${expression}": ${(err as Error).message}`);
      return null;
    }
  }

  private fire(): void {
    this.timer = null;
    if (this.suspended) return;
    const now = this.o.clock.now();
    for (const job of this.allJobs()) {
      if (!job.nextRunAt || Date.parse(job.nextRunAt) > now) continue;
      if (this.scheduledNext(job, Date.parse(job.nextRunAt) - 1) === null) continue;
      setJobSchedule(this.o.db, job.id, { lastScheduledAt: job.nextRunAt });
      this.launch(job, 'schedule');
    }
    this.refresh();
  }

  private catchUp(): void {
    const now = this.o.clock.now();
    const { min, max } = this.o.catchUpDelayMs ?? { min: 5_000, max: 30_000 };
    for (const job of this.allJobs()) {
      const expression = effectiveSchedule(job);
      if (!expression || !job.enabled || job.paused || this.o.isPaused() || !this.o.isActive(job)) continue;
      const reference = job.lastScheduledAt ?? job.createdAt;
      if (!reference || this.catchUps.has(job.id)) continue;
      let previous: Date | undefined;
      try {
        previous = cronFor(expression, this.o.timezone()).previousRuns(1, new Date(now))[0];
      } catch {
        continue;
      }
      if (!previous || previous.getTime() <= Date.parse(reference)) continue;
      // Once, however many slots were missed: the latest slot counts as handled.
      setJobSchedule(this.o.db, job.id, { lastScheduledAt: previous.toISOString() });
      const delay = min + Math.floor((this.o.random ?? Math.random)() * Math.max(0, max - min));
      this.o.logger.child(job.module).info(`Job ${job.id} missed its run at ${previous.toISOString()}; catching up once in ${Math.round(delay / 1000)} s`);
      const handle = this.o.clock.setTimeout(() => {
        this.catchUps.delete(job.id);
        const fresh = this.allJobs().find((j) => j.id === job.id);
        if (fresh && !this.suspended && fresh.enabled && !fresh.paused && !this.o.isPaused() && this.o.isActive(fresh)) this.launch(fresh, 'catch-up');
      }, delay);
      this.catchUps.set(job.id, handle);
    }
  }

  private launch(job: JobRow, trigger: RunTrigger): void {
    if (this.o.runner.isRunning(job.id)) {
      this.o.logger.child(job.module).warn(`Job ${job.id} is still running; its ${trigger} run at this slot is skipped.`);
      return;
    }
    try {
      const { done } = this.o.runner.start(job.id, trigger);
      void done.then(() => this.o.onChange?.()).catch(() => undefined);
    } catch (err) {
      this.o.logger.child(job.module).error(`Job ${job.id} could not start: ${(err as Error).message}`);
    }
  }

  private clearTimers(): void {
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    for (const handle of this.catchUps.values()) this.o.clock.clearTimeout(handle);
    this.catchUps.clear();
  }

  private allJobs(): JobRow[] {
    return this.o.db.select().from(jobs).orderBy(asc(jobs.id)).all();
  }
}
