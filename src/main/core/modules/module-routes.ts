import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { ModuleManifest } from '../../../shared/manifest';
import type { ModuleDetail, ModuleListItem, ModuleUiEntry } from '../../../shared/core-api';
import { listLogs } from '../logs/logger';
import type { RouteDefinition } from '../router/router';
import type { SecretStore } from '../secrets/secret-store';
import type { Router } from '../router/router';
import type { CoreDb } from '../db/database';
import type Database from 'better-sqlite3';
import type { ModuleManager } from './module-manager';
import { moduleTables } from './module-migrations';
import type { ModuleRow } from './module-repository';
import { describeSettings } from './module-settings';
import type { JobService } from '../jobs/job-service';
import { jobKey } from '../jobs/job-repository';
import type { EventBus } from '../events/event-bus';

const nameParams = z.object({ name: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'expected a kebab-case module name') });
const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export interface ModuleRoutesDeps {
  modules: ModuleManager;
  router: Router;
  db: CoreDb;
  sqlite: Database.Database;
  secrets: SecretStore;
  events: EventBus;
  jobs: JobService;
  dataDir: string;
}

export function toListItem(row: ModuleRow, running: boolean): ModuleListItem {
  const manifest = row.manifest as ModuleManifest;
  return {
    name: row.name,
    version: row.version,
    state: row.state,
    source: row.source,
    error: row.error,
    displayName: row.displayName,
    description: row.description,
    author: row.author,
    license: manifest.license ?? null,
    permissions: row.permissions,
    sha256: row.sha256,
    running,
    hasUi: Boolean(manifest.ui),
    installedAt: row.installedAt,
    updatedAt: row.updatedAt,
  };
}

