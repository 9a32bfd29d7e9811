import { and, desc, eq, inArray } from 'drizzle-orm';
import type { LogEntry } from '../../../shared/core-api';
import type { CoreDb } from '../db/database';
import { logs } from '../db/schema';
import type { EventBus } from '../events/event-bus';

export type LogLevel = LogEntry['level'];
const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface Logger {
  debug(message: string, details?: unknown): void;
  info(message: string, details?: unknown): void;
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
  child(module: string): Logger;
  /** A logger whose lines also belong to one job run, readable with that run. */
  forRun(runId: number): Logger;
}

export interface LogSink {
  (entry: LogEntry): void;
}

/**
 * Persists log lines in the database (readable per module) and publishes them as events.
 * `echo` mirrors lines at or above `echoLevel` to a console sink, e.g. pino in serve mode.
 */
export function createLogger(options: {
  db: CoreDb;
  events: EventBus;
  module?: string;
  minLevel?: LogLevel;
  echo?: LogSink;
}): Logger {
  const min = LEVELS.indexOf(options.minLevel ?? 'info');
  const write = (module: string, level: LogLevel, message: string, details?: unknown, jobRunId?: number): void => {
    if (LEVELS.indexOf(level) < min) return;
    const at = new Date().toISOString();
    let id = 0;
    try {
      const row = options.db
        .insert(logs)
        .values({ at, level, module, message, details: details === undefined ? null : safeJson(details), jobRunId: jobRunId ?? null })
        .returning({ id: logs.id })
        .get();
      id = row.id;
    } catch {
      // Logging must never take the caller down (e.g. a closed database at shutdown).
    }
    const entry: LogEntry = { id, at, level, module, message, details: details ?? null, jobRunId: jobRunId ?? null };
    options.echo?.(entry);
    options.events.publish('core:log', entry);
  };
  const make = (module: string, runId?: number): Logger => ({
    debug: (m, d) => write(module, 'debug', m, d, runId),
    info: (m, d) => write(module, 'info', m, d, runId),
    warn: (m, d) => write(module, 'warn', m, d, runId),
    error: (m, d) => write(module, 'error', m, d, runId),
    child: (name) => make(name, runId),
    forRun: (id) => make(module, id),
  });
  return make(options.module ?? 'core');
}

function safeJson(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return String(value);
  }
}

export function listLogs(
  db: CoreDb,
  filter: { module?: string; minLevel?: LogLevel; limit: number; jobRunId?: number },
): LogEntry[] {
  const conditions = [];
  if (filter.module) conditions.push(eq(logs.module, filter.module));
  if (filter.jobRunId !== undefined) conditions.push(eq(logs.jobRunId, filter.jobRunId));
  if (filter.minLevel) conditions.push(inArray(logs.level, LEVELS.slice(LEVELS.indexOf(filter.minLevel))));
  const rows = db
    .select()
    .from(logs)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(logs.id))
    .limit(filter.limit)
    .all();
  return rows.map((r) => ({ id: r.id, at: r.at, level: r.level, module: r.module, message: r.message, details: r.details ?? null, jobRunId: r.jobRunId ?? null }));
}
