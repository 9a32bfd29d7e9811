import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HttpMethod } from '../../../../shared/contract';
import type { Result } from '../../../../shared/result';
import { appRoot } from '../../paths';
import type { DeclaredRoute, HostInit, HostToMain, MainToHost } from './protocol';

export interface HostCallbacks {
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string, details: unknown, runId: number | undefined): void;
  event(topic: string, payload: unknown): void;
  secret(op: 'get' | 'set' | 'delete', key: string, value: string | undefined): Promise<string | null>;
  /** A scrape asked for by the module, run by the app's shared browser. */
  scrape(task: unknown, runId: number | undefined): Promise<unknown>;
  /** The host died on its own after activation: crash, process.exit, out of memory. */
  crashed(reason: string): void;
}

export interface HostLimits {
  activateTimeoutMs: number;
  memoryLimitMb: number;
  defaultRouteTimeoutMs: number;
}

export const DEFAULT_HOST_LIMITS: HostLimits = { activateTimeoutMs: 10_000, memoryLimitMb: 256, defaultRouteTimeoutMs: 30_000 };

/** How long a worker may take to load the host code before activate() starts; not counted against the module. */
const HOST_BOOT_TIMEOUT_MS = 30_000;

/** A module host that could not start; the message says why, for the module's ERROR state. */
export class HostStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostStartError';
  }
}

interface Pending {
  resolve(result: Result<unknown>): void;
  progress?: (fraction: number, message?: string) => void;
}

