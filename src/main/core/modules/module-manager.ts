import type Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import type { ModuleManifest, ModuleState } from '../../../shared/manifest';
import type { CoreDb } from '../db/database';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logs/logger';
import { AppError } from '../router/app-error';
import type { Router } from '../router/router';
import type { SecretStore } from '../secrets/secret-store';
import { DEFAULT_HOST_LIMITS, HostStartError, ModuleHost, type HostLimits } from './host/module-host';
import { jsonSchemaInput } from './json-schema-input';
import { authorName, checkCompatibility, commitStaged, dryRunMigrations, readManifest, stage, type InstallReport } from './module-installer';
import { applyModuleMigrations, dropModuleObjects, MigrationError, readMigrationFolder } from './module-migrations';
import { deleteModuleRow, getModuleRow, listModuleRows, setModuleState, upsertModuleRow, type ModuleRow } from './module-repository';
import { effectiveSettings, updateSettings } from './module-settings';
import { syncModuleJobs } from '../jobs/job-repository';

export interface ModuleManagerOptions {
  sqlite: Database.Database;
  db: CoreDb;
  databaseFile: string;
  router: Router;
  events: EventBus;
  logger: Logger;
  secrets: SecretStore;
  dataDir: string;
  appVersion: string;
  /** Folders of modules shipped with the app, enabled on first start. */
  builtIn: string[];
  limits?: Partial<HostLimits>;
  /** The app's time zone setting, given to each host as it starts (ctx.app.timeZone()). */
  timeZone?: () => string;
}

/** A host that did not start; the module is in ERROR with this message. */
class StartFailure extends Error {}

/** Runs a module's scrape with the app's shared browser; set by the core once jobs exist. */
export type ModuleScraper = (module: string, task: unknown, runId: number | undefined) => Promise<unknown>;

interface Running {
  /** Null until the module is first used (see enableUnlocked's onDemand). */
  host: ModuleHost | null;
  /** Enabled: calls are taken (an eager enable sets it once the host answers). */
  ready: boolean;
  activation: Promise<ModuleHost> | null;
  disposeRoutes: () => void;
}

/**
 * Owns every module's lifecycle: install, enable (migrations, host, routes), disable,
 * upgrade, uninstall. States persist in the modules table; one operation per module at a time.
 */
export class ModuleManager {
  private readonly running = new Map<string, Running>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly limits: HostLimits;
  private scraper: ModuleScraper | null = null;
  readonly modulesDir: string;

  constructor(private readonly o: ModuleManagerOptions) {
    this.limits = { ...DEFAULT_HOST_LIMITS, ...o.limits };
    this.modulesDir = join(o.dataDir, 'modules');
  }

  setScraper(scraper: ModuleScraper): void {
    this.scraper = scraper;
  }

  /** Records the modules shipped with the app; new ones start enabled. */
  registerBuiltIns(): void {
    for (const dir of this.o.builtIn) {
      const manifest = readManifest(dir, this.o.appVersion);
      const existing = getModuleRow(this.o.db, manifest.name);
      if (existing && existing.source === 'installed') {
        this.o.logger.warn(`An installed module named ${manifest.name} shadows the built-in one; keeping the installed one.`);
        continue;
      }
      const state: ModuleState = existing ? (existing.state as ModuleState) : 'ENABLED';
      upsertModuleRow(this.o.db, { name: manifest.name, manifest, source: 'built-in', path: dir, sha256: null, state });
      if (existing?.error) setModuleState(this.o.db, manifest.name, state, existing.error);
    }
  }

  /** Restarts every module that was enabled when the app last ran, dependencies first. */
  async start(): Promise<void> {
    await rm(join(this.modulesDir, '.staging'), { recursive: true, force: true });
    const toStart = listModuleRows(this.o.db).filter((r) => ['ENABLED', 'ENABLING', 'UPDATING'].includes(r.state));
    // Hosts start on first use; migrations and jobs are settled now, dependencies first.
    for (const level of this.dependencyLevels(toStart)) {
      await Promise.all(level.map((row) => this.locked(row.name, () => this.enableUnlocked(row.name, { onDemand: true })).catch(() => undefined)));
    }
    for (const row of listModuleRows(this.o.db)) {
      if (!this.running.has(row.name)) this.o.router.setUnavailable(row.name, unavailableReason(row));
    }
  }

  list(): ModuleRow[] {
    return listModuleRows(this.o.db);
  }

  get(name: string): ModuleRow {
    const row = getModuleRow(this.o.db, name);
    if (!row) throw new AppError('NOT_FOUND', `No module named "${name}" is installed.`);
    return row;
  }

