import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpMethod } from '../../src/shared/contract';
import { createCore, type Core } from '../../src/main/core/core';
import { tempDataDir, writeModule, type TempDir } from '../helpers/module-fixtures';

/**
 * Modules enabled before a restart start their host on first use: the app is ready without
 * waiting for them, and the first route call, job run or API reference starts the host once.
 */

let data: TempDir;
let packages: TempDir;
let core: Core;

const call = (module: string, path: string, method: HttpMethod = 'GET', query?: Record<string, string>) =>
  core.router.call({ module, method, path, query });
const activations = (name: string): string[] => {
  const file = join(data.dir, 'module-data', name, 'activations.log');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
};

/** GET /ok, a job, and one line in activations.log per activate(); it throws when its storage holds `broken`. */
const SOURCE = `import { appendFileSync, existsSync } from 'node:fs';
export default {
  activate(ctx) {
    if (existsSync(ctx.storage.dir + '/broken')) throw new Error('the broken marker is present');
    appendFileSync(ctx.storage.dir + '/activations.log', 'activated\\n');
    ctx.routes.get('/ok', () => ({ ok: true }));
    ctx.jobs.handle('tally', () => ({ tallied: true }));
  },
};
`;

async function restart(): Promise<void> {
  await core.dispose();
  core = createCore({ dataDir: data.dir, mode: 'cli', builtInModules: [] });
  await core.start();
}

beforeAll(async () => {
  data = tempDataDir();
  packages = tempDataDir('nxforge-packages-');
  core = createCore({ dataDir: data.dir, mode: 'cli', builtInModules: [] });
  await core.start();
  for (const name of ['counted', 'breaks-later']) {
    const dir = writeModule(join(packages.dir, name), {
      name,
      version: '1.0.0',
      mainSource: SOURCE,
      manifest: { jobs: { tally: { name: 'Tally', handler: 'tally', schedule: null, timeout: 10_000, retries: 0 } } },
    });
    await core.modules.install(dir);
    await core.modules.enable(name);
  }
});

afterAll(async () => {
  await core.dispose();
  data.cleanup();
  packages.cleanup();
});

describe('module hosts started on first use', () => {
  it('an enable from the user starts the host at once', () => {
    expect(core.modules.isActive('counted')).toBe(true);
    expect(activations('counted')).toHaveLength(1);
  });

  it('after a restart the module is ENABLED without a host; concurrent first calls start it once', async () => {
    await restart();
    expect(core.modules.get('counted')).toMatchObject({ state: 'ENABLED', error: null });
    expect(core.modules.isRunning('counted')).toBe(true);
    expect(core.modules.isActive('counted')).toBe(false);
    expect(activations('counted')).toHaveLength(1);

    const results = await Promise.all(Array.from({ length: 5 }, () => call('counted', '/ok')));
    expect(results).toEqual(Array.from({ length: 5 }, () => ({ ok: true, data: { ok: true } })));
    expect(core.modules.isActive('counted')).toBe(true);
    expect(activations('counted')).toHaveLength(2);
    expect(core.modules.isActive('breaks-later')).toBe(false);
  });

  it('a job run starts the host', async () => {
    await restart();
    const run = await call('core', '/jobs/counted:tally/run', 'POST', { wait: 'true' });
    expect(run).toMatchObject({ ok: true, data: { status: 'succeeded', result: { tallied: true } } });
    expect(activations('counted')).toHaveLength(3);
  });

  it("the module's API reference starts the host to list its routes", async () => {
    await restart();
    const detail = await call('core', '/modules/counted');
    expect(detail.ok && (detail.data as { routes: { path: string }[] }).routes.map((r) => r.path)).toEqual(['/ok']);
    expect(activations('counted')).toHaveLength(4);
  });

  it('a host that cannot start on first use answers MODULE_UNAVAILABLE with the reason and puts the module in ERROR', async () => {
    writeFileSync(join(data.dir, 'module-data', 'breaks-later', 'broken'), '');
    await restart();
    expect(core.modules.get('breaks-later').state).toBe('ENABLED');
    const first = await call('breaks-later', '/ok');
    expect(first).toEqual({
      ok: false,
      error: { code: 'MODULE_UNAVAILABLE', message: 'breaks-later could not be started: activate() threw: the broken marker is present' },
    });
    expect(core.modules.get('breaks-later')).toMatchObject({ state: 'ERROR', error: 'activate() threw: the broken marker is present' });
    expect(await call('breaks-later', '/ok')).toMatchObject({ ok: false, error: { code: 'MODULE_UNAVAILABLE' } });
    // The other module is untouched.
    expect(await call('counted', '/ok')).toEqual({ ok: true, data: { ok: true } });
  });

  it('a module disabled before its first use never starts and answers as disabled', async () => {
    await restart();
    const before = activations('counted').length;
    await core.modules.disable('counted');
    expect(core.modules.get('counted').state).toBe('DISABLED');
    const result = await call('counted', '/ok');
    expect(result).toMatchObject({ ok: false, error: { code: 'MODULE_UNAVAILABLE' } });
    expect(!result.ok && result.error.message).toContain('it is disabled');
    expect(activations('counted')).toHaveLength(before);
  });
});
