import type Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ModuleManifest } from '../../../shared/manifest';
import type { CoreDb } from '../db/database';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logs/logger';
import type { ModuleManager } from '../modules/module-manager';
import { AppError } from '../router/app-error';
import type { CoreSettings } from '../settings/core-settings';
import { systemClock, type Clock } from './clock';
import { jobConfig } from './job-config';
import type { JobRow } from './job-repository';
import { JobRunner, type JobExecutor } from './job-runner';
import { JobScheduler } from './job-scheduler';
import { applyRetention, type RetentionPolicy } from './retention';

export interface JobServiceOptions {
  db: CoreDb;
  sqlite: Database.Database;
  modules: ModuleManager;
  events: EventBus;
  logger: Logger;
  settings: CoreSettings;
  dataDir: string;
  clock?: Clock;
  random?: () => number;
  retention?: Partial<RetentionPolicy>;
  runner?: { globalConcurrency?: number; moduleConcurrency?: number; backoffBaseMs?: number; backoffCapMs?: number; stopGraceMs?: number };
  catchUpDelayMs?: { min: number; max: number };
}

/** The scheduler and runner wired to the module hosts, kept in step with modules and settings. */
export class JobService {
  readonly runner: JobRunner;
  readonly scheduler: JobScheduler;
  readonly artifactsRoot: string;
  private readonly disposers: (() => void)[] = [];
  private readonly signals = new Map<number, AbortSignal>();

  constructor(private readonly o: JobServiceOptions) {
    const clock = o.clock ?? systemClock;
    this.artifactsRoot = join(o.dataDir, 'artifacts');
    const executor: JobExecutor = {
      execute: (job, attempt, signal, onProgress) => this.execute(job, attempt, signal, onProgress),
      forceStop: (job, reason) => o.modules.stopIfHung(job.module, `job ${job.id} (${reason})`),
    };
    this.runner = new JobRunner({
      db: o.db,
      executor,
      events: o.events,
      logger: o.logger,
      clock,
      artifactsRoot: this.artifactsRoot,
      random: o.random,
      ...o.runner,
      onRunFinished: () => applyRetention(o.sqlite, this.artifactsRoot, o.retention, clock.now()),
    });
    this.scheduler = new JobScheduler({
      db: o.db,
      runner: this.runner,
      clock,
      logger: o.logger,
      timezone: () => o.settings.timezone(),
      isActive: (job) => o.modules.isRunning(job.module),
      isPaused: () => o.settings.get('jobs.paused') === true,
      random: o.random,
      catchUpDelayMs: o.catchUpDelayMs,
      onChange: () => o.events.publish('core:jobs.changed', {}),
    });
    this.disposers.push(
      o.events.subscribe('core:module.state', () => this.scheduler.refresh()),
      o.events.subscribe('core:settings.changed', (event) => {
        const key = (event.payload as { key?: string }).key;
        if (key === 'timezone' || key === 'jobs.paused') this.scheduler.refresh();
      }),
    );
  }

  start(): void {
    this.scheduler.start();
  }

  /** The abort signal of a running attempt: a scrape made for that run stops with it. */
  signalFor(runId: number): AbortSignal | undefined {
    return this.signals.get(runId);
  }

  async dispose(): Promise<void> {
    for (const d of this.disposers.splice(0)) d();
    this.scheduler.dispose();
    await this.runner.dispose();
  }

  private async execute(
    job: JobRow,
    attempt: { runId: number; attempt: number; artifactsDir: string },
    signal: AbortSignal,
    onProgress: (fraction: number, message?: string) => void,
  ) {
    const manifest = this.o.modules.manifest(job.module) as ModuleManifest;
    const jobId = job.id.slice(job.module.length + 1);
    const spec = manifest.jobs?.[jobId];
    if (!spec) throw new AppError('NOT_FOUND', `Module ${job.module} no longer declares job "${jobId}".`);
    const host = await this.o.modules.host(job.module);
    const { result, cancel } = host.runJob(
      { handler: job.handler, runId: attempt.runId, jobId: job.id, attempt: attempt.attempt, config: jobConfig(spec.config, job.config), artifactsDir: attempt.artifactsDir },
      // The runner owns the timeout; the host's own limit is only a backstop.
      job.timeoutMs + 60_000,
      onProgress,
    );
    const onAbort = (): void => cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    this.signals.set(attempt.runId, signal);
    try {
      return await result;
    } finally {
      this.signals.delete(attempt.runId);
      signal.removeEventListener('abort', onAbort);
    }
  }
}

/** Removes a run's artifacts folder; used by retention. */
export function removeArtifacts(root: string, runId: number): void {
  rmSync(join(root, String(runId)), { recursive: true, force: true });
}
