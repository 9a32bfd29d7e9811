import { z } from 'zod';
import type { CoreInfo, LogEntry, ModuleListItem, SettingDescriptor } from '../../shared/core-api';
import type { Core } from './core';
import { listLogs } from './logs/logger';
import { toListItem } from './modules/module-routes';
import type { RouteDefinition } from './router/router';

const settingValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** The `core` module's routes; each handler calls named functions, never SQL. */
export function coreRoutes(core: Core): RouteDefinition<never, never, never, unknown>[] {
  const routes = [
    {
      module: 'core',
      method: 'GET',
      path: '/info',
      summary: 'App version, data folder, database and installed modules',
      handler: (): CoreInfo => core.info(),
    },
    {
      module: 'core',
      method: 'GET',
      path: '/modules',
      summary: 'Installed and built-in modules with their state, version, source, permissions and last error',
      handler: (): ModuleListItem[] => core.modules.list().map((row) => toListItem(row, core.modules.isRunning(row.name))),
    },
    {
      module: 'core',
      method: 'GET',
      path: '/routes',
      summary: 'Every route with its input and output JSON Schema',
      query: z.object({ module: z.string().optional() }),
      handler: async ({ query }: { query: { module?: string } }) => {
        // Module routes exist once a module's host has started: start the ones asked about.
        const names = core.modules.list().map((m) => m.name).filter((n) => (query.module === undefined || n === query.module) && core.modules.isRunning(n));
        await Promise.all(names.map((n) => core.modules.host(n).catch(() => undefined)));
        return core.router.list(query.module);
      },
    },
    {
      module: 'core',
      method: 'GET',
      path: '/settings',
      summary: 'Core settings with their current and default values',
      handler: (): SettingDescriptor[] => core.settings.list(),
    },
    {
      module: 'core',
      method: 'PUT',
      path: '/settings/:key',
      summary: 'Change one core setting',
      params: z.object({ key: z.string() }),
      body: z.object({ value: settingValue }, { error: 'expected an object { "value": ... }' }),
      handler: ({ params, body }: { params: { key: string }; body: { value: unknown } }): SettingDescriptor =>
        core.settings.set(params.key, body.value),
    },
    {
      module: 'core',
      method: 'GET',
      path: '/logs',
      summary: 'Recent log lines, newest first',
      query: z.object({
        module: z.string().optional(),
        level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
      }),
      handler: ({ query }: { query: { module?: string; level?: LogEntry['level']; limit: number } }): LogEntry[] =>
        listLogs(core.db.db, { module: query.module, minLevel: query.level, limit: query.limit }),
    },
  ];
  return routes as unknown as RouteDefinition<never, never, never, unknown>[];
}