  manifest(name: string): ModuleManifest {
    return this.get(name).manifest as ModuleManifest;
  }

  isRunning(name: string): boolean {
    return this.running.get(name)?.ready ?? false;
  }

  /** The folder a module's files are served from, only while it is enabled. */
  filesRoot(name: string): string | null {
    return this.isRunning(name) ? (getModuleRow(this.o.db, name)?.path ?? null) : null;
  }

  install(source: string, options: { force?: boolean } = {}): Promise<InstallReport> {
    return this.stageThen(source, options);
  }

  private async stageThen(source: string, options: { force?: boolean }): Promise<InstallReport> {
    const staged = await stage(source, this.modulesDir, this.o.appVersion);
    const { manifest } = staged;
    try {
      return await this.locked(manifest.name, async () => {
        const existing = getModuleRow(this.o.db, manifest.name);
        if (existing?.source === 'built-in') {
          throw new AppError('CONFLICT', `${manifest.name} is built into the app and cannot be replaced; disable it instead.`);
        }
        checkCompatibility(manifest, this.o.appVersion, (dep) => getModuleRow(this.o.db, dep));
        let action: InstallReport['action'] = 'installed';
        if (existing) {
          const cmp = semver.compare(manifest.version, existing.version);
          if (cmp < 0 && !options.force) {
            throw new AppError('CONFLICT', `${manifest.name} ${existing.version} is installed; ${manifest.version} is older. Use --force to downgrade.`);
          }
          if (cmp === 0 && existing.sha256 === staged.sha256 && !options.force) {
            throw new AppError('CONFLICT', `${manifest.name} ${manifest.version} is installed already, with the same contents.`);
          }
          action = cmp > 0 ? 'upgraded' : cmp < 0 ? 'downgraded' : 'reinstalled';
        }
        dryRunMigrations(this.o.sqlite, manifest, staged.dir);

        const wasRunning = this.running.has(manifest.name);
        if (existing) this.transition(manifest.name, 'UPDATING');
        if (wasRunning) await this.stopHost(manifest.name, 'it is being updated');
        const target = join(this.modulesDir, manifest.name);
        await commitStaged(staged, target);
        const previous = existing?.state as ModuleState | undefined;
        const settled: ModuleState = !existing ? 'INSTALLED' : wasRunning ? 'UPDATING' : previous === 'INSTALLED' ? 'INSTALLED' : 'DISABLED';
        upsertModuleRow(this.o.db, { name: manifest.name, manifest, source: 'installed', path: target, sha256: staged.sha256, state: settled });
        this.o.logger.child(manifest.name).info(`${action} ${manifest.name} ${manifest.version} (sha256 ${staged.sha256})`);
        this.publishState(manifest.name);
        // Until it is enabled, calls answer MODULE_UNAVAILABLE, as they do after a restart.
        if (!wasRunning) this.o.router.setUnavailable(manifest.name, unavailableReason(this.get(manifest.name)));
        // An upgrade of a running module starts the new version at once, running its new migrations.
        if (wasRunning) await this.enableUnlocked(manifest.name).catch(() => undefined);
        return {
          name: manifest.name,
          displayName: manifest.displayName,
          version: manifest.version,
          previousVersion: existing?.version ?? null,
          action,
          author: authorName(manifest),
          permissions: manifest.permissions ?? [],
          sha256: staged.sha256,
          files: staged.files.length,
          bytes: staged.totalBytes,
        };
      });
    } finally {
      await rm(staged.dir, { recursive: true, force: true });
    }
  }

  enable(name: string): Promise<ModuleRow> {
    return this.locked(name, () => this.enableUnlocked(name));
  }

