import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { CoreInfo } from '../../shared/core-api';
import { coreRoutes } from './core-routes';
import { openDatabase, type OpenedDatabase } from './db/database';
import { EventBus } from './events/event-bus';
import { createLogger, type Logger, type LogSink } from './logs/logger';
import { listModuleSummaries } from './modules/module-repository';
import { appVersion } from './paths';
import { Router } from './router/router';
import { CoreSettings } from './settings/core-settings';

export interface CoreOptions {
  dataDir: string;
  mode: CoreInfo['mode'];
  electronVersion?: string | null;
  /** Mirror of log lines for a console, e.g. pino in serve mode. */
  logEcho?: LogSink;
}

export interface Core {
  readonly dataDir: string;
  readonly db: OpenedDatabase;
  readonly router: Router;
  readonly events: EventBus;
  readonly settings: CoreSettings;
  readonly logger: Logger;
  info(): CoreInfo;
  dispose(): Promise<void>;
}

export const DATABASE_FILE_NAME = 'nxforge.db';

/** Builds the core: database, router with core routes, event bus. Everything here is plain Node. */
export function createCore(options: CoreOptions): Core {
  const startedAt = new Date().toISOString();
  const db = openDatabase(join(options.dataDir, DATABASE_FILE_NAME));
  const events = new EventBus();
  const logger = createLogger({ db: db.db, events, echo: options.logEcho });
  const router = new Router({ reportError: (message, details) => logger.error(message, details) });
  const settings = new CoreSettings(db.db, events);
  const disposers: (() => void)[] = [];
  const sqliteVersion = (db.sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v;
  const version = appVersion();

  const core: Core = {
    dataDir: options.dataDir,
    db,
    router,
    events,
    settings,
    logger,
    info: () => ({
      appName: 'NxForge Desktop',
      appVersion: version,
      mode: options.mode,
      dataDir: options.dataDir,
      databaseFile: db.file,
      databaseSizeBytes: databaseSize(db.file),
      sqliteVersion,
      coreSchemaVersion: db.schemaVersion,
      nodeVersion: process.versions.node,
      electronVersion: options.electronVersion ?? null,
      platform: `${process.platform} ${process.arch}`,
      timezone: settings.timezone(),
      startedAt,
      modules: listModuleSummaries(db.db),
    }),
    dispose: async () => {
      for (const dispose of disposers.reverse()) dispose();
      db.close();
    },
  };

  for (const route of coreRoutes(core)) disposers.push(router.add(route));
  return core;
}

/** Main file plus its WAL and shared-memory files: what the database occupies on disk. */
function databaseSize(file: string): number {
  let total = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      total += statSync(file + suffix).size;
    } catch {
      // The WAL and shm files come and go.
    }
  }
  return total;
}