/** Routes of the Modules page and the `nxforge module` commands, under `core`. */
export function moduleRoutes(d: ModuleRoutesDeps): RouteDefinition<never, never, never, unknown>[] {
  const detail = (name: string): ModuleDetail => {
    const row = d.modules.get(name);
    const manifest = row.manifest as ModuleManifest;
    return {
      ...toListItem(row, d.modules.isRunning(name)),
      manifest,
      settings: describeSettings(d.db, d.secrets, manifest),
      routes: d.router.list(name),
      tables: moduleTables(d.sqlite, name),
      migrations: d.sqlite
        .prepare('select filename, checksum, applied_at as appliedAt, execution_ms as executionMs from module_migrations where module = ? order by filename')
        .all(name) as ModuleDetail['migrations'],
    };
  };
  const routes = [
    {
      method: 'GET',
      path: '/modules/:name',
      summary: 'One module: manifest, settings, routes with their schemas, tables and migrations',
      params: nameParams,
      handler: async ({ params }: { params: { name: string } }) => {
        // The API reference lists the routes a module registers when its host starts.
        if (d.modules.isRunning(params.name)) await d.modules.host(params.name).catch(() => undefined);
        return detail(params.name);
      },
    },
    {
      method: 'POST',
      path: '/modules/install',
      summary: 'Install or upgrade a module from a folder or .nxmod file on this machine',
      body: z.object({ path: z.string().min(1), force: z.boolean().optional() }),
      handler: ({ body }: { body: { path: string; force?: boolean } }) => d.modules.install(body.path, { force: body.force }),
    },
    {
      method: 'POST',
      path: '/modules/upload',
      summary: 'Install or upgrade a module from an uploaded .nxmod file (base64)',
      body: z.object({
        fileName: z.string().min(1).max(200),
        contentBase64: z.string().min(1).max(Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 4, 'the file is larger than 100 MB'),
        force: z.boolean().optional(),
      }),
      handler: async ({ body }: { body: { fileName: string; contentBase64: string; force?: boolean } }) => {
        const dir = join(d.dataDir, 'modules', '.uploads');
        await mkdir(dir, { recursive: true });
        const file = join(dir, `${randomBytes(8).toString('hex')}-${basename(body.fileName).replace(/[^A-Za-z0-9._-]/g, '_')}`);
        await writeFile(file, Buffer.from(body.contentBase64, 'base64'), { mode: 0o600 });
        try {
          return await d.modules.install(file, { force: body.force });
        } finally {
          await rm(file, { force: true });
        }
      },
    },
    {
      method: 'POST',
      path: '/modules/:name/enable',
      summary: 'Enable a module: run its migrations, start its host, add its routes and pages',
      params: nameParams,
      handler: async ({ params }: { params: { name: string } }) => {
        await d.modules.enable(params.name);
        return detail(params.name);
      },
    },
    {
      method: 'POST',
      path: '/modules/:name/disable',
      summary: 'Disable a module: its routes answer MODULE_UNAVAILABLE and its pages go',
      params: nameParams,
      handler: async ({ params }: { params: { name: string } }) => {
        await d.modules.disable(params.name);
        return detail(params.name);
      },
    },
    {
      method: 'DELETE',
      path: '/modules/:name',
      summary: 'Uninstall a module; purge=true also drops its tables, settings, secrets and files',
      params: nameParams,
      query: z.object({ purge: z.enum(['true', 'false']).optional() }),
      handler: ({ params, query }: { params: { name: string }; query: { purge?: string } }) =>
        d.modules.uninstall(params.name, { purge: query.purge === 'true' }),
    },
    {
      method: 'GET',
      path: '/modules/:name/settings',
      summary: "A module's settings with their fields; secrets show only whether they are set",
      params: nameParams,
      handler: ({ params }: { params: { name: string } }) => describeSettings(d.db, d.secrets, d.modules.manifest(params.name)),
    },
    {
      method: 'PUT',
      path: '/modules/:name/settings',
      summary: "Change a module's settings; all values are checked before any is written",
      params: nameParams,
      body: z.object({ values: z.record(z.string(), z.unknown()) }),
      handler: ({ params, body }: { params: { name: string }; body: { values: Record<string, unknown> } }) => {
        d.modules.updateSettings(params.name, body.values);
        return describeSettings(d.db, d.secrets, d.modules.manifest(params.name));
      },
    },
    {
      method: 'GET',
      path: '/modules/:name/logs',
      summary: "A module's log, newest first",
      params: nameParams,
      query: z.object({
        level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
      }),
      handler: ({ params, query }: { params: { name: string }; query: { level?: 'debug'; limit: number } }) => {
        d.modules.get(params.name);
        return listLogs(d.db, { module: params.name, minLevel: query.level, limit: query.limit });
      },
    },
    {
      method: 'POST',
      path: '/modules/:name/jobs/:job/run',
      summary: "Run one of a module's jobs now, through its host, and answer the run record",
      params: z.object({ name: nameParams.shape.name, job: z.string().min(1) }),
      handler: async ({ params }: { params: { name: string; job: string } }) => {
        await d.modules.host(params.name);
        return d.jobs.runner.start(jobKey(params.name, params.job), 'manual').done;
      },
    },
    {
      method: 'GET',
      path: '/ui/modules',
      summary: 'Pages, sidebar items and widgets of the enabled modules, for the renderer',
      handler: (): ModuleUiEntry[] =>
        d.modules
          .list()
          .filter((row) => d.modules.isRunning(row.name) && (row.manifest as ModuleManifest).ui)
          .map((row) => {
            const manifest = row.manifest as ModuleManifest;
            const ui = manifest.ui as NonNullable<ModuleManifest['ui']>;
            const tag = `${row.version}-${(row.sha256 ?? row.updatedAt).slice(0, 12)}`;
            return {
              name: row.name,
              displayName: row.displayName,
              version: row.version,
              entryUrl: `modules/${row.name}/files/${ui.entry}?v=${encodeURIComponent(tag)}`,
              sidebar: ui.sidebar ?? null,
              pages: ui.pages ?? [],
              widgets: manifest.contributions?.widgets ?? [],
              navigation: manifest.contributions?.navigation ?? [],
            };
          }),
    },
  ];
  return routes.map((r) => ({ module: 'core', ...r })) as unknown as RouteDefinition<never, never, never, unknown>[];
}
