import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { JobHandler, ModuleContext, ModuleDb, ModuleDefinition, RouteHandler, RouteOptions, ScrapeResult } from '../../../../../sdk/index';
import type { HttpMethod } from '../../../../shared/contract';
import { tablePrefix } from '../../../../shared/manifest';
import { configureConnection, nativeBindingOption } from '../../db/connection';
import type { DeclaredRoute, HostInit, HostToMain, MainToHost } from './protocol';

/**
 * Runs inside the module's worker thread: builds the context, activates the module and
 * answers route calls and job runs. A crash here takes down this thread only.
 */
const port = parentPort;
if (!port) throw new Error('module-host-entry must run in a worker thread');

const send = (message: HostToMain): void => port.postMessage(message);

let definition: ModuleDefinition | null = null;
let sqlite: Database.Database | null = null;
const routes = new Map<string, RouteHandler>();
const declared: DeclaredRoute[] = [];
const jobHandlers = new Map<string, JobHandler>();
const running = new Map<number, AbortController>();
const pendingSecrets = new Map<number, { resolve: (v: string | null) => void; reject: (e: Error) => void }>();
const pendingScrapes = new Map<number, { resolve: (v: ScrapeResult) => void; reject: (e: Error) => void }>();
let scrapeSeq = 0;
let secretSeq = 0;
let settings: Record<string, unknown> = {};
let timeZone = 'UTC';
const settingListeners = new Set<(values: Record<string, unknown>) => void>();
let activating = true;

function errorInfo(err: unknown): { message: string; stack?: string } {
  return err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) };
}

function makeLogger(runId?: number): ModuleContext['logger'] {
  const log = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, details?: unknown) =>
    send({ type: 'log', level, message: String(message), details: toPlain(details), runId });
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function toPlain(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  try {
    return structuredClone(value);
  } catch {
    return String(value);
  }
}

function openDb(init: HostInit): ModuleDb {
  const canRead = init.permissions.includes('database:read') || init.permissions.includes('database:write');
  const canWrite = init.permissions.includes('database:write');
  const prefix = tablePrefix(init.module);
  const connection = (): Database.Database => {
    if (!canRead) throw new Error(`Module "${init.module}" did not ask for the database:read or database:write permission in its manifest.`);
    if (!sqlite) {
      sqlite = new Database(init.databaseFile, { readonly: !canWrite, fileMustExist: true, ...nativeBindingOption() });
      configureConnection(sqlite);
    }
    return sqlite;
  };
  return {
    tablePrefix: prefix,
    exec: (sql) => {
      connection().exec(sql);
    },
    prepare: (sql) => {
      const statement = connection().prepare(sql);
      return {
        run: (...params) => {
          const r = statement.run(...params);
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        get: <T>(...params: unknown[]) => statement.get(...params) as T | undefined,
        all: <T>(...params: unknown[]) => statement.all(...params) as T[],
      };
    },
    transaction: (fn) => connection().transaction(fn)(),
  };
}

function buildContext(init: HostInit): ModuleContext {
  const addRoute =
    (method: HttpMethod) =>
    (path: string, optionsOrHandler: RouteOptions | RouteHandler, maybeHandler?: RouteHandler): void => {
      if (!activating) throw new Error('Routes can be added only during activate()');
      const handler = typeof optionsOrHandler === 'function' ? optionsOrHandler : maybeHandler;
      const options = typeof optionsOrHandler === 'function' ? {} : optionsOrHandler;
      if (typeof handler !== 'function') throw new Error(`Route ${method} ${path} has no handler function`);
      const key = `${method} ${path}`;
      if (routes.has(key)) throw new Error(`Route ${key} is registered twice`);
      routes.set(key, handler as RouteHandler);
      declared.push({ method, path, ...(JSON.parse(JSON.stringify(options)) as Omit<DeclaredRoute, 'method' | 'path'>) });
    };
  let db: ModuleDb | null = null;
  const storageDir = init.storageDir;
  return {
    module: { name: init.module, version: init.version, dir: init.moduleDir },
    routes: { get: addRoute('GET'), post: addRoute('POST'), put: addRoute('PUT'), patch: addRoute('PATCH'), delete: addRoute('DELETE') },
    jobs: {
      handle: (name, fn) => {
        if (typeof fn !== 'function') throw new Error(`Job handler "${name}" is not a function`);
        jobHandlers.set(name, fn as JobHandler);
      },
    },
    get db() {
      db ??= openDb(init);
      return db;
    },
    logger: makeLogger(),
    settings: {
      get: <T>(key: string) => settings[key] as T,
      all: () => ({ ...settings }),
      onChange: (listener) => {
        settingListeners.add(listener);
        return () => settingListeners.delete(listener);
      },
    },
    secrets: {
      get: (key) => secretRequest('get', key),
      set: async (key, value) => {
        await secretRequest('set', key, value);
      },
      delete: async (key) => {
        await secretRequest('delete', key);
      },
    },
    events: { publish: (topic, payload) => send({ type: 'event', topic: String(topic), payload: toPlain(payload) }) },
    scraping: {
      run: (task, options) =>
        new Promise<ScrapeResult>((resolve, reject) => {
          const id = ++scrapeSeq;
          pendingScrapes.set(id, { resolve, reject });
          send({ type: 'scrape', id, task: toPlain(task), runId: options?.runId });
        }),
    },
    app: { timeZone: () => timeZone },
    get storage() {
      mkdirSync(storageDir, { recursive: true });
      return { dir: storageDir };
    },
  };
}

function secretRequest(op: 'get' | 'set' | 'delete', key: string, value?: string): Promise<string | null> {
  const id = ++secretSeq;
  return new Promise((resolve, reject) => {
    pendingSecrets.set(id, { resolve, reject });
    send({ type: 'secret', id, op, key: String(key), value });
  });
}

async function activate(init: HostInit): Promise<void> {
  settings = init.settings;
  timeZone = init.timeZone;
  try {
    const loaded = (await import(pathToFileURL(init.entryFile).href)) as { default?: unknown };
    const candidate = (loaded.default ?? loaded) as Partial<ModuleDefinition>;
    if (!candidate || typeof candidate.activate !== 'function') {
      throw new Error(`${init.entryFile} must default-export defineModule({ activate(ctx) { … } })`);
    }
    definition = candidate as ModuleDefinition;
    await definition.activate(buildContext(init));
    activating = false;
    send({ type: 'ready', routes: declared, jobHandlers: [...jobHandlers.keys()] });
  } catch (err) {
    send({ type: 'activate-failed', ...errorInfo(err) });
  }
}

function routeError(err: unknown): { code: 'INTERNAL' | 'NOT_FOUND' | 'VALIDATION' | 'CONFLICT' | 'FORBIDDEN' | 'TIMEOUT'; message: string; details?: unknown } {
  if (err instanceof Error && err.name === 'RouteError' && 'code' in err) {
    const e = err as Error & { code: 'NOT_FOUND'; details?: unknown };
    return e.details === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, details: toPlain(e.details) };
  }
  return { code: 'INTERNAL', message: errorInfo(err).message };
}