/** Where the worker's code is: the built file, or the TypeScript source when running from source (tests). */
function spawnWorker(memoryLimitMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: memoryLimitMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, memoryLimitMb / 8)) };
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.ts')) {
    const source = join(appRoot(), 'src', 'main', 'core', 'modules', 'host', 'module-host-entry.ts');
    const loader = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify('file://' + source)}); })`;
    return new Worker(loader, { eval: true, resourceLimits, execArgv: [] });
  }
  const built = join(appRoot(), 'out', 'main', 'module-host.js');
  if (!existsSync(built)) throw new HostStartError(`The module host is not built (${built} is missing): run npm run build.`);
  // The host owes nothing to the parent's flags (--input-type, loaders); they can break it.
  return new Worker(built, { resourceLimits, execArgv: [] });
}

/** The main side of one module's worker thread. */
export class ModuleHost {
  readonly routes: DeclaredRoute[];
  readonly jobHandlers: string[];
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly pongs = new Map<number, () => void>();
  private stopping = false;
  private exited = false;

  private constructor(
    private readonly worker: Worker,
    private readonly callbacks: HostCallbacks,
    private readonly limits: HostLimits,
    ready: { routes: DeclaredRoute[]; jobHandlers: string[] },
  ) {
    this.routes = ready.routes;
    this.jobHandlers = ready.jobHandlers;
  }

  /** Starts the worker and activates the module; rejects with HostStartError when it fails, hangs or dies. */
  static async start(init: HostInit, callbacks: HostCallbacks, limits: HostLimits = DEFAULT_HOST_LIMITS): Promise<ModuleHost> {
    const worker = spawnWorker(limits.memoryLimitMb);
    let host: ModuleHost | null = null;
    let lastError: string | null = null;
    const early: HostToMain[] = [];

    const ready = await new Promise<{ routes: DeclaredRoute[]; jobHandlers: string[] }>((resolve, reject) => {
      const stopAfter = (ms: number, message: string): NodeJS.Timeout =>
        setTimeout(() => {
          reject(new HostStartError(message));
          void worker.terminate();
        }, ms);
      // The activate clock starts when the host has loaded its own code, which a busy machine slows down.
      let timer = stopAfter(HOST_BOOT_TIMEOUT_MS, `The module host did not start within ${HOST_BOOT_TIMEOUT_MS} ms; the module was stopped.`);
      const fail = (message: string): void => {
        clearTimeout(timer);
        reject(new HostStartError(message));
      };
      worker.on('message', (message: HostToMain) => {
        if (host) return host.onMessage(message);
        if (message.type === 'activating') {
          clearTimeout(timer);
          timer = stopAfter(limits.activateTimeoutMs, `activate() did not finish within ${limits.activateTimeoutMs} ms; the module was stopped.`);
        } else if (message.type === 'ready') {
          clearTimeout(timer);
          resolve({ routes: message.routes, jobHandlers: message.jobHandlers });
        } else if (message.type === 'activate-failed') {
          fail(`activate() threw: ${message.message}`);
          void worker.terminate();
        } else if (message.type === 'log') {
          callbacks.log(message.level, message.message, message.details, message.runId);
        } else {
          early.push(message);
        }
      });
      worker.on('error', (err: Error & { code?: string }) => {
        lastError = describeWorkerError(err, limits.memoryLimitMb);
        if (host) return;
        fail(`The module crashed while activating: ${lastError}`);
      });
      worker.on('exit', (code) => {
        if (host) return host.onExit(code, lastError);
        fail(lastError ? `The module crashed while activating: ${lastError}` : `The module host exited with code ${code} while activating (process.exit?).`);
      });
      const message: MainToHost = { type: 'activate', init };
      worker.postMessage(message);
    }).catch(async (err: unknown) => {
      await worker.terminate();
      throw err;
    });

    host = new ModuleHost(worker, callbacks, limits, ready);
    for (const message of early) host.onMessage(message);
    return host;
  }

  get alive(): boolean {
    return !this.exited;
  }

  callRoute(method: HttpMethod, path: string, input: { params: unknown; query: unknown; body: unknown }, timeoutMs?: number): Promise<Result<unknown>> {
    const limit = timeoutMs ?? this.limits.defaultRouteTimeoutMs;
    return this.request({ type: 'route', id: 0, method, path, ...input }, limit, `${method} ${path}`);
  }

  runJob(
    job: { handler: string; runId: number; jobId: string; attempt: number; config: Record<string, unknown>; artifactsDir: string },
    timeoutMs: number,
    progress?: (fraction: number, message?: string) => void,
  ): { result: Promise<Result<unknown>>; cancel(): void } {
    const id = ++this.seq;
    const result = this.request({ type: 'job', id, ...job }, timeoutMs, `job ${job.jobId}`, progress, id);
    return { result, cancel: () => this.post({ type: 'cancel', id }) };
  }

  updateSettings(values: Record<string, unknown>): void {
    this.post({ type: 'settings', values });
  }

  /** Tells the module about a change of the app's time zone setting. */
  updateTimeZone(timeZone: string): void {
    this.post({ type: 'app', timeZone });
  }

  /** True when the worker answers a ping in time: its event loop is not stuck. */
  ping(timeoutMs = 1000): Promise<boolean> {
    if (this.exited) return Promise.resolve(false);
    const id = ++this.seq;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pongs.delete(id);
        resolve(false);
      }, timeoutMs);
      this.pongs.set(id, () => {
        clearTimeout(timer);
        resolve(true);
      });
      this.post({ type: 'ping', id });
    });
  }

  /** Asks the module to deactivate, then ends the thread; a module that does not answer is terminated. */
  async stop(graceMs = 2000): Promise<void> {
    if (this.exited) return;
    this.stopping = true;
    const done = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.post({ type: 'deactivate' });
    const timer = setTimeout(() => void this.worker.terminate(), graceMs);
    await done;
    clearTimeout(timer);
  }

  async kill(): Promise<void> {
    this.stopping = true;
    if (!this.exited) await this.worker.terminate();
  }

  private request(
    message: Extract<MainToHost, { type: 'route' | 'job' }>,
    timeoutMs: number,
    what: string,
    progress?: (fraction: number, message?: string) => void,
    presetId?: number,
  ): Promise<Result<unknown>> {
    if (this.exited) return Promise.resolve({ ok: false, error: { code: 'MODULE_UNAVAILABLE', message: 'The module host is not running' } });
    const id = presetId ?? ++this.seq;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        if (message.type === 'job') this.post({ type: 'cancel', id });
        resolve({ ok: false, error: { code: 'TIMEOUT', message: `${what} did not answer within ${timeoutMs} ms` } });
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        progress,
      });
      this.post({ ...message, id } as MainToHost);
    });
  }

  private post(message: MainToHost): void {
    if (!this.exited) this.worker.postMessage(message);
  }

  private onMessage(message: HostToMain): void {
    switch (message.type) {
      case 'result': {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        pending?.resolve(message.ok ? { ok: true, data: message.data } : { ok: false, error: message.error });
        break;
      }
      case 'progress':
        this.pending.get(message.id)?.progress?.(message.fraction, message.message);
        break;
      case 'log':
        this.callbacks.log(message.level, message.message, message.details, message.runId);
        break;
      case 'event':
        this.callbacks.event(message.topic, message.payload);
        break;
      case 'secret':
        this.callbacks.secret(message.op, message.key, message.value).then(
          (value) => this.post({ type: 'secret-result', id: message.id, ok: true, value }),
          (err: unknown) => this.post({ type: 'secret-result', id: message.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
        );
        break;
      case 'scrape':
        this.callbacks.scrape(message.task, message.runId).then(
          (result) => this.post({ type: 'scrape-result', id: message.id, ok: true, result }),
          (err: unknown) => this.post({ type: 'scrape-result', id: message.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
        );
        break;
      case 'pong':
        this.pongs.get(message.id)?.();
        this.pongs.delete(message.id);
        break;
      case 'deactivated':
        void this.worker.terminate();
        break;
      default:
        break;
    }
  }

  private onExit(code: number, lastError: string | null): void {
    this.exited = true;
    const reason = lastError ?? `the module host exited with code ${code} (process.exit or a crash)`;
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.resolve({ ok: false, error: { code: 'MODULE_UNAVAILABLE', message: `The module stopped: ${reason}` } });
    }
    if (!this.stopping) this.callbacks.crashed(reason);
  }
}

function describeWorkerError(err: Error & { code?: string }, memoryLimitMb: number): string {
  if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') return `it ran out of memory (limit ${memoryLimitMb} MB)`;
  return err.message || String(err);
}
