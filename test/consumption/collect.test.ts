import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src/shared/contract';
import type { JobRunRecord } from '../../src/shared/core-api';
import { METER_DEFAULTS, startMeterServer, type MeterServer } from '../fixtures/meter-server';
import { waitFor } from '../helpers/module-fixtures';
import { MODULE, startHarness, type Harness } from './harness';

/** Trial scrapes and the collect-consumption job against the fixture meter server, in real Chromium. */

interface Reading {
  endpointId: number;
  ts: number;
  totalKwh: number | null;
  power: number | null;
  voltage: number | null;
  success: boolean;
  error: string | null;
  raw: { runId?: number; screenshot?: { runId: number; name: string; path: string }; steps?: unknown[] } | null;
}

interface TestResult {
  ok: boolean;
  error: string | null;
  reading: { totalKwh: number | null; power: number | null; voltage: number | null; current: number | null; powerFactor: number | null };
  values: Record<string, unknown>;
  steps: { index: number; type: string; ok: boolean; ms: number }[];
  loggedIn: boolean;
  screenshot: string | null;
}

const pngOf = (dataUrl: string | null): Buffer => {
  expect(dataUrl).toMatch(/^data:image\/png;base64,/);
  return Buffer.from(dataUrl!.slice('data:image/png;base64,'.length), 'base64');
};
const PNG_MAGIC = '89504e470d0a1a0a';

