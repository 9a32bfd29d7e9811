import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpMethod } from '../../src/shared/contract';
import { createCore, type Core } from '../../src/main/core/core';
import { tempDataDir, waitFor, writeModule, type TempDir } from '../helpers/module-fixtures';

/**
 * Modules that throw, hang, exhaust memory, exit or crash: each goes to ERROR with a message
 * saying what happened, while the core and a healthy module keep answering.
 */

const LIMITS = { activateTimeoutMs: 1500, memoryLimitMb: 64, defaultRouteTimeoutMs: 5000 };

let data: TempDir;
let packages: TempDir;
let core: Core;

const call = (module: string, path: string, method: HttpMethod = 'GET') => core.router.call({ module, method, path });
const detail = async (name: string) => {
  const result = await call('core', `/modules/${name}`);
  if (!result.ok) throw new Error(result.error.message);
  return result.data as { state: string; error: string | null; running: boolean };
};

/** Module states change when its thread dies, a moment after the call that killed it answered. */
const untilError = (name: string) =>
  waitFor(async () => {
    const d = await detail(name);
    return d.state === 'ERROR' && d;
  }, 10_000, `${name} to be in ERROR`);

/** A module with GET /ok plus whatever `activateBody` adds; `ctx` is in scope. */
function moduleSource(activateBody: string): string {
  return `export default {
  activate(ctx) {
    ctx.routes.get('/ok', () => ({ ok: true }));
    ${activateBody}
  },
};
`;
}

async function install(name: string, activateBody: string): Promise<void> {
  const dir = writeModule(join(packages.dir, name), { name, version: '1.0.0', mainSource: moduleSource(activateBody) });
  await core.modules.install(dir);
}

async function installEnabled(name: string, activateBody: string): Promise<void> {
  await install(name, activateBody);
  await core.modules.enable(name);
}

/** The core and the healthy module answer in time: a misbehaving module blocks neither the main thread nor other hosts. */
async function expectOthersAnswer(): Promise<void> {
  const started = performance.now();
  const [info, healthy] = await Promise.all([call('core', '/info'), call('healthy', '/ok')]);
  expect(info.ok).toBe(true);
  expect(healthy).toEqual({ ok: true, data: { ok: true } });
  expect(performance.now() - started).toBeLessThan(2000);
}

/** Runs `work` and, while it is still pending, proves the rest of the app answers. */
async function whileRunning<T>(work: Promise<T>): Promise<T> {
  let settled = false;
  const tracked = work.finally(() => {
    settled = true;
  });
  await expectOthersAnswer();
  expect(settled).toBe(false);
  return tracked;
}

beforeAll(async () => {
  data = tempDataDir();
  packages = tempDataDir('nxforge-packages-');
  core = createCore({ dataDir: data.dir, mode: 'cli', builtInModules: [], hostLimits: LIMITS });
  await core.start();
  await installEnabled('healthy', '');
});

afterAll(async () => {
  await core?.dispose();
  data?.cleanup();
  packages?.cleanup();
});

describe('a module that fails while activating', () => {
  it('throws in activate: ERROR with the thrown message', async () => {
    await install('throws-on-start', "throw new Error('the meter table is missing');");
    const result = await call('core', '/modules/throws-on-start/enable', 'POST');
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'MODULE_UNAVAILABLE', message: 'throws-on-start could not be enabled: activate() threw: the meter table is missing' },
    });
    expect(await detail('throws-on-start')).toMatchObject({ state: 'ERROR', error: 'activate() threw: the meter table is missing', running: false });
    expect((await call('throws-on-start', '/ok')).ok).toBe(false);
    await expectOthersAnswer();
  });

  it('loops forever in activate: stopped after activateTimeoutMs, ERROR says so', async () => {
    await install('loops-on-start', 'for (;;) {}');
    const result = await whileRunning(call('core', '/modules/loops-on-start/enable', 'POST'));
    expect(result.ok).toBe(false);
    const message = `activate() did not finish within ${LIMITS.activateTimeoutMs} ms; the module was stopped.`;
    expect(await detail('loops-on-start')).toMatchObject({ state: 'ERROR', error: message });
    const routed = await call('loops-on-start', '/ok');
    expect(routed).toMatchObject({ ok: false, error: { code: 'MODULE_UNAVAILABLE' } });
    expect(!routed.ok && routed.error.message).toContain(message);
    await expectOthersAnswer();
  });
});

