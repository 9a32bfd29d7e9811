import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../../../shared/result';
import type { CoreDb } from '../db/database';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logs/logger';
import { AppError } from '../router/app-error';
import { backoffDelay } from './backoff';
import type { Clock } from './clock';
import { getJob, getRun, insertRun, recordJobOutcome, updateRun, type JobRow, type JobRunRow } from './job-repository';
import { Semaphore } from '../util/semaphore';

export type RunTrigger = 'schedule' | 'manual' | 'catch-up';
export type RunStatus = JobRunRow['status'];

export interface RunArtifact {
  name: string;
  kind: 'screenshot' | 'html' | 'file';
  bytes: number;
}

/** What actually does a job's work: the module host, reached through the module manager. */
export interface JobExecutor {
  execute(
    job: JobRow,
    attempt: { runId: number; attempt: number; artifactsDir: string },
    signal: AbortSignal,
    onProgress: (fraction: number, message?: string) => void,
  ): Promise<Result<unknown>>;
  /** Called when an attempt ignored its timeout or cancel: the executor stops the work by force. */
  forceStop(job: JobRow, reason: string): Promise<void>;
}

export interface RunnerOptions {
  db: CoreDb;
  executor: JobExecutor;
  events: EventBus;
  logger: Logger;
  clock: Clock;
  artifactsRoot: string;
  random?: () => number;
  globalConcurrency?: number;
  moduleConcurrency?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** How long an attempt may take to stop after its timeout or cancel before it is stopped by force. */
  stopGraceMs?: number;
  onRunFinished?: (run: JobRunRow) => void;
}

class TimedOut extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
  }
}
class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

interface Active {
  controller: AbortController;
  runId: number;
}

/**
 * Runs jobs: one at a time per job, under global and per-module limits, each attempt with its
 * own run record, a timeout that really stops the work, and retries with full-jitter backoff.
 */
export class JobRunner {
  private readonly active = new Map<string, Active>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly global: Semaphore;
  private readonly perModule = new Map<string, Semaphore>();

  constructor(private readonly o: RunnerOptions) {
    this.global = new Semaphore(o.globalConcurrency ?? 4);
  }

  isRunning(jobId: string): boolean {
    return this.active.has(jobId);
  }

  /** Resolves once no run is queued or running (tests step a manual clock with it). */
  async idle(): Promise<void> {
    while (this.active.size) await Promise.all([...this.pending]);
  }

  runningRunId(jobId: string): number | null {
    return this.active.get(jobId)?.runId ?? null;
  }

  artifactsDir(runId: number): string {
    return join(this.o.artifactsRoot, String(runId));
  }

  /** Starts a job; answers at once with the first run's id, and `done` with the last attempt's record. */
  start(jobId: string, trigger: RunTrigger): { runId: number; done: Promise<JobRunRow> } {
    const running = this.active.get(jobId);
    if (running) throw new AppError('CONFLICT', `Job ${jobId} is already running (run #${running.runId}); one job never runs twice at once.`);
    const job = getJob(this.o.db, jobId);
    if (!job) throw new AppError('NOT_FOUND', `No job ${jobId}.`);
    const controller = new AbortController();
    const runId = insertRun(this.o.db, { jobId, trigger, attempt: 1, status: 'queued', queuedAt: this.isoNow() });
    const active: Active = { controller, runId };
    this.active.set(jobId, active);
    this.publish(jobId, runId, 'queued');
    const done = this.attempts(job, runId, active).finally(() => {
      this.active.delete(jobId);
      this.pending.delete(done);
    });
    this.pending.add(done);
    return { runId, done };
  }

  /** Cancels a queued or running run (and any retries after it). */
  cancel(runId: number): boolean {
    for (const active of this.active.values()) {
      if (active.runId === runId) {
        active.controller.abort(new Cancelled());
        return true;
      }
    }
    return false;
  }

  async dispose(): Promise<void> {
    for (const active of this.active.values()) active.controller.abort(new Cancelled());
  }

  private moduleSemaphore(module: string): Semaphore {
    let s = this.perModule.get(module);
    if (!s) {
      s = new Semaphore(this.o.moduleConcurrency ?? 2);
      this.perModule.set(module, s);
    }
    return s;
  }