describe('reading meters', () => {
  let h: Harness;
  let meter: MeterServer;
  const events: AppEvent[] = [];
  let formId: number;
  let plainId: number;
  let brokenId: number;

  const formMeter = () => ({
    name: 'Sub-meter behind a login',
    ipAddress: meter.url,
    clientName: 'Client A',
    authType: 'form',
    authConfig: {
      username: METER_DEFAULTS.form.username,
      password: METER_DEFAULTS.form.password,
      loginUrl: '/meter/login',
      usernameSelector: '#username',
      passwordSelector: '#password',
      submitSelector: '#login-submit',
      successSelector: '#readings',
    },
    scrapingConfig: { path: '/meter/dashboard', valueSelector: '#energy-kwh', powerSelector: '#power', voltageSelector: '#voltage', currentSelector: '#current', powerFactorSelector: '#pf' },
  });

  beforeAll(async () => {
    meter = await startMeterServer();
    h = await startHarness();
    h.core.events.subscribe(`${MODULE}:readings`, (event) => events.push(event));
    formId = (await h.data<{ id: number }>('POST', '/endpoints', { body: formMeter() })).id;
    plainId = (await h.data<{ id: number }>('POST', '/endpoints', { body: { name: 'Meter 7', ipAddress: `${meter.url}/meters/7`, scrapingConfig: { valueSelector: '#energy-kwh' } } })).id;
    brokenId = (
      await h.data<{ id: number }>('POST', '/endpoints', {
        body: {
          name: 'Meter with a moved counter',
          ipAddress: meter.url.replace('http://', ''),
          scrapingConfig: { path: '/meters/3', steps: [{ type: 'extract', name: 'totalKwh', selector: '#no-such-counter', timeout: 1500 }] },
        },
      })
    ).id;
  }, 120_000);

  afterAll(async () => {
    await h?.dispose();
    await meter?.close();
  });

  it('test-scrapes a saved endpoint: every value, each step’s timing, a screenshot, and nothing stored', async () => {
    const result = await h.data<TestResult>('POST', `/endpoints/${formId}/test`);
    expect(result.ok).toBe(true);
    expect(result.error).toBeNull();
    expect(result.reading.totalKwh).toBeGreaterThanOrEqual(METER_DEFAULTS.baseKwh);
    expect(result.reading.power).toBeGreaterThan(0);
    expect(result.reading.voltage).toBeGreaterThan(200);
    expect(result.reading.powerFactor).toBe(0.97);
    expect(Object.keys(result.values).sort()).toEqual(['current', 'power', 'powerFactor', 'totalKwh', 'voltage']);
    expect(result.loggedIn).toBe(true);
    expect(result.steps.map((s) => s.type)).toEqual(['login', 'goto', 'extract', 'extract', 'extract', 'extract', 'extract']);
    for (const step of result.steps) expect(step).toMatchObject({ ok: true, ms: expect.any(Number) as number });
    const png = pngOf(result.screenshot);
    expect(png.subarray(0, 8).toString('hex')).toBe(PNG_MAGIC);
    expect(png.readUInt32BE(16)).toBeGreaterThan(0);
    // The screenshot file is not kept, and a test is no reading.
    const dir = join(h.core.dataDir, 'module-data', MODULE, 'scrape-failures');
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    expect(await h.data('GET', '/readings', { query: { endpointId: String(formId) } })).toEqual({ readings: [], nextCursor: null });
  });

  it('test-scrapes an unsaved draft, showing the page and the error when it fails', async () => {
    const wrong = await h.data<TestResult>('POST', '/endpoints/test', {
      body: { ipAddress: `${meter.url}/pdu/status`, authType: 'basic', authConfig: { username: 'apc', password: 'wrong' }, scrapingConfig: { valueSelector: '#energy-kwh' } },
    });
    expect(wrong.ok).toBe(false);
    expect(wrong.error).toMatch(/401 Unauthorized/);
    expect(pngOf(wrong.screenshot).subarray(0, 8).toString('hex')).toBe(PNG_MAGIC);

    const right = await h.data<TestResult>('POST', '/endpoints/test', {
      body: {
        ipAddress: `${meter.url}/pdu/status`,
        authType: 'basic',
        authConfig: { username: METER_DEFAULTS.basic.username, password: METER_DEFAULTS.basic.password },
        scrapingConfig: { valueSelector: '#energy-kwh' },
      },
    });
    expect(right).toMatchObject({ ok: true, error: null });

    // Editing a saved endpoint: without a password in the draft, the stored one is used.
    const draft = await h.data<TestResult>('POST', '/endpoints/test', { body: { ...formMeter(), id: formId, authConfig: { ...formMeter().authConfig, password: undefined } } });
    expect(draft.ok).toBe(true);

    const noPassword = await h.call('POST', '/endpoints/test', { body: { ...formMeter(), authConfig: { ...formMeter().authConfig, password: undefined } } });
    expect(noPassword).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!noPassword.ok) expect(noPassword.error.message).toContain('body.authConfig.password');
    expect(await h.data<{ readings: unknown[] }>('GET', '/readings', { query: { endpointId: String(formId) } })).toEqual({ readings: [], nextCursor: null });
  });

  it('collects every due endpoint through the job, recording a failed read with the run’s screenshot', async () => {
    const run = await h.runJob('collect-consumption', { batchSize: 2 });
    expect(run.status).toBe('succeeded');
    expect(run.result).toMatchObject({ read: 2, failed: 1, skipped: 0 });

    const latest = async (id: number) => (await h.data<{ readings: Reading[] }>('GET', '/readings', { query: { endpointId: String(id), limit: '1' } })).readings[0]!;
    const form = await latest(formId);
    expect(form).toMatchObject({ success: true, error: null });
    expect(form.totalKwh).toBeGreaterThanOrEqual(METER_DEFAULTS.baseKwh);
    expect(form.power).toBeGreaterThan(0);
    expect(form.raw?.runId).toBe(run.id);
    const plain = await latest(plainId);
    expect(plain.totalKwh).toBeGreaterThanOrEqual(METER_DEFAULTS.baseKwh + 70);

    const failed = await latest(brokenId);
    expect(failed).toMatchObject({ success: false, totalKwh: null });
    expect(failed.error).toContain('#no-such-counter');
    expect(failed.raw?.screenshot).toMatchObject({ runId: run.id });
    const shot = failed.raw!.screenshot!;
    expect((run.artifacts as { name: string; kind: string }[]).find((a) => a.name === shot.name)?.kind).toBe('screenshot');
    expect(readFileSync(join(h.core.jobs.runner.artifactsDir(run.id), shot.name)).subarray(0, 8).toString('hex')).toBe(PNG_MAGIC);

    const endpoints = await h.data<{ id: number; lastReadAt: number | null }[]>('GET', '/endpoints');
    expect(endpoints.find((e) => e.id === formId)?.lastReadAt).toBe(form.ts);
    expect(endpoints.find((e) => e.id === brokenId)?.lastReadAt).toBeNull();

    const live = await h.data<{ endpointId: number; status: string; power: number | null }[]>('GET', '/live');
    expect(live.find((e) => e.endpointId === formId)).toMatchObject({ status: 'ok' });
    expect(live.find((e) => e.endpointId === brokenId)).toMatchObject({ status: 'failing', power: null });

    // One push with the new readings and the whole live view.
    const pushed = events.at(-1)?.payload as { source: string; endpointIds: number[]; readings: { endpointId: number }[]; live: { endpointId: number; status: string }[] };
    expect(pushed.source).toBe('collect');
    expect(pushed.endpointIds.sort()).toEqual([formId, plainId, brokenId].sort());
    expect(pushed.readings).toHaveLength(3);
    expect(pushed.live.find((e) => e.endpointId === brokenId)?.status).toBe('failing');
  });

  it('respects each endpoint’s poll interval and skips disabled endpoints', async () => {
    const again = await h.runJob('collect-consumption');
    expect(again.result).toMatchObject({ read: 0, failed: 0, skipped: 3 });

    const fresh = (await h.data<{ id: number }>('POST', '/endpoints', { body: { name: 'Meter 9', ipAddress: `${meter.url}/meters/9`, scrapingConfig: { valueSelector: '#energy-kwh' } } })).id;
    await h.data('POST', '/endpoints', { body: { name: 'Switched off', ipAddress: `${meter.url}/meters/10`, enabled: false } });
    const third = await h.runJob('collect-consumption');
    expect(third.result).toMatchObject({ read: 1, failed: 0, skipped: 3 });
    const readings = await h.data<{ readings: Reading[] }>('GET', '/readings', { query: { endpointId: String(fresh) } });
    expect(readings.readings).toHaveLength(1);
  });

  it('stops when the run is cancelled, storing no failure for the meter it was reading', async () => {
    const slow = (await h.data<{ id: number }>('POST', '/endpoints', { body: { name: 'Slow meter', ipAddress: `${meter.url}/slow?delay=25000`, scrapingConfig: { valueSelector: '#energy-kwh' } } })).id;
    const started = await h.core.router.call<JobRunRecord>({ module: 'core', method: 'POST', path: `/jobs/${MODULE}:collect-consumption/run` });
    if (!started.ok) throw new Error(started.error.message);
    await waitFor(() => (meter.stats.inFlight > 0 ? true : null), 30_000, 'the slow page to be requested');
    await h.core.router.call({ module: 'core', method: 'POST', path: `/runs/${started.data.id}/cancel` });
    await waitFor(() => {
      const r = h.core.db.sqlite.prepare('select status from job_runs where id = ?').get(started.data.id) as { status: string };
      return r.status === 'cancelled' ? r : null;
    }, 20_000, 'the run to be cancelled');
    await waitFor(() => meter.stats.inFlight === 0, 15_000, 'the page request to end');
    expect(await h.data('GET', '/readings', { query: { endpointId: String(slow) } })).toEqual({ readings: [], nextCursor: null });
  });
});