describe('a running module that misbehaves', () => {
  it('allocates without limit: the worker runs out of memory, ERROR names the limit', async () => {
    await installEnabled(
      'memory-hog',
      "ctx.routes.get('/hog', () => { const keep = []; for (let i = 0; ; i++) keep.push(new Array(100000).fill(i)); });",
    );
    const result = await whileRunning(call('memory-hog', '/hog'));
    expect(result).toMatchObject({ ok: false, error: { code: 'MODULE_UNAVAILABLE' } });
    expect(!result.ok && result.error.message).toContain(`ran out of memory (limit ${LIMITS.memoryLimitMb} MB)`);
    expect((await untilError('memory-hog')).error).toBe(`The module stopped: it ran out of memory (limit ${LIMITS.memoryLimitMb} MB). Enable it to start it again.`);
    await expectOthersAnswer();
  });

  it('calls process.exit(3) in a route: only its thread ends; enable starts it again', async () => {
    await installEnabled('exits', "ctx.routes.post('/exit', () => process.exit(3));");
    const result = await call('exits', '/exit', 'POST');
    expect(result).toMatchObject({ ok: false, error: { code: 'MODULE_UNAVAILABLE' } });
    expect(await detail('exits')).toMatchObject({
      state: 'ERROR',
      error: 'The module stopped: the module host exited with code 3 (process.exit or a crash). Enable it to start it again.',
    });
    expect(await call('exits', '/ok')).toMatchObject({ ok: false, error: { code: 'MODULE_UNAVAILABLE' } });
    await expectOthersAnswer();

    const enabled = await call('core', '/modules/exits/enable', 'POST');
    expect(enabled).toMatchObject({ ok: true, data: { state: 'ENABLED', error: null, running: true } });
    expect(await call('exits', '/ok')).toEqual({ ok: true, data: { ok: true } });
  });

  it('throws in a timer after activation (a crash): ERROR with the uncaught error', async () => {
    await installEnabled('crashes-later', "setTimeout(() => { throw new Error('late failure in a timer'); }, 300);");
    expect((await untilError('crashes-later')).error).toBe('The module stopped: late failure in a timer. Enable it to start it again.');
    expect(await call('crashes-later', '/ok')).toMatchObject({ ok: false, error: { code: 'MODULE_UNAVAILABLE' } });
    await expectOthersAnswer();
  });

  it('busy-loops in a route past its timeout: TIMEOUT, then stopped as hung; enable starts it again', async () => {
    await installEnabled('spins', "ctx.routes.get('/spin', { timeoutMs: 1000 }, () => { for (;;) {} });");
    const result = await whileRunning(call('spins', '/spin'));
    expect(result).toEqual({ ok: false, error: { code: 'TIMEOUT', message: 'GET /spin did not answer within 1000 ms' } });
    await expectOthersAnswer();
    expect((await untilError('spins')).error).toBe(
      'Route GET /spin hung past its timeout and the module stopped answering; it was stopped. Enable it to start it again.',
    );
    expect(await call('spins', '/ok')).toMatchObject({ ok: false, error: { code: 'MODULE_UNAVAILABLE' } });
    await expectOthersAnswer();

    expect(await call('core', '/modules/spins/enable', 'POST')).toMatchObject({ ok: true, data: { state: 'ENABLED' } });
    expect(await call('spins', '/ok')).toEqual({ ok: true, data: { ok: true } });
  });

  it('is merely slow in an async route: TIMEOUT, but it keeps running', async () => {
    await installEnabled('slow', "ctx.routes.get('/slow', { timeoutMs: 1000 }, () => new Promise((r) => setTimeout(() => r({ late: true }), 2500)));");
    const result = await whileRunning(call('slow', '/slow'));
    expect(result).toEqual({ ok: false, error: { code: 'TIMEOUT', message: 'GET /slow did not answer within 1000 ms' } });
    // The hang check pings the host for up to a second; a live event loop answers it.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(await detail('slow')).toMatchObject({ state: 'ENABLED', error: null, running: true });
    expect(await call('slow', '/ok')).toEqual({ ok: true, data: { ok: true } });
  });
});

describe('after all of that', () => {
  it('the core lists every module with its state and the healthy one still answers', async () => {
    await expectOthersAnswer();
    const list = await call('core', '/modules');
    const states = Object.fromEntries((list.ok ? (list.data as { name: string; state: string }[]) : []).map((m) => [m.name, m.state]));
    expect(states).toEqual({
      'crashes-later': 'ERROR',
      exits: 'ENABLED',
      healthy: 'ENABLED',
      'loops-on-start': 'ERROR',
      'memory-hog': 'ERROR',
      slow: 'ENABLED',
      spins: 'ENABLED',
      'throws-on-start': 'ERROR',
    });
  });
});
