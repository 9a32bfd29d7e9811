import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCore, type Core, type CoreOptions } from '../../src/main/core/core';
import type { JobRunRecord, RunDetail } from '../../src/shared/core-api';
import type { HttpMethod } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';
import { APP_ROOT, tempDataDir, type TempDir } from '../helpers/module-fixtures';

/**
 * The real consumption-monitor package, built from the repo's sources into a folder of its own
 * (its pages are left out: they are not what these tests exercise), run as a built-in module of
 * a real core on a fresh data folder. The build folder sits under node_modules/.cache so that
 * the bundler resolves the module's dependencies from the app's node_modules.
 */

export const MODULE = 'consumption-monitor';
const SOURCE = join(APP_ROOT, 'modules', MODULE);
const BUILD_ROOT = join(APP_ROOT, 'node_modules', '.cache', 'nxforge-consumption-tests');

export async function buildConsumptionModule(target: string): Promise<string> {
  mkdirSync(target, { recursive: true });
  cpSync(join(SOURCE, 'manifest.json'), join(target, 'manifest.json'));
  cpSync(join(SOURCE, 'migrations'), join(target, 'migrations'), { recursive: true });
  cpSync(join(SOURCE, 'src'), join(target, 'src'), {
    recursive: true,
    filter: (from) => !from.endsWith('.test.ts') && !from.startsWith(join(SOURCE, 'src', 'ui')),
  });
  const script = pathToFileURL(join(APP_ROOT, 'scripts', 'build-modules.js')).href;
  const { buildModule } = (await import(script)) as { buildModule: (dir: string) => Promise<unknown> };
  await buildModule(target);
  if (!existsSync(join(target, 'dist', 'main.js'))) throw new Error(`Building ${target} produced no dist/main.js`);
  return target;
}

export interface Harness {
  core: Core;
  temp: TempDir;
  call<T = unknown>(method: HttpMethod, path: string, extra?: { query?: Record<string, string>; body?: unknown }): Promise<Result<T>>;
  /** Calls and returns the data; throws with the error's code and message otherwise. */
  data<T = unknown>(method: HttpMethod, path: string, extra?: { query?: Record<string, string>; body?: unknown }): Promise<T>;
  runJob(jobId: string, config?: Record<string, unknown>): Promise<RunDetail>;
  dispose(): Promise<void>;
}

export async function startHarness(options: Partial<CoreOptions> = {}): Promise<Harness> {
  const temp = tempDataDir('nxforge-consumption-');
  mkdirSync(BUILD_ROOT, { recursive: true });
  const buildDir = mkdtempSync(join(BUILD_ROOT, 'package-'));
  const moduleDir = await buildConsumptionModule(buildDir);
  const dataDir = join(temp.dir, 'data');
  mkdirSync(dataDir);
  const core = createCore({ dataDir, mode: 'cli', builtInModules: [moduleDir], scraping: { idleMs: 30_000 }, ...options });
  await core.start({ schedule: false });
  const call: Harness['call'] = (method, path, extra = {}) => core.router.call({ module: MODULE, method, path, ...extra });
  const data: Harness['data'] = async (method, path, extra) => {
    const result = await call(method, path, extra);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.data as never;
  };
  const runJob: Harness['runJob'] = async (jobId, config) => {
    if (config) {
      const saved = await core.router.call({ module: 'core', method: 'PUT', path: `/jobs/${MODULE}:${jobId}`, body: { config } });
      if (!saved.ok) throw new Error(`${saved.error.code}: ${saved.error.message}`);
    }
    const run = await core.router.call<JobRunRecord>({ module: 'core', method: 'POST', path: `/jobs/${MODULE}:${jobId}/run`, query: { wait: 'true' } });
    if (!run.ok) throw new Error(`${run.error.code}: ${run.error.message}`);
    const detail = await core.router.call<RunDetail>({ module: 'core', method: 'GET', path: `/runs/${run.data.id}` });
    if (!detail.ok) throw new Error(`${detail.error.code}: ${detail.error.message}`);
    return detail.data;
  };
  return {
    core,
    temp,
    call,
    data,
    runJob,
    dispose: async () => {
      await core.dispose();
      temp.cleanup();
      rmSync(buildDir, { recursive: true, force: true });
    },
  };
}
