import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/core';
import { writeModule, tempDataDir, type TempDir } from '../../../test/helpers/module-fixtures';
import { runAllJobs, trayState } from './desktop-actions';
import { runRoute, startJobNotifier } from './job-notifier';
import type { JobNotification } from './notification-policy';

/**
 * Notifications and the tray's actions over a real core with a real module whose job fails or
 * works as its config says, run through the real runner.
 */
const MAIN = `export default {
  activate(ctx) {
    ctx.jobs.handle('meter', ({ config }) => {
      if (config.fail) throw new Error('meter unreachable');
      return { ok: true };
    });
  },
};
`;
const FAIL_FIELD = { fail: { type: 'boolean', label: 'Fail', default: true } };
const JOBS = {
  read: { name: 'Read meter', handler: 'meter', schedule: null, config: FAIL_FIELD },
  retried: { name: 'Read with retries', handler: 'meter', schedule: null, retries: 1, config: FAIL_FIELD },
  off: { name: 'Switched off', handler: 'meter', schedule: null, config: FAIL_FIELD },
};

async function call<T>(core: Core, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, query?: Record<string, string>): Promise<T> {
  const result = await core.router.call<T>({ module: 'core', method, path, body, query });
  if (!result.ok) throw new Error(`${method} ${path}: ${result.error.code} ${result.error.message}`);
  return result.data;
}
const run = (core: Core, job: string) => call<{ id: number; status: string }>(core, 'POST', `/jobs/notify-test:${job}/run`, undefined, { wait: 'true' });
const setFail = (core: Core, job: string, fail: boolean) => call(core, 'PUT', `/jobs/notify-test:${job}`, { config: { fail } });

describe('job notifications and tray actions with a real core', () => {
  let temp: TempDir;
  let core: Core;
  const shown: JobNotification[] = [];
  let stop: () => void;

  beforeAll(async () => {
    temp = tempDataDir('nxforge-notify-');
    core = createCore({ dataDir: temp.dir, mode: 'cli', builtInModules: [], jobs: { runner: { backoffBaseMs: 1, backoffCapMs: 5 } }, hostLimits: { activateTimeoutMs: 10_000 } });
    await core.start({ schedule: false });
    await core.modules.install(writeModule(join(temp.dir, 'pkg'), { name: 'notify-test', version: '1.0.0', manifest: { jobs: JOBS }, mainSource: MAIN }));
    await core.modules.enable('notify-test');
    await call(core, 'PUT', '/jobs/notify-test:off', { enabled: false });
    stop = startJobNotifier({
      db: core.db.db,
      events: core.events,
      enabledFor: (module) => core.settings.moduleNotificationsEnabled(module),
      show: (note) => shown.push(note),
      limits: { perJobIntervalMs: 0, maxPerHour: 100 },
    });
  });
  afterAll(async () => {
    stop?.();
    await core?.dispose();
    temp?.cleanup();
  });

  it('notifies when a job starts failing, once, and when it works again; the click target is that run', async () => {
    const failed = await run(core, 'read');
    expect(failed.status).toBe('failed');
    await run(core, 'read');
    await setFail(core, 'read', false);
    const recovered = await run(core, 'read');
    expect(recovered.status).toBe('succeeded');
    expect(shown).toEqual([
      { kind: 'failed', title: 'Read meter failed', body: 'meter unreachable', jobId: 'notify-test:read', runId: failed.id },
      { kind: 'recovered', title: 'Read meter works again', body: 'The last run succeeded.', jobId: 'notify-test:read', runId: recovered.id },
    ]);
    expect(runRoute('notify-test:read', failed.id)).toBe(`#/jobs/notify-test:read/runs/${failed.id}`);
  });

  it('waits for the last attempt: a failure that is retried is not announced until the retry fails', async () => {
    shown.length = 0;
    const last = await run(core, 'retried');
    expect(last.status).toBe('failed');
    expect(shown.map((n) => [n.kind, n.runId])).toEqual([['failed', last.id]]);
  });

  it('stays quiet for a module whose notifications are off, and when all are off', async () => {
    shown.length = 0;
    await setFail(core, 'read', true);
    await call(core, 'PUT', '/settings/desktop.notifications.module.notify-test', { value: false });
    await run(core, 'read');
    expect(shown).toEqual([]);
    await call(core, 'PUT', '/settings/desktop.notifications.module.notify-test', { value: true });
    await call(core, 'PUT', '/settings/desktop.notifications', { value: false });
    await setFail(core, 'read', false);
    await run(core, 'read');
    await setFail(core, 'read', true);
    await run(core, 'read');
    expect(shown).toEqual([]);
    await call(core, 'PUT', '/settings/desktop.notifications', { value: true });
  });

  it('lists a notification switch per module among the settings, and refuses a bad value', async () => {
    const settings = await call<{ key: string; value: unknown }[]>(core, 'GET', '/settings');
    expect(settings.find((s) => s.key === 'desktop.notifications.module.notify-test')).toMatchObject({ value: true });
    const bad = await core.router.call({ module: 'core', method: 'PUT', path: '/settings/desktop.notifications.module.notify-test', body: { value: 'yes' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const unknown = await core.router.call({ module: 'core', method: 'PUT', path: '/settings/desktop.notifications.module.Bad_Name', body: { value: true } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('"run all collections now" starts every switched-on job once, and the tray sums them up', async () => {
    await setFail(core, 'read', false);
    const jobs = { db: core.db.db, runner: core.jobs.runner, isModuleRunning: (m: string) => core.modules.isRunning(m) };
    const { started, skipped } = runAllJobs(jobs);
    expect(started).toHaveLength(2);
    expect(skipped).toEqual(['notify-test:off']);
    expect(trayState(jobs, core.settings, false).collecting).toBe(true);
    await core.jobs.runner.idle();
    const state = trayState(jobs, core.settings, false, 'en-GB');
    expect(state.collecting).toBe(false);
    expect(state.lastCollection).toMatchObject({ ok: 1, failed: 1 });
    expect(state.schedulesPaused).toBe(false);
    expect(state.formatTime('2026-06-01T10:15:00.000Z')).toMatch(/\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}/);
  });
});