async function answer(id: number, work: () => unknown): Promise<void> {
  try {
    const data = await work();
    try {
      send({ type: 'result', id, ok: true, data: data === undefined ? null : data });
    } catch (err) {
      send({ type: 'result', id, ok: false, error: { code: 'INTERNAL', message: `The answer cannot be sent: ${errorInfo(err).message}` } });
    }
  } catch (err) {
    if (!(err instanceof Error && err.name === 'RouteError')) makeLogger().error(`Handler failed: ${errorInfo(err).message}`, toPlain(err));
    send({ type: 'result', id, ok: false, error: routeError(err) });
  }
}

port.on('message', (message: MainToHost) => {
  switch (message.type) {
    case 'activate':
      send({ type: 'activating' });
      void activate(message.init);
      break;
    case 'route': {
      const handler = routes.get(`${message.method} ${message.path}`);
      void answer(message.id, () => {
        if (!handler) throw new Error(`No handler for ${message.method} ${message.path}`);
        return handler({ params: message.params as Record<string, string>, query: message.query as Record<string, unknown>, body: message.body });
      });
      break;
    }
    case 'job': {
      const handler = jobHandlers.get(message.handler);
      const controller = new AbortController();
      running.set(message.id, controller);
      void answer(message.id, async () => {
        try {
          if (!handler) throw new Error(`The module registered no job handler "${message.handler}" (ctx.jobs.handle)`);
          return await handler({
            runId: message.runId,
            jobId: message.jobId,
            attempt: message.attempt,
            config: message.config,
            signal: controller.signal,
            progress: (fraction, text) => send({ type: 'progress', id: message.id, fraction: Math.max(0, Math.min(1, Number(fraction) || 0)), message: text }),
            log: makeLogger(message.runId),
          });
        } finally {
          running.delete(message.id);
        }
      });
      break;
    }
    case 'cancel':
      running.get(message.id)?.abort(new Error('cancelled'));
      break;
    case 'settings':
      settings = message.values;
      for (const listener of settingListeners) {
        try {
          listener({ ...settings });
        } catch (err) {
          makeLogger().error(`A settings listener failed: ${errorInfo(err).message}`);
        }
      }
      break;
    case 'app':
      timeZone = message.timeZone;
      break;
    case 'secret-result': {
      const pending = pendingSecrets.get(message.id);
      pendingSecrets.delete(message.id);
      if (!pending) break;
      if (message.ok) pending.resolve(message.value ?? null);
      else pending.reject(new Error(message.error ?? 'secret store failed'));
      break;
    }
    case 'scrape-result': {
      const pending = pendingScrapes.get(message.id);
      pendingScrapes.delete(message.id);
      if (!pending) break;
      if (message.ok) pending.resolve(message.result as ScrapeResult);
      else pending.reject(new Error(message.error));
      break;
    }
    case 'ping':
      send({ type: 'pong', id: message.id });
      break;
    case 'deactivate':
      void (async () => {
        try {
          await definition?.deactivate?.();
        } catch (err) {
          makeLogger().warn(`deactivate() failed: ${errorInfo(err).message}`);
        }
        sqlite?.close();
        send({ type: 'deactivated' });
      })();
      break;
  }
});
