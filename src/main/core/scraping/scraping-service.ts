import { BrowserNotFoundError, resolveBrowser, type BrowserCandidate, type BrowserSource } from './browser-discovery';
import { AbortedWaitError, Semaphore } from '../util/semaphore';
import { SharedBrowser, type LogFn } from './shared-browser';
import { Deadline, shortError, TaskStoppedError } from './support';
import { parseTask } from './task-schema';
import { browserLostMessage, TaskRun } from './task-run';
import type { RunOptions, ScrapeResult, SessionStore } from './types';

export interface ScrapingServiceOptions {
  /** The app's browser path setting; a function is read at every launch, so a change applies to the next one. */
  browserPath?: string | null | (() => string | null | undefined);
  /** Default `process.env`; `NXFORGE_CHROMIUM_PATH` is read from it. */
  env?: Record<string, string | undefined>;
  /** Tasks at once, each in its own context; default 4. */
  concurrency?: number;
  /** Close the browser after this long without a task; default 60 000 ms. */
  idleMs?: number;
  /** Where sessions are kept by default; `RunOptions.sessions` overrides it per task. */
  sessions?: SessionStore;
  /** Default timeout of a step without its own; default 15 000 ms. */
  stepTimeoutMs?: number;
  /** Default timeout of navigations; default 30 000 ms (a task's `navigationTimeoutMs` wins). */
  navigationTimeoutMs?: number;
  /** Default 60 000 ms. */
  launchTimeoutMs?: number;
  /** Meters often serve HTTPS with self-signed certificates; default true. */
  ignoreHttpsErrors?: boolean;
  log?: LogFn;
  /** Replaces browser discovery, for tests. */
  resolveBrowser?: () => Promise<BrowserCandidate>;
}

export interface ScrapingStatus {
  browserRunning: boolean;
  /** How many browsers this service has started. */
  launches: number;
  running: number;
  queued: number;
  /** The most tasks that ever ran at once. */
  peakRunning: number;
  /**
   * Tasks so far by how their pages were opened: `direct` over the DevTools protocol (the tasks
   * that only read), `playwright` through Playwright (logins, sessions, clicks, frames).
   */
  pages: { direct: number; playwright: number };
  concurrency: number;
  executablePath: string | null;
  source: BrowserSource | null;
  disposed: boolean;
}

export const DEFAULT_TASK_TIMEOUT_MS = 60_000;
const SLOT_RELEASE_MS = 10_000;
const DISPOSED = 'cancelled: the scraping service is shutting down';

/**
 * Scrapes meter pages with one shared, lazily started browser and a fresh context per task,
 * under a concurrency limit. `run` resolves `ok: false` for every page or browser problem and
 * throws only for a task of the wrong shape (`ScrapeTaskError`).
 */
export class ScrapingService {
  private readonly slots: Semaphore;
  private readonly browser: SharedBrowser;
  private readonly runs = new Map<TaskRun, (reason: string) => void>();
  private disposed = false;
  private readonly concurrency: number;
  private readonly pages = { direct: 0, playwright: 0 };

  constructor(private readonly options: ScrapingServiceOptions = {}) {
    this.concurrency = options.concurrency ?? 4;
    this.slots = new Semaphore(this.concurrency);
    const settingPath = () => (typeof options.browserPath === 'function' ? options.browserPath() : options.browserPath);
    this.browser = new SharedBrowser({
      resolve: options.resolveBrowser ?? (() => resolveBrowser({ settingPath: settingPath(), env: options.env })),
      idleMs: options.idleMs ?? 60_000,
      launchTimeoutMs: options.launchTimeoutMs ?? 60_000,
      log: options.log,
    });
  }

