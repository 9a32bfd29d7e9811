/**
 * The reports through the real app: the built core (out/main/core.js) with the module installed
 * from its built package and enabled, each route called through `router.call` as the web
 * bridge and IPC do. The module then runs in its host (a worker thread) on its own connection to
 * the same database file the bench ingests into.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as CoreIndex from '../../src/main/core/index';
import type { Core } from '../../src/main/core/index';
import type { RouteCall } from '../../src/shared/contract';
import type { Inputs, ReportName } from './queries';
import { MODULE_DIR } from './db';

const root = resolve(import.meta.dirname, '..', '..');
const CORE_BUNDLE = join(root, 'out', 'main', 'core.js');
const MODULE_NAME = 'consumption-monitor';

export interface CorePath {
  core: Core;
  /** The app database: the module's tables live in it. */
  databaseFile: string;
}

/** Why the core path cannot run here, or null when it can. */
export function corePathMissing(): string | null {
  if (!existsSync(CORE_BUNDLE)) return `${CORE_BUNDLE} is missing (npm run build)`;
  if (!existsSync(join(MODULE_DIR, 'manifest.json'))) return 'modules/consumption-monitor/manifest.json is missing';
  if (!existsSync(join(MODULE_DIR, 'dist', 'main.js'))) return 'modules/consumption-monitor/dist/main.js is missing (node scripts/build-modules.js modules/consumption-monitor)';
  return null;
}

/** A core in `dataDir` with the module installed and enabled, in the bench's time zone. */
export async function startCore(dataDir: string, timezone: string): Promise<CorePath> {
  const { createCore, DATABASE_FILE_NAME } = (await import(pathToFileURL(CORE_BUNDLE).href)) as typeof CoreIndex;
  const core = createCore({ dataDir, mode: 'cli', builtInModules: [] });
  try {
    await core.start({ schedule: false });
    core.settings.set('timezone', timezone);
    await core.modules.install(MODULE_DIR);
    await core.modules.enable(MODULE_NAME);
  } catch (err) {
    await core.dispose();
    throw err;
  }
  return { core, databaseFile: join(dataDir, DATABASE_FILE_NAME) };
}

export type AsyncCall = (i: number) => Promise<unknown>;

/** Each report as a route call, with the inputs the library calls get. */
export function routeCalls(core: Core, input: Inputs): Record<ReportName, AsyncCall> {
  const call = async (path: string, query: RouteCall['query'] = {}): Promise<unknown> => {
    const r = await core.router.call({ module: MODULE_NAME, method: 'GET', path, query });
    if (!r.ok) throw new Error(`GET ${path} ${JSON.stringify(query)} answered ${r.error.code}: ${r.error.message}`);
    return r.data;
  };
  return {
    monthly: (i) => {
      const q = input.monthly(i);
      return call(`/monthly/${q.endpointId}`, { year: String(q.year), month: String(q.month) });
    },
    monthlySummary: (i) => {
      const q = input.monthlySummary(i);
      return call('/monthly-summary', { year: String(q.year), month: String(q.month) });
    },
    summary: (i) => {
      const q = input.summary(i);
      return call('/summary', { period: 'month', from: String(q.from), to: String(q.to) });
    },
    live: () => call('/live'),
    readings: (i) => {
      const q = input.readings(i);
      return call('/readings', { endpointId: String(q.endpointId), limit: '1000', ...(q.cursor === undefined ? {} : { cursor: q.cursor }) });
    },
  };
}
