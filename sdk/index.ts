/**
 * The module author's API for main code. A module's entry (dist/main.js) default-exports
 * `defineModule({ activate(ctx) { … } })`; everything it may reach comes through `ctx`.
 */

export type JsonSchema = Record<string, unknown>;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteRequest<P = Record<string, string>, Q = Record<string, unknown>, B = unknown> {
  params: P;
  query: Q;
  body: B;
}

export interface RouteOptions {
  summary?: string;
  /** JSON Schemas (TypeBox's `Type.*` builders produce them); query values are coerced to the schema's types. */
  params?: JsonSchema;
  query?: JsonSchema;
  body?: JsonSchema;
  output?: JsonSchema;
  /** How long a call may take before it answers TIMEOUT (default 30 s). */
  timeoutMs?: number;
}

export type RouteHandler<P = Record<string, string>, Q = Record<string, unknown>, B = unknown> = (
  request: RouteRequest<P, Q, B>,
) => unknown;

type RouteAdder = {
  <P = Record<string, string>, Q = Record<string, unknown>, B = unknown>(path: string, handler: RouteHandler<P, Q, B>): void;
  <P = Record<string, string>, Q = Record<string, unknown>, B = unknown>(path: string, options: RouteOptions, handler: RouteHandler<P, Q, B>): void;
};

export interface ModuleRoutes {
  get: RouteAdder;
  post: RouteAdder;
  put: RouteAdder;
  patch: RouteAdder;
  delete: RouteAdder;
}

/** Thrown from a route handler, it answers with this code instead of INTERNAL. */
export class RouteError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'VALIDATION' | 'CONFLICT' | 'FORBIDDEN' | 'TIMEOUT',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'RouteError';
  }
}

export interface JobRunContext<C = Record<string, unknown>> {
  runId: number;
  jobId: string;
  attempt: number;
  /** The job's config: manifest defaults with the user's overrides. */
  config: C;
  /** Aborted when the run is cancelled or times out: stop work and return. */
  signal: AbortSignal;
  progress(fraction: number, message?: string): void;
  log: ModuleLogger;
}

export type JobHandler<C = Record<string, unknown>> = (run: JobRunContext<C>) => unknown;

export interface ModuleJobs {
  /** Registers the handler named in the manifest's `jobs.<id>.handler`. */
  handle<C = Record<string, unknown>>(handler: string, fn: JobHandler<C>): void;
}

export interface Statement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get<T = Record<string, unknown>>(...params: unknown[]): T | undefined;
  all<T = Record<string, unknown>>(...params: unknown[]): T[];
}

/** The module's own connection to the app database; its tables start with `tablePrefix`. */
export interface ModuleDb {
  readonly tablePrefix: string;
  exec(sql: string): void;
  prepare(sql: string): Statement;
  transaction<T>(fn: () => T): T;
}

export interface ModuleLogger {
  debug(message: string, details?: unknown): void;
  info(message: string, details?: unknown): void;
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
}

export interface ModuleSettings {
  get<T = unknown>(key: string): T;
  all(): Record<string, unknown>;
  onChange(listener: (values: Record<string, unknown>) => void): () => void;
}

/** Encrypted at rest in the core; values never go to the renderer. */
export interface ModuleSecrets {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface ModuleEvents {
  /** Publishes `<module>:<topic>` to every page and transport. */
  publish(topic: string, payload?: unknown): void;
}

export type { ScrapeAuth, ScrapeResult, ScrapeStep, ScrapeTask, ScrapeValue, StepReport, ScrapeArtifact } from '../src/shared/scraping';
import type { ScrapeResult, ScrapeTask } from '../src/shared/scraping';

/**
 * Scrapes web pages with the app's shared browser: a fresh browser context per task, steps,
 * login, kept sessions, and a screenshot and the page HTML when it fails. Needs the
 * `network:outbound` permission.
 */
export interface ModuleScraping {
  /** Pass the job's `runId` from a job so a cancel or timeout stops the scrape and failures are kept with the run. */
  run(task: ScrapeTask, options?: { runId?: number }): Promise<ScrapeResult>;
}

/** What a module may know of the app it runs in. */
export interface ModuleApp {
  /** The app's time zone setting (IANA, e.g. `Europe/Berlin`): the days and months of reports. A change applies at once. */
  timeZone(): string;
}

export interface ModuleContext {
  readonly module: { name: string; version: string; dir: string };
  readonly routes: ModuleRoutes;
  readonly jobs: ModuleJobs;
  readonly db: ModuleDb;
  readonly logger: ModuleLogger;
  readonly settings: ModuleSettings;
  readonly secrets: ModuleSecrets;
  readonly events: ModuleEvents;
  readonly scraping: ModuleScraping;
  readonly app: ModuleApp;
  /** The module's own folder for files, kept across upgrades, removed by uninstall --purge. */
  readonly storage: { dir: string };
}

export interface ModuleDefinition {
  activate(ctx: ModuleContext): void | Promise<void>;
  deactivate?(): void | Promise<void>;
}

export function defineModule(definition: ModuleDefinition): ModuleDefinition {
  return definition;
}