  private async attempts(job: JobRow, firstRunId: number, active: Active): Promise<JobRunRow> {
    const maxAttempts = job.retries + 1;
    let runId = firstRunId;
    let last: JobRunRow | null = null;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) {
        runId = insertRun(this.o.db, { jobId: job.id, trigger: 'retry', attempt, status: 'queued', queuedAt: this.isoNow() });
        active.runId = runId;
        this.publish(job.id, runId, 'queued');
      }
      last = await this.attempt(job, runId, attempt, active.controller.signal);
      if (last.status === 'succeeded' || last.status === 'cancelled' || attempt === maxAttempts) break;
      const delay = backoffDelay(attempt, { baseMs: this.o.backoffBaseMs, capMs: this.o.backoffCapMs, random: this.o.random });
      this.o.logger.child(job.module).forRun(runId).info(`Attempt ${attempt} of ${job.id} ${last.status}; retrying in ${Math.round(delay / 100) / 10} s`);
      if (!(await this.sleep(delay, active.controller.signal))) break;
    }
    const final = last ?? (getRun(this.o.db, runId) as JobRunRow);
    recordJobOutcome(this.o.db, job.id, final.status, final.finishedAt ?? new Date(this.o.clock.now()).toISOString());
    this.o.onRunFinished?.(final);
    return final;
  }

  private async attempt(job: JobRow, runId: number, attempt: number, outer: AbortSignal): Promise<JobRunRow> {
    const log = this.o.logger.child(job.module).forRun(runId);
    const releases: (() => void)[] = [];
    try {
      releases.push(await this.global.acquire(outer));
      releases.push(await this.moduleSemaphore(job.module).acquire(outer));
    } catch {
      for (const r of releases) r();
      return this.finish(runId, 'cancelled', null, 'cancelled before it started', null);
    }
    const started = this.o.clock.now();
    updateRun(this.o.db, runId, { status: 'running', startedAt: new Date(started).toISOString() });
    this.publish(job.id, runId, 'running');
    const controller = new AbortController();
    const forward = (): void => controller.abort(outer.reason);
    outer.addEventListener('abort', forward, { once: true });
    const timer = this.o.clock.setTimeout(() => controller.abort(new TimedOut(job.timeoutMs)), job.timeoutMs);
    try {
      const work = this.o.executor.execute(job, { runId, attempt, artifactsDir: this.artifactsDir(runId) }, controller.signal, (fraction, message) => {
        updateRun(this.o.db, runId, { progress: fraction });
        this.o.events.publish('core:job.progress', { jobId: job.id, runId, fraction, message: message ?? null });
      });
      const result = await this.settle(work, controller.signal, job);
      const elapsed = this.o.clock.now() - started;
      const reason: unknown = controller.signal.reason;
      if (reason instanceof TimedOut) {
        log.error(`${job.id} ${reason.message}`);
        return this.finish(runId, 'timed-out', elapsed, reason.message, null);
      }
      if (reason instanceof Cancelled) {
        log.warn(`${job.id} was cancelled`);
        return this.finish(runId, 'cancelled', elapsed, 'cancelled', null);
      }
      if (!result || !result.ok) {
        const message = result ? result.error.message : 'the job stopped without an answer';
        log.error(`${job.id} failed: ${message}`);
        return this.finish(runId, 'failed', elapsed, message, null);
      }
      return this.finish(runId, 'succeeded', elapsed, null, result.data ?? null);
    } finally {
      this.o.clock.clearTimeout(timer);
      outer.removeEventListener('abort', forward);
      for (const r of releases.reverse()) r();
    }
  }

  /** Waits for the work; after an abort it gets a grace period to stop, then it is stopped by force. */
  private async settle(work: Promise<Result<unknown>>, signal: AbortSignal, job: JobRow): Promise<Result<unknown> | null> {
    const grace = this.o.stopGraceMs ?? 5000;
    let onAbort: () => void = () => undefined;
    const aborted = new Promise<null>((resolve) => {
      onAbort = () => {
        const timer = this.o.clock.setTimeout(() => {
          const stopped = (): void => resolve(null);
          void this.o.executor.forceStop(job, signal.reason instanceof Error ? signal.reason.message : 'stopped').then(stopped, stopped);
        }, grace);
        // Handlers for a rejection too: `.finally()` passes one on, and nothing would handle it.
        const clear = (): void => this.o.clock.clearTimeout(timer);
        void work.then(clear, clear);
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([work.catch((err: unknown) => ({ ok: false as const, error: { code: 'INTERNAL' as const, message: String((err as Error)?.message ?? err) } })), aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private finish(runId: number, status: RunStatus, durationMs: number | null, error: string | null, result: unknown): JobRunRow {
    const dir = this.artifactsDir(runId);
    const artifacts = listArtifacts(dir);
    updateRun(this.o.db, runId, {
      status,
      finishedAt: new Date(this.o.clock.now()).toISOString(),
      durationMs,
      error,
      result: result as never,
      artifacts: artifacts as never,
      ...(status === 'succeeded' ? { progress: 1 } : {}),
    });
    const run = getRun(this.o.db, runId) as JobRunRow;
    this.publish(run.jobId, runId, status);
    return run;
  }

  private sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve(false);
      const onAbort = (): void => {
        this.o.clock.clearTimeout(timer);
        resolve(false);
      };
      const timer = this.o.clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private isoNow(): string {
    return new Date(this.o.clock.now()).toISOString();
  }

  private publish(jobId: string, runId: number, status: RunStatus): void {
    this.o.events.publish('core:job.run', { jobId, runId, status });
  }
}

export function listArtifacts(dir: string): RunArtifact[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((name) => ({
      name,
      kind: name.endsWith('.png') ? ('screenshot' as const) : name.endsWith('.html') ? ('html' as const) : ('file' as const),
      bytes: statSync(join(dir, name)).size,
    }));
}