  /** Runs one task. Throws `ScrapeTaskError` for a bad task; every other problem is `ok: false`. */
  async run(input: unknown, options: RunOptions = {}): Promise<ScrapeResult> {
    const task = parseTask(input);
    const calledAt = Date.now();
    const finish = (result: ScrapeResult): ScrapeResult => ({ ...result, durationMs: Date.now() - calledAt });
    const failed = (error: string): ScrapeResult =>
      finish({ ok: false, values: {}, steps: [], error, loggedIn: false, sessionReused: false, artifacts: [], durationMs: 0, queuedMs: 0, finalUrl: task.url });

    if (this.disposed) return failed(DISPOSED);
    let release: () => void;
    try {
      release = await this.slots.acquire(options.signal);
    } catch (err) {
      return failed(err instanceof AbortedWaitError ? 'cancelled' : shortError(err));
    }
    if (this.disposed) {
      release();
      return failed(DISPOSED);
    }
    const queuedMs = Date.now() - calledAt;
    const timeoutMs = task.timeoutMs ?? DEFAULT_TASK_TIMEOUT_MS;
    const run = new TaskRun(
      task,
      { ...options, sessions: options.sessions ?? this.options.sessions },
      {
        stepTimeoutMs: this.options.stepTimeoutMs ?? 15_000,
        navigationTimeoutMs: this.options.navigationTimeoutMs ?? 30_000,
        ignoreHttpsErrors: this.options.ignoreHttpsErrors ?? true,
        log: this.options.log ?? (() => undefined),
      },
      new Deadline(timeoutMs),
    );

    // The timeout and the caller's signal stop the run at once: the context closes, and the
    // result does not wait for the page to notice.
    let stopped!: (reason: string) => void;
    const stoppedPromise = new Promise<string>((resolve) => (stopped = resolve));
    const stop = (reason: string) => {
      run.stop(reason);
      stopped(reason);
    };
    const timer = setTimeout(() => stop(`timed out after ${timeoutMs} ms`), timeoutMs);
    this.runs.set(run, stop);
    const onAbort = () => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    let offLost = () => {};

    const work = (async () => {
      if (run.stopped !== null) return;
      let lease;
      try {
        lease = await this.browser.acquire();
      } catch (err) {
        if (run.stopped !== null) return;
        run.result.error = err instanceof BrowserNotFoundError ? err.message : `the browser could not start: ${shortError(err)}`;
        return;
      }
      offLost = lease.onLost(() => stop(browserLostMessage(run.where)));
      try {
        await run.execute(lease);
      } finally {
        const engine = run.engine;
        if (engine) this.pages[engine]++;
        offLost();
        await run.close();
        lease.release();
      }
    })();
    let workDone = false;
    const gone = work.then(
      () => (workDone = true),
      () => (workDone = true), // after a stop it ends with TaskStoppedError, unobserved
    );

    try {
      const reason = await Promise.race([work.then(() => null), stoppedPromise]);
      const result = { ...run.result, queuedMs, values: { ...run.result.values }, steps: [...run.result.steps], artifacts: [...run.result.artifacts] };
      if (reason !== null || run.stopped !== null) return finish({ ...result, ok: false, error: reason ?? run.stopped ?? 'stopped' });
      return finish(result);
    } catch (err) {
      return finish({ ...run.result, queuedMs, ok: false, error: err instanceof TaskStoppedError ? err.reason : shortError(err) });
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      this.runs.delete(run);
      // The slot frees when the context is really gone, so stopped tasks cannot exceed the limit;
      // a browser too hung to confirm gets a bounded wait.
      if (workDone) release();
      else void Promise.race([gone, new Promise((resolve) => setTimeout(resolve, SLOT_RELEASE_MS).unref())]).finally(release);
    }
  }

  status(): ScrapingStatus {
    const candidate = this.browser.lastCandidate;
    return {
      browserRunning: this.browser.running,
      launches: this.browser.launches,
      running: this.slots.running,
      queued: this.slots.waiting,
      peakRunning: this.slots.peak,
      pages: { ...this.pages },
      concurrency: this.concurrency,
      executablePath: candidate?.executablePath ?? null,
      source: candidate?.source ?? null,
      disposed: this.disposed,
    };
  }

  /** The browser's process id while it runs: for diagnostics (and for tests that kill it). */
  browserPid(): Promise<number | null> {
    return this.browser.pid();
  }

  /** Closes the browser now (e.g. after the browser setting changed); running tasks fail. */
  closeBrowser(): Promise<void> {
    return this.browser.close();
  }

  /** Stops every task (they resolve as cancelled), rejects queued ones, closes the browser. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.slots.rejectWaiting(new Error(DISPOSED));
    for (const stop of this.runs.values()) stop(DISPOSED);
    await this.browser.dispose();
  }
}

export function createScrapingService(options: ScrapingServiceOptions = {}): ScrapingService {
  return new ScrapingService(options);
}