  /**
   * Enables a module: dependencies checked, migrations applied, jobs recorded. `onDemand` (used
   * at app start for modules that were enabled before) leaves the host unstarted until the
   * module's first route call or job, so start-up time does not grow with the module count;
   * otherwise the host starts now, so that an enable reports a module that cannot start.
   */
  private async enableUnlocked(name: string, options: { onDemand?: boolean } = {}): Promise<ModuleRow> {
    const row = this.get(name);
    if (this.running.has(name)) return row;
    const manifest = row.manifest as ModuleManifest;
    for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
      const depRow = getModuleRow(this.o.db, dep);
      if (!depRow || !this.isRunning(dep) || !semver.satisfies(depRow.version, range, { includePrerelease: true })) {
        const message = `${name} needs module ${dep} ${range} enabled first.`;
        this.fail(name, message);
        throw new AppError('CONFLICT', message);
      }
    }
    this.transition(name, 'ENABLING');
    const log = this.o.logger.child(name);
    try {
      const applied = applyModuleMigrations(this.o.sqlite, name, readMigrationFolder(join(row.path, manifest.migrations ?? 'migrations')));
      if (applied.length) log.info(`Applied migrations: ${applied.join(', ')}`);
      syncModuleJobs(this.o.db, manifest);
      const entry: Running = { host: null, ready: false, activation: null, disposeRoutes: () => undefined };
      this.running.set(name, entry);
      if (options.onDemand) {
        this.o.router.setActivator(name, async () => {
          await this.host(name);
        });
      } else {
        await this.activate(name);
      }
      entry.ready = true;
      this.o.router.setUnavailable(name, null);
      this.transition(name, 'ENABLED');
      log.info(`Enabled ${name} ${manifest.version}${options.onDemand ? ' (its host starts on first use)' : ''}`);
      return this.get(name);
    } catch (err) {
      // A host that did not start has put the module in ERROR with its reason already.
      if (err instanceof StartFailure) throw new AppError('MODULE_UNAVAILABLE', `${name} could not be enabled: ${err.message}`);
      const message = err instanceof MigrationError || err instanceof AppError ? err.message : `Enabling failed: ${(err as Error).message}`;
      this.running.delete(name);
      this.o.router.setActivator(name, null);
      this.fail(name, message);
      throw new AppError('MODULE_UNAVAILABLE', `${name} could not be enabled: ${message}`);
    }
  }

  /**
   * The host of an enabled module, started on first need (a route call, a job, the API
   * reference). Concurrent callers share one start. A host that fails to start puts the module
   * in ERROR, as an enable would.
   */
  async host(name: string): Promise<ModuleHost> {
    const entry = this.running.get(name);
    if (!entry) throw new AppError('MODULE_UNAVAILABLE', `Module "${name}" is not enabled.`);
    if (entry.host) return entry.host;
    try {
      return await this.activate(name);
    } catch (err) {
      if (err instanceof StartFailure) throw new AppError('MODULE_UNAVAILABLE', `${name} could not be started: ${err.message}`);
      throw err;
    }
  }

  /** Whether the module's host is up (an enabled module may still be waiting for its first use). */
  isActive(name: string): boolean {
    return Boolean(this.running.get(name)?.host);
  }

  private activate(name: string): Promise<ModuleHost> {
    const entry = this.running.get(name);
    if (!entry) return Promise.reject(new AppError('MODULE_UNAVAILABLE', `Module "${name}" is not enabled.`));
    if (entry.host) return Promise.resolve(entry.host);
    entry.activation ??= this.startHost(name, entry).finally(() => {
      entry.activation = null;
    });
    return entry.activation;
  }

  private async startHost(name: string, entry: Running): Promise<ModuleHost> {
    const row = this.get(name);
    const manifest = row.manifest as ModuleManifest;
    const log = this.o.logger.child(name);
    let host: ModuleHost;
    try {
      host = await ModuleHost.start(
        {
          module: name,
          version: manifest.version,
          moduleDir: row.path,
          entryFile: join(row.path, manifest.entry ?? 'dist/main.js'),
          databaseFile: this.o.databaseFile,
          storageDir: join(this.o.dataDir, 'module-data', name),
          permissions: manifest.permissions ?? [],
          settings: effectiveSettings(this.o.db, manifest),
          timeZone: this.o.timeZone?.() ?? 'UTC',
        },
        {
          log: (level, message, details, runId) => (runId ? log.forRun(runId) : log)[level](message, details),
          event: (topic, payload) => this.o.events.publish(`${name}:${topic}`, payload),
          secret: async (op, key, value) => {
            if (op === 'get') return this.o.secrets.get(name, key);
            if (op === 'set') this.o.secrets.set(name, key, value ?? '');
            else this.o.secrets.delete(name, key);
            return null;
          },
          crashed: (reason) => this.onCrash(name, reason),
          scrape: async (task, runId) => {
            if (!(manifest.permissions ?? []).includes('network:outbound')) {
              throw new Error(`Module ${name} did not ask for the network:outbound permission, which scraping needs.`);
            }
            if (!this.scraper) throw new Error('Scraping is not available in this process.');
            return this.scraper(name, task, runId);
          },
        },
        this.limits,
      );
      try {
        entry.disposeRoutes = this.registerRoutes(name, host);
      } catch (err) {
        await host.kill();
        throw err;
      }
    } catch (err) {
      const message = err instanceof HostStartError || err instanceof AppError ? err.message : `Starting failed: ${(err as Error).message}`;
      if (this.running.get(name) === entry) {
        this.running.delete(name);
        this.o.router.setActivator(name, null);
        this.fail(name, message);
      }
      throw new StartFailure(message);
    }
    // Disabled or uninstalled while it was starting: this host is not wanted any more.
    if (this.running.get(name) !== entry) {
      entry.disposeRoutes();
      await host.stop();
      throw new AppError('MODULE_UNAVAILABLE', `Module "${name}" was stopped while it was starting.`);
    }
    entry.host = host;
    this.o.router.setActivator(name, null);
    log.info(`Started the host of ${name} ${manifest.version}`);
    return host;
  }

  disable(name: string): Promise<ModuleRow> {
    return this.locked(name, async () => {
      this.get(name);
      const dependents = this.list().filter(
        (r) => this.running.has(r.name) && Object.keys((r.manifest as ModuleManifest).dependencies ?? {}).includes(name),
      );
      if (dependents.length) {
        throw new AppError('CONFLICT', `${dependents.map((d) => d.name).join(', ')} depend on ${name}: disable them first.`);
      }
      this.transition(name, 'DISABLING');
      await this.stopHost(name, 'it is disabled');
      this.transition(name, 'DISABLED');
      this.o.router.setUnavailable(name, 'it is disabled; enable it on the Modules page or with nxforge module enable');
      this.o.logger.child(name).info(`Disabled ${name}`);
      return this.get(name);
    });
  }

  uninstall(name: string, options: { purge?: boolean } = {}): Promise<{ name: string; purged: boolean; droppedTables: string[] }> {
    return this.locked(name, async () => {
      const row = this.get(name);
      if (row.source === 'built-in') throw new AppError('CONFLICT', `${name} is built into the app; it can be disabled, not uninstalled.`);
      const dependents = this.list().filter((r) => r.name !== name && Object.keys((r.manifest as ModuleManifest).dependencies ?? {}).includes(name));
      if (dependents.length) throw new AppError('CONFLICT', `${dependents.map((d) => d.name).join(', ')} depend on ${name}: uninstall them first.`);
      this.transition(name, 'REMOVING');
      await this.stopHost(name, 'it is being uninstalled');
      await rm(row.path, { recursive: true, force: true });
      let droppedTables: string[] = [];
      if (options.purge) {
        droppedTables = dropModuleObjects(this.o.sqlite, name);
        this.o.sqlite.prepare('delete from settings where scope = ?').run(name);
        this.o.secrets.deleteScope(name);
        await rm(join(this.o.dataDir, 'module-data', name), { recursive: true, force: true });
      }
      deleteModuleRow(this.o.db, name);
      this.o.router.removeModule(name);
      this.o.router.setUnavailable(name, null);
      this.o.logger.child(name).info(`Uninstalled ${name}${options.purge ? ', data purged' : ', data kept'}`);
      this.o.events.publish('core:module.state', { name, state: 'UNINSTALLED', error: null });
      return { name, purged: Boolean(options.purge), droppedTables };
    });
  }

  updateSettings(name: string, values: Record<string, unknown>): void {
    const manifest = this.manifest(name);
    updateSettings(this.o.db, this.o.secrets, manifest, values);
    this.running.get(name)?.host?.updateSettings(effectiveSettings(this.o.db, manifest));
    this.o.events.publish('core:module.settings', { name });
  }

  /** Passes a change of the app's time zone setting to every running module. */
  updateTimeZone(timeZone: string): void {
    for (const entry of this.running.values()) entry.host?.updateTimeZone(timeZone);
  }

  async dispose(): Promise<void> {
    const names = [...this.running.keys()].reverse();
    for (const name of names) await this.stopHost(name, 'the app is stopping');
  }

  private registerRoutes(name: string, host: ModuleHost): () => void {
    const disposers: (() => void)[] = [];
    try {
      for (const route of host.routes) {
        let schemas;
        try {
          schemas = {
            params: route.params ? jsonSchemaInput(route.params, { coerce: true }) : undefined,
            query: route.query ? jsonSchemaInput(route.query, { coerce: true }) : undefined,
            body: route.body ? jsonSchemaInput(route.body, { coerce: false }) : undefined,
            output: route.output ? jsonSchemaInput(route.output, { coerce: false }) : undefined,
          };
        } catch (err) {
          throw new AppError('VALIDATION', `Route ${route.method} ${route.path} has an ${(err as Error).message}`);
        }
        disposers.push(
          this.o.router.add({
            module: name,
            method: route.method,
            path: route.path,
            summary: route.summary,
            ...schemas,
            handler: async ({ params, query, body }) => {
              const result = await host.callRoute(route.method, route.path, { params, query, body }, route.timeoutMs);
              if (result.ok) return result.data;
              if (result.error.code === 'TIMEOUT') void this.checkHung(name, host, `${route.method} ${route.path}`);
              throw new AppError(result.error.code, result.error.message, result.error.details);
            },
          }),
        );
      }
    } catch (err) {
      for (const d of disposers) d();
      throw err;
    }
    return () => {
      for (const d of disposers) d();
    };
  }

  /** A job attempt that ignored its timeout or cancel: stop the host if it no longer answers. */
  async stopIfHung(name: string, reason: string): Promise<void> {
    const host = this.running.get(name)?.host;
    if (!host) return;
    await this.checkHung(name, host, reason);
  }

  /** After a route timed out: a host whose event loop no longer answers is stuck, so it is stopped. */
  private async checkHung(name: string, host: ModuleHost, route: string): Promise<void> {
    if (await host.ping(1000)) return;
    if (this.running.get(name)?.host !== host) return;
    await this.stopHost(name, 'it hung');
    this.fail(name, `Route ${route} hung past its timeout and the module stopped answering; it was stopped. Enable it to start it again.`);
  }

  private onCrash(name: string, reason: string): void {
    const running = this.running.get(name);
    if (!running) return;
    running.disposeRoutes();
    this.running.delete(name);
    this.fail(name, `The module stopped: ${reason}. Enable it to start it again.`);
  }

  private async stopHost(name: string, why: string): Promise<void> {
    const running = this.running.get(name);
    if (!running) return;
    this.running.delete(name);
    this.o.router.setActivator(name, null);
    running.disposeRoutes();
    this.o.router.setUnavailable(name, why);
    // A host still starting stops itself once it sees it is no longer wanted.
    if (running.activation) await running.activation.catch(() => undefined);
    await running.host?.stop();
  }

  private fail(name: string, message: string): void {
    this.o.router.setUnavailable(name, message);
    if (getModuleRow(this.o.db, name)) {
      setModuleState(this.o.db, name, 'ERROR', message);
      this.publishState(name);
    }
    this.o.logger.child(name).error(message);
  }

  private transition(name: string, state: ModuleState): void {
    setModuleState(this.o.db, name, state);
    this.publishState(name);
  }

  private publishState(name: string): void {
    const row = getModuleRow(this.o.db, name);
    if (row) this.o.events.publish('core:module.state', { name, state: row.state, error: row.error });
  }

  /** Groups modules so that each one comes after every module it depends on. */
  private dependencyLevels(rows: ModuleRow[]): ModuleRow[][] {
    const depth = new Map<string, number>();
    const byName = new Map(rows.map((r) => [r.name, r]));
    const visit = (row: ModuleRow, seen: Set<string>): number => {
      const known = depth.get(row.name);
      if (known !== undefined) return known;
      if (seen.has(row.name)) return 0;
      seen.add(row.name);
      let d = 0;
      for (const dep of Object.keys((row.manifest as ModuleManifest).dependencies ?? {})) {
        const depRow = byName.get(dep);
        if (depRow) d = Math.max(d, visit(depRow, seen) + 1);
      }
      depth.set(row.name, d);
      return d;
    };
    for (const row of rows) visit(row, new Set());
    const levels: ModuleRow[][] = [];
    for (const row of rows) (levels[depth.get(row.name) ?? 0] ??= []).push(row);
    return levels.filter(Boolean);
  }

  private locked<T>(name: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.locks.set(name, next);
    void next.finally(() => {
      if (this.locks.get(name) === next) this.locks.delete(name);
    }).catch(() => undefined);
    return next;
  }
}

function unavailableReason(row: ModuleRow): string {
  if (row.state === 'ERROR') return row.error ?? 'it is in ERROR';
  if (row.state === 'DISABLED' || row.state === 'INSTALLED') return 'it is not enabled; enable it on the Modules page or with nxforge module enable';
  return `it is ${row.state.toLowerCase()}`;
}

/** Built-in module folders: `modules/<name>` in the app for each name the app ships enabled. */
export function builtInModuleDirs(appRootDir: string, names: string[]): string[] {
  return names.map((n) => join(appRootDir, 'modules', n)).filter((dir) => existsSync(join(dir, 'manifest.json')));
}

export function listModuleFolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'manifest.json')))
    .map((d) => join(dir, d.name));
}
