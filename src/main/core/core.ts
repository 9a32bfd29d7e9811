import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CoreInfo } from '../../shared/core-api';
import { coreRoutes } from './core-routes';
import { openDatabase, type OpenedDatabase } from './db/database';
import { EventBus } from './events/event-bus';
import { createLogger, type Logger, type LogSink } from './logs/logger';
import type { HostLimits } from './modules/host/module-host';
import { builtInModuleDirs, ModuleManager } from './modules/module-manager';
import { moduleRoutes } from './modules/module-routes';
import { jobRoutes } from './jobs/job-routes';
import { JobService, type JobServiceOptions } from './jobs/job-service';
import { createScrapingService, secretSessionStore, type ScrapingService, type ScrapingServiceOptions } from './scraping';
import { listModuleSummaries } from './modules/module-repository';
import { appRoot, appVersion } from './paths';
import { Router } from './router/router';
import { keyFileCipher, SecretStore, type SecretCipher } from './secrets/secret-store';
import { CoreSettings } from './settings/core-settings';

export interface CoreOptions {
  dataDir: string;
  mode: CoreInfo['mode'];
  electronVersion?: string | null;
  /** Mirror of log lines for a console, e.g. pino in serve mode. */
  logEcho?: LogSink;
  /** Electron passes safeStorage; headless mode uses a key file in the data folder. */
  secretCipher?: SecretCipher;
  /** Ciphers of secrets stored earlier with another kind; read, then re-encrypted with the one in use. */
  secretReaders?: SecretCipher[];
  /** Module folders shipped with the app; default: package.json `nxforge.builtInModules` under modules/. */
  builtInModules?: string[];
  hostLimits?: Partial<HostLimits>;
  /** Scraping service options (concurrency, idle close, a browser for tests). */
  scraping?: Omit<ScrapingServiceOptions, 'browserPath' | 'log'>;
  /** Scheduler and runner options: a manual clock and limits in tests. */
  jobs?: Omit<JobServiceOptions, 'db' | 'sqlite' | 'modules' | 'events' | 'logger' | 'settings' | 'dataDir'>;
}

export interface Core {
  readonly dataDir: string;
  readonly db: OpenedDatabase;
  readonly router: Router;
  readonly events: EventBus;
  readonly settings: CoreSettings;
  readonly logger: Logger;
  readonly secrets: SecretStore;
  readonly modules: ModuleManager;
  readonly jobs: JobService;
  readonly scraping: ScrapingService;
  info(): CoreInfo;
  /**
   * Starts the modules that were enabled, then the scheduler. The CLI passes schedule: false:
   * a one-off command must not fire or catch up scheduled jobs.
   */
  start(options?: { schedule?: boolean }): Promise<void>;
  dispose(): Promise<void>;
}

export const DATABASE_FILE_NAME = 'nxforge.db';

function defaultBuiltIns(): string[] {
  const pkg = JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { nxforge?: { builtInModules?: string[] } };
  return builtInModuleDirs(appRoot(), pkg.nxforge?.builtInModules ?? []);
}

/** Builds the core: database, router with core routes, events, secrets and modules. Plain Node. */
export function createCore(options: CoreOptions): Core {
  const startedAt = new Date().toISOString();
  const db = openDatabase(join(options.dataDir, DATABASE_FILE_NAME));
  const events = new EventBus();
  const logger = createLogger({ db: db.db, events, echo: options.logEcho });
  const router = new Router({ reportError: (message, details) => logger.error(message, details) });
  const settings = new CoreSettings(db.db, events);
  let cipher = options.secretCipher;
  if (!cipher) {
    const keyFile = keyFileCipher(join(options.dataDir, 'secret.key'));
    for (const warning of keyFile.warnings) logger.warn(warning);
    cipher = keyFile;
  }
  const secrets = new SecretStore(db.db, cipher, options.secretReaders);
  const version = appVersion();
  const modules = new ModuleManager({
    sqlite: db.sqlite,
    db: db.db,
    databaseFile: db.file,
    router,
    events,
    logger,
    secrets,
    dataDir: options.dataDir,
    appVersion: version,
    builtIn: options.builtInModules ?? defaultBuiltIns(),
    limits: options.hostLimits,
    timeZone: () => settings.timezone(),
  });
  modules.registerBuiltIns();
  const jobs = new JobService({ db: db.db, sqlite: db.sqlite, modules, events, logger, settings, dataDir: options.dataDir, ...options.jobs });
  const scraping = createScrapingService({
    browserPath: () => String(settings.get('scraping.browserPath') || '') || null,
    log: (level, message, details) => logger.child('scraping')[level](message, details),
    ...options.scraping,
  });
  modules.setScraper((module, task, runId) =>
    scraping.run(task, {
      signal: runId === undefined ? undefined : jobs.signalFor(runId),
      artifactsDir: runId === undefined ? join(options.dataDir, 'module-data', module, 'scrape-failures') : jobs.runner.artifactsDir(runId),
      sessions: secretSessionStore(secrets, module),
    }),
  );
  const disposers: (() => void)[] = [];
  disposers.push(
    events.subscribe('core:settings.changed', (event) => {
      const { key, value } = event.payload as { key: string; value: unknown };
      if (key === 'timezone') modules.updateTimeZone(String(value));
    }),
  );
  const sqliteVersion = (db.sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v;

  const core: Core = {
    dataDir: options.dataDir,
    db,
    router,
    events,
    settings,
    logger,
    secrets,
    modules,
    jobs,
    scraping,
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
    start: async (startOptions = {}) => {
      await modules.start();
      if (startOptions.schedule !== false) jobs.start();
    },
    dispose: async () => {
      await jobs.dispose();
      await modules.dispose();
      await scraping.dispose();
      for (const dispose of disposers.reverse()) dispose();
      db.close();
    },
  };

  for (const route of coreRoutes(core)) disposers.push(router.add(route));
  for (const route of moduleRoutes({ modules, router, db: db.db, sqlite: db.sqlite, secrets, events, jobs, dataDir: options.dataDir })) {
    disposers.push(router.add(route));
  }
  for (const route of jobRoutes({ db: db.db, jobs, modules, settings })) disposers.push(router.add(route));
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
