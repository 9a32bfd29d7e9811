import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRunRecord, RunDetail } from '../../src/shared/core-api';
import { createCore, type Core } from '../../src/main/core/core';
import { startMeterServer, METER_DEFAULTS, type MeterServer } from '../fixtures/meter-server';
import { tempDataDir, waitFor, writeModule, type TempDir } from '../helpers/module-fixtures';

/** A module that reads the fixture meter through ctx.scraping from its jobs. */
function scrapeModuleSource(): string {
  return `export default {
  activate(ctx) {
    const login = { type: 'form', loginUrl: '/meter/login', username: ${JSON.stringify(METER_DEFAULTS.form.username)},
      password: ${JSON.stringify(METER_DEFAULTS.form.password)}, usernameSelector: '#username', passwordSelector: '#password',
      submitSelector: '#login-submit', successSelector: '#readings' };
    const read = async ({ runId, config }, selector, timeout) => {
      const result = await ctx.scraping.run({
        url: config.url + '/meter/dashboard', auth: login, sessionKey: 'meter-1',
        steps: [{ type: 'extract', name: 'kwh', selector, timeout }, { type: 'extract', name: 'power', selector: '#power' }],
      }, { runId });
      if (!result.ok) throw new Error(result.error);
      return { values: result.values, loggedIn: result.loggedIn, sessionReused: result.sessionReused };
    };
    ctx.jobs.handle('read', (run) => read(run, '#energy-kwh'));
    ctx.jobs.handle('broken', (run) => read(run, '#no-such-counter', 1500));
    ctx.jobs.handle('slow', async ({ runId, config }) => {
      const result = await ctx.scraping.run({ url: config.url + '/slow?delay=20000', timeoutMs: 60000 }, { runId });
      return { ok: result.ok, error: result.error ?? null };
    });
  },
};
`;
}

describe('modules scrape through the app’s shared browser', () => {
  let temp: TempDir;
  let meter: MeterServer;
  let core: Core;

  beforeAll(async () => {
    temp = tempDataDir();
    meter = await startMeterServer();
    core = createCore({ dataDir: temp.dir, mode: 'cli', scraping: { idleMs: 30_000 } });
    await core.start();
    const config = { url: { type: 'string', label: 'Meter address', default: meter.url } };
    writeModule(join(temp.dir, 'pkg-scrape'), {
      name: 'scrape-test',
      version: '1.0.0',
      manifest: {
        permissions: ['network:outbound'],
        jobs: {
          read: { name: 'Read meter', handler: 'read', schedule: null, config },
          broken: { name: 'Broken read', handler: 'broken', schedule: null, config },
          slow: { name: 'Slow read', handler: 'slow', schedule: null, timeout: 120_000, config },
        },
      },
      mainSource: scrapeModuleSource(),
    });
    writeModule(join(temp.dir, 'pkg-offline'), {
      name: 'offline-test',
      version: '1.0.0',
      manifest: { permissions: [], jobs: { read: { name: 'Read meter', handler: 'read', schedule: null, config } } },
      mainSource: scrapeModuleSource(),
    });
    for (const name of ['scrape-test', 'offline-test']) {
      await core.modules.install(join(temp.dir, name === 'scrape-test' ? 'pkg-scrape' : 'pkg-offline'));
      await core.modules.enable(name);
    }
  }, 120_000);

  afterAll(async () => {
    await core?.dispose();
    await meter?.close();
    temp?.cleanup();
  });

  const runJob = async (id: string): Promise<RunDetail> => {
    const run = await core.router.call<JobRunRecord>({ module: 'core', method: 'POST', path: `/jobs/${id}/run`, query: { wait: 'true' } });
    if (!run.ok) throw new Error(run.error.message);
    const detail = await core.router.call<RunDetail>({ module: 'core', method: 'GET', path: `/runs/${run.data.id}` });
    if (!detail.ok) throw new Error(detail.error.message);
    return detail.data;
  };

  it('reads a value behind a form login, and reuses the session on the next run', async () => {
    const first = await runJob('scrape-test:read');
    expect(first.status).toBe('succeeded');
    const values = (first.result as { values: { kwh: number; power: number } }).values;
    expect(values.kwh).toBeGreaterThanOrEqual(METER_DEFAULTS.baseKwh);
    expect(values.power).toBeGreaterThan(0);
    expect(first.result).toMatchObject({ loggedIn: true });
    const second = await runJob('scrape-test:read');
    expect(second.result).toMatchObject({ loggedIn: false, sessionReused: true });
    expect(meter.stats.logins).toBe(1);
    // The session is kept encrypted in the module's own secret scope.
    const row = core.db.sqlite.prepare("select ciphertext, cipher from secrets where scope = 'scrape-test' and key like 'scraping-session:%'").get() as
      | { ciphertext: Buffer; cipher: string }
      | undefined;
    expect(row?.cipher).toBe('key-file');
    expect(row?.ciphertext.toString('latin1')).not.toContain('meter_session');
  });

  it('keeps a screenshot and the page HTML with a failed run', async () => {
    const run = await runJob('scrape-test:broken');
    expect(run.status).toBe('failed');
    expect(run.error).toContain('#no-such-counter');
    const artifacts = run.artifacts as { name: string; kind: string; bytes: number }[];
    const png = artifacts.find((a) => a.kind === 'screenshot');
    const html = artifacts.find((a) => a.kind === 'html');
    expect(png && html).toBeTruthy();
    const dir = core.jobs.runner.artifactsDir(run.id);
    const bytes = readFileSync(join(dir, png?.name ?? ''));
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(bytes.readUInt32BE(16)).toBeGreaterThan(0);
    expect(readFileSync(join(dir, html?.name ?? ''), 'utf8')).toContain('id="readings"');
    const served = await core.router.call<{ mime: string; base64: string }>({ module: 'core', method: 'GET', path: `/runs/${run.id}/artifacts/${png?.name}` });
    expect(served).toMatchObject({ ok: true, data: { mime: 'image/png' } });
  });

  it('stops the scrape when the run is cancelled', async () => {
    const before = meter.stats.aborted;
    const started = await core.router.call<JobRunRecord>({ module: 'core', method: 'POST', path: '/jobs/scrape-test:slow/run' });
    if (!started.ok) throw new Error(started.error.message);
    await waitFor(() => (meter.stats.inFlight > 0 ? true : null), 20_000, 'the slow page to be requested');
    await core.router.call({ module: 'core', method: 'POST', path: `/runs/${started.data.id}/cancel` });
    const run = await waitFor(() => {
      const r = core.db.sqlite.prepare('select status from job_runs where id = ?').get(started.data.id) as { status: string };
      return r.status === 'cancelled' ? r : null;
    }, 15_000);
    expect(run.status).toBe('cancelled');
    await waitFor(() => meter.stats.aborted > before || meter.stats.inFlight === 0, 10_000, 'the page request to end');
  });

  it('refuses to scrape for a module without the network:outbound permission', async () => {
    const run = await runJob('offline-test:read');
    expect(run.status).toBe('failed');
    expect(run.error).toContain('network:outbound');
    expect(existsSync(core.jobs.runner.artifactsDir(run.id))).toBe(false);
  });
});
