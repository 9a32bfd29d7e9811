import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/** Installed and built-in modules, with their lifecycle state. */
export const modules = sqliteTable('modules', {
  name: text('name').primaryKey(),
  version: text('version').notNull(),
  displayName: text('display_name').notNull(),
  description: text('description').notNull().default(''),
  author: text('author'),
  source: text('source', { enum: ['built-in', 'installed'] }).notNull(),
  state: text('state').notNull(),
  /** Folder the module runs from (inside the app or the data folder's modules/). */
  path: text('path').notNull(),
  sha256: text('sha256'),
  manifest: text('manifest', { mode: 'json' }).notNull(),
  permissions: text('permissions', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  error: text('error'),
  installedAt: text('installed_at').notNull().default(now),
  updatedAt: text('updated_at').notNull().default(now),
});

/** Every module migration file applied or attempted, with its checksum. */
export const moduleMigrations = sqliteTable(
  'module_migrations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    module: text('module').notNull(),
    filename: text('filename').notNull(),
    checksum: text('checksum').notNull(),
    appliedAt: text('applied_at').notNull().default(now),
    success: integer('success', { mode: 'boolean' }).notNull(),
    error: text('error'),
    executionMs: real('execution_ms').notNull().default(0),
  },
  (t) => [uniqueIndex('module_migrations_module_file').on(t.module, t.filename)],
);

/** Jobs declared by modules; schedule fields may be overridden per job. */
export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    module: text('module').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    handler: text('handler').notNull(),
    schedule: text('schedule'),
    scheduleOverride: text('schedule_override'),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
    timeoutMs: integer('timeout_ms').notNull().default(300000),
    retries: integer('retries').notNull().default(0),
    config: text('config', { mode: 'json' }).notNull().default(sql`'{}'`),
    lastRunAt: text('last_run_at'),
    lastStatus: text('last_status'),
    nextRunAt: text('next_run_at'),
    /** The latest schedule slot that was run or caught up: what catch-up compares against. */
    lastScheduledAt: text('last_scheduled_at'),
    /** When the job was first registered; set by the code that inserts it. */
    createdAt: text('created_at'),
  },
  (t) => [index('jobs_module').on(t.module)],
);

/** One row per attempt of a job. */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed-out'] }).notNull(),
    attempt: integer('attempt').notNull().default(1),
    trigger: text('trigger', { enum: ['schedule', 'manual', 'catch-up', 'retry'] }).notNull(),
    queuedAt: text('queued_at').notNull().default(now),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
    durationMs: real('duration_ms'),
    progress: real('progress'),
    error: text('error'),
    result: text('result', { mode: 'json' }),
    artifacts: text('artifacts', { mode: 'json' }).notNull().default(sql`'[]'`),
  },
  (t) => [index('job_runs_job_queued').on(t.jobId, t.queuedAt), index('job_runs_status').on(t.status)],
);

/** Settings by scope: `core`, or a module's name. Values are JSON. */
export const settings = sqliteTable(
  'settings',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    value: text('value', { mode: 'json' }).notNull(),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

/** Persistent log lines of the core, modules and job runs. */
export const logs = sqliteTable(
  'logs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull().default(now),
    level: text('level', { enum: ['debug', 'info', 'warn', 'error'] }).notNull(),
    module: text('module').notNull(),
    message: text('message').notNull(),
    details: text('details', { mode: 'json' }),
    jobRunId: integer('job_run_id'),
  },
  (t) => [index('logs_module_id').on(t.module, t.id), index('logs_job_run').on(t.jobRunId)],
);

/** Encrypted secrets by scope (`core` or a module); values never leave the main side in clear. */
export const secrets = sqliteTable(
  'secrets',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    ciphertext: blob('ciphertext', { mode: 'buffer' }).notNull(),
    cipher: text('cipher').notNull(),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);
