/** The steps engine in real Chromium against every page of the meter fixture. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScrapingService, ScrapeTaskError, type ScrapeResult, type ScrapingService } from '../../src/main/core/scraping';
import { runStep, type StepEnv } from '../../src/main/core/scraping/steps';
import { Deadline } from '../../src/main/core/scraping/support';
import type { ScrapeStep, ScrapeValue } from '../../src/main/core/scraping/types';
import { launchChromium, scrapingBrowser } from '../helpers/chromium';
import { startMeterServer, type MeterServer } from '../fixtures/meter-server';
import { basicAuth, extract, formAuth, pngSize, READINGS } from './meter-tasks';

let server: MeterServer;
let service: ScrapingService;
let artifactsDir: string;

beforeAll(async () => {
  server = await startMeterServer({ slowMs: 600, xhrDelayMs: 500 });
  service = createScrapingService({ resolveBrowser: scrapingBrowser, concurrency: 2, stepTimeoutMs: 5000, navigationTimeoutMs: 10_000 });
  artifactsDir = mkdtempSync(join(tmpdir(), 'nxforge-scrape-steps-'));
});

afterAll(async () => {
  await service?.dispose();
  await server?.close();
  if (artifactsDir) rmSync(artifactsDir, { recursive: true, force: true });
});

/** Readings as real meters show them: energy from the rising counter, mains voltage, a few amps. */
function expectReadings(result: ScrapeResult, before: number, offset = 0): void {
  expect(result.error).toBeUndefined();
  expect(result.ok).toBe(true);
  const { kwh, voltage, current, power, pf } = result.values as Record<string, number>;
  expect(kwh).toBeGreaterThanOrEqual(Math.floor((before + offset) * 1000) / 1000);
  expect(kwh).toBeLessThanOrEqual(server.kwh() + offset + 0.001);
  expect(voltage).toBeGreaterThan(225);
  expect(voltage).toBeLessThan(235);
  expect(current).toBeGreaterThan(3.5);
  expect(power).toBeGreaterThan(700);
  expect(pf).toBe(0.97);
}

describe('pages', () => {
  it('opens the task url when there are no steps', async () => {
    const result = await service.run({ url: `${server.url}/` });
    expect(result).toMatchObject({ ok: true, values: {}, finalUrl: `${server.url}/`, loggedIn: false, sessionReused: false, artifacts: [] });
    expect(result.steps).toEqual([expect.objectContaining({ index: -1, type: 'goto', ok: true })]);
  });

  it('reads a PDU status page behind basic auth, credentials never in the URL', async () => {
    const before = server.kwh();
    const result = await service.run({ url: `${server.url}/pdu/status`, auth: basicAuth(), steps: READINGS });
    expectReadings(result, before);
    expect(result.finalUrl).toBe(`${server.url}/pdu/status`);
  });

  it('fails clearly on basic auth without or with wrong credentials (401)', async () => {
    const none = await service.run({ url: `${server.url}/pdu/status`, steps: READINGS, screenshotOnError: false });
    expect(none.ok).toBe(false);
    expect(none.error).toMatch(/HTTP 401 .*wrong or missing username and password/);
    const wrong = await service.run({ url: `${server.url}/pdu/status`, auth: basicAuth('nope'), steps: READINGS, screenshotOnError: false });
    expect(wrong.ok).toBe(false);
    expect(wrong.error).toMatch(/HTTP 401/);
  });

  it('logs in through a form with a CSRF token and reads the protected page', async () => {
    server.resetStats();
    const before = server.kwh();
    const result = await service.run({ url: `${server.url}/meter/dashboard`, auth: formAuth(), steps: [...READINGS, extract('user', '#logged-in-user', { parse: 'text' })] });
    expectReadings(result, before);
    expect(result.values.user).toBe('operator');
    expect(result.loggedIn).toBe(true);
    expect(result.steps[0]).toMatchObject({ index: -1, type: 'login', ok: true });
    expect(server.stats.logins).toBe(1);
    expect(server.stats.csrfRejected).toBe(0);
  });

  it('logs in at a separate login URL, judged by a success selector', async () => {
    server.resetStats();
    const result = await service.run({
      url: `${server.url}/meter/dashboard`,
      auth: formAuth({ loginUrl: '/meter/login', successSelector: '#logged-in-user' }),
      steps: [{ type: 'goto', url: '/meter/dashboard' }, extract('kwh', '#energy-kwh')],
    });
    expect(result.error).toBeUndefined();
    expect(result.loggedIn).toBe(true);
    expect(typeof result.values.kwh).toBe('number');
    expect(server.stats.logins).toBe(1);
  });

  it('reports a failed login: still on the login page, or the success selector never appeared', async () => {
    server.resetStats();
    const stillThere = await service.run(
      { url: `${server.url}/meter/dashboard`, auth: formAuth({ password: 'wrong' }), steps: READINGS },
      { artifactsDir },
    );
    expect(stillThere.ok).toBe(false);
    expect(stillThere.error).toMatch(/^login failed: still on the login page/);
    expect(stillThere.loggedIn).toBe(false);
    expect(stillThere.artifacts.map((a) => a.kind)).toEqual(['screenshot', 'html']);
    expect(readFileSync(stillThere.artifacts[1]!.path, 'utf8')).toContain('Invalid user name or password.');

    const neverAppeared = await service.run(
      {
        url: `${server.url}/meter/dashboard`,
        auth: formAuth({ password: 'wrong', successSelector: '#logged-in-user' }),
        steps: READINGS,
        screenshotOnError: false,
      },
      {},
    );
    expect(neverAppeared.error).toMatch(/login failed: the success selector "#logged-in-user" never appeared/);
    expect(server.stats.failedLogins).toBe(2);
    expect(server.stats.logins).toBe(0);
  });

  it('waits for values that a script fetches and inserts after a delay', async () => {
    const before = server.kwh();
    const result = await service.run({ url: `${server.url}/xhr`, steps: READINGS });
    expectReadings(result, before);
    expect(server.stats.requests['/api/readings']).toBeGreaterThan(0);
  });

  it('fails an extract whose timeout ends before the script has filled the value', async () => {
    const result = await service.run({ url: `${server.url}/xhr?delay=8000`, steps: [extract('kwh', '#energy-kwh', { timeout: 1000 })], screenshotOnError: false });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^step 0 \(extract kwh "#energy-kwh"\): a number not found in "Loading…" after \d+ ms/);
    expect(result.values.kwh).toBeNull();
  });

  it('reaches into an iframe by name, by iframe selector and by URL substring', async () => {
    const before = server.kwh();
    const result = await service.run({
      url: `${server.url}/frame`,
      steps: [
        extract('byName', '#energy-kwh', { frame: 'meter-frame' }),
        extract('bySelector', '#energy-kwh', { frame: 'iframe#meter-iframe' }),
        extract('byUrl', '#energy-kwh', { frame: '/frame/inner' }),
        extract('pf', '#pf', { frame: 'meter-frame' }),
      ],
    });
    expect(result.error).toBeUndefined();
    const { byName, bySelector, byUrl, pf } = result.values as Record<string, number>;
    // The framed meter is meter 1: its counter runs 10 kWh ahead.
    for (const value of [byName, bySelector, byUrl]) expect(value).toBeGreaterThanOrEqual(Math.floor((before + 10) * 1000) / 1000);
    expect(pf).toBe(0.97);
    const missing = await service.run({ url: `${server.url}/frame`, steps: [extract('kwh', '#energy-kwh', { frame: 'no-such-frame', timeout: 300 })], screenshotOnError: false });
    expect(missing.error).toMatch(/no frame matches "no-such-frame"/);
  });

  it('selects, fills, presses and clicks through an outlet page', async () => {
    const pressed = await service.run({
      url: `${server.url}/pdu/outlets`,
      steps: [
        { type: 'select', selector: '#bank', value: 'B' },
        { type: 'fill', selector: '#outlet', value: '3' },
        { type: 'press', selector: '#outlet', key: 'Enter' },
        extract('b3', '#outlet-kwh'),
        extract('name', '#outlet-name', { parse: 'text' }),
      ],
    });
    expect(pressed.values).toEqual({ b3: 237.625, name: 'B3' });
    const clicked = await service.run({
      url: `${server.url}/pdu/outlets`,
      steps: [
        { type: 'fill', selector: '#outlet', value: '5' },
        { type: 'click', selector: 'button#show' },
        { type: 'waitForSelector', selector: 'text=A5' },
        { type: 'wait', ms: 50 },
        extract('a5', '#outlet-kwh', { regex: '([\\d.]+) kWh' }),
      ],
    });
    expect(clicked.error).toBeUndefined();
    expect(clicked.values.a5).toBe(162.625);
    expect(clicked.steps.map((s) => s.type)).toEqual(['goto', 'fill', 'click', 'waitForSelector', 'wait', 'extract']);
  });

  it('loads a slow page within a long enough step timeout, and fails with one too short', async () => {
    const patient = await service.run({ url: `${server.url}/`, steps: [{ type: 'goto', url: '/slow?delay=700', timeout: 8000 }, extract('kwh', '#energy-kwh')] });
    expect(patient.error).toBeUndefined();
    expect(patient.steps[0]!.ms).toBeGreaterThanOrEqual(650);
    const hasty = await service.run({ url: `${server.url}/`, steps: [{ type: 'goto', url: '/slow?delay=3000', timeout: 300 }, extract('kwh', '#energy-kwh')] }, { artifactsDir });
    expect(hasty.ok).toBe(false);
    expect(hasty.error).toMatch(/^step 0 \(goto \/slow\?delay=3000\): Timeout 300ms exceeded\.$/);
    expect(hasty.steps).toEqual([expect.objectContaining({ index: 0, type: 'goto', ok: false })]);
    // The page never arrived; the failure still leaves what the browser showed.
    expect(hasty.artifacts.map((a) => a.kind).sort()).toEqual(['html', 'screenshot']);
    const shot = hasty.artifacts.find((a) => a.kind === 'screenshot');
    expect(pngSize(shot!.path)).toEqual({ width: 1280, height: 720 });
  });

  it('reads a page that a start page moves on to by script once loaded', async () => {
    const result = await service.run({ url: `${server.url}/start`, steps: READINGS });
    expect(result.error).toBeUndefined();
    expect(result.values.pf).toBe(0.97);
    expect(result.finalUrl).toBe(`${server.url}/meters/42`);
  });

  it('fails on a 500 from a flaky meter, and succeeds when the task is retried', async () => {
    server.resetStats();
    const task = { url: `${server.url}/flaky`, steps: READINGS, screenshotOnError: false };
    const first = await service.run(task);
    expect(first.ok).toBe(false);
    expect(first.error).toMatch(/HTTP 500 Internal Server Error from .*\/flaky/);
    const before = server.kwh();
    const retry = await service.run(task);
    expectReadings(retry, before, 30);
    expect(server.stats.requests['/flaky']).toBe(2);
  });

  it('reads de-DE, en-US, fr-FR and plain number formats alike', async () => {
    const before = server.kwh();
    // The page's decimal separator, as the endpoint's settings give it: without it `1.007 W` (a
    // German page's 1007 W) reads 1.007, by the rule for one separator followed by three digits.
    const locales = [
      ['de', ','],
      ['en', '.'],
      ['fr', ','],
      ['plain', '.'],
    ] as const;
    const results = await Promise.all(
      locales.map(([l, decimal]) =>
        service.run({ url: `${server.url}/locale/${l}`, steps: [...READINGS.map((s) => ({ ...s, decimal })), extract('raw', '#energy-kwh', { parse: 'text' })] }),
      ),
    );
    results.forEach((r) => expectReadings(r, before));
    const raw = results.map((r) => r.values.raw as string);
    expect(raw[0]).toMatch(/^\d\.\d{3},\d{3} kWh$/);
    expect(raw[1]).toMatch(/^\d,\d{3}\.\d{3} kWh$/);
    expect(raw[2]).toMatch(/^\d[\s\u202f]\d{3},\d{3} kWh$/); // narrow no-break space
    expect(raw[3]).toMatch(/^\d{4}\.\d{3} kWh$/);
  });

  it('reads attributes and text, and gives null for an optional value that is missing', async () => {
    const result = await service.run({
      url: `${server.url}/frame`,
      steps: [extract('src', '#meter-iframe', { attribute: 'src', parse: 'text' }), extract('model', 'header .model', { parse: 'text' }), extract('phase2', '#current-l2', { optional: true, timeout: 200 })],
    });
    expect(result.error).toBeUndefined();
    expect(result.values).toEqual({ src: '/frame/inner', model: 'NetMeter RP-2400', phase2: null });
  });
});

describe('failures', () => {
  it('leaves a valid full-page PNG and the page HTML, and names the step and selector', async () => {
    const seen: number[] = [];
    const result = await service.run(
      { url: `${server.url}/pdu/status`, auth: basicAuth(), steps: [extract('kwh', '#energy-kwh'), { type: 'click', selector: '#reset-counter', timeout: 400 }] },
      { artifactsDir, onStep: (s) => seen.push(s.index) },
    );
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^step 1 \(click "#reset-counter"\): Timeout 400ms exceeded/);
    expect(result.values.kwh).toEqual(expect.any(Number));
    expect(seen).toEqual([-1, 0, 1]);
    const [png, html] = result.artifacts;
    expect(png).toMatchObject({ kind: 'screenshot', path: expect.stringMatching(/step-01-\d{8}T\d{9}Z\.png$/) });
    const size = pngSize(png!.path);
    expect(size.width).toBeGreaterThan(0);
    expect(size.height).toBeGreaterThan(0);
    expect(png!.bytes).toBe(readFileSync(png!.path).length);
    expect(html).toMatchObject({ kind: 'html', path: expect.stringMatching(/step-01-.*\.html$/) });
    const page = readFileSync(html!.path, 'utf8');
    expect(page).toContain('RackPower PDU 8x C13');
    expect(page).toContain('id="energy-kwh"');
  });

  it('writes only the HTML when screenshots are off, and nothing without an artifacts folder', async () => {
    const task = { url: `${server.url}/`, steps: [{ type: 'click' as const, selector: '#missing', timeout: 200 }], screenshotOnError: false };
    const htmlOnly = await service.run(task, { artifactsDir });
    expect(htmlOnly.artifacts.map((a) => a.kind)).toEqual(['html']);
    const none = await service.run({ ...task, screenshotOnError: true });
    expect(none.artifacts).toEqual([]);
  });

  it('throws a ScrapeTaskError naming the field for a task of the wrong shape', async () => {
    const bad = { url: `${server.url}/`, steps: [{ type: 'goto', url: '/' }, { type: 'click' }, { type: 'extract', name: 'k', selector: '#a', regex: '(' }] };
    const err = await service.run(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScrapeTaskError);
    expect((err as ScrapeTaskError).issues).toEqual([
      { field: 'steps[1].selector', message: expect.any(String) },
      { field: 'steps[2].regex', message: 'is not a valid regular expression' },
    ]);
    expect((err as Error).message).toMatch(/steps\[1\]\.selector/);
    await expect(service.run({ url: 'file:///etc/passwd' })).rejects.toThrow(/url: must be an absolute http/);
    await expect(service.run({ url: server.url, auth: { type: 'form', username: 'a', password: 'b' } })).rejects.toThrow(/auth\.usernameSelector/);
  });
});

describe('a run of extract steps', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Runs the steps on a fresh page of `path` as the task run does, counting the page's evaluate calls. */
  async function runOn(path: string, steps: ScrapeStep[]): Promise<{ values: Record<string, ScrapeValue>; evaluates: number }> {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}${path}`);
      let evaluates = 0;
      const evaluate = page.evaluate.bind(page);
      page.evaluate = ((fn: never, arg: never) => {
        evaluates++;
        return evaluate(fn, arg);
      }) as Page['evaluate'];
      const env: StepEnv = { page, baseUrl: server.url, deadline: new Deadline(20_000), stepTimeoutMs: 5000, navigationTimeoutMs: 10_000, signal: new AbortController().signal, values: {} };
      for (const [i, step] of steps.entries()) await runStep(step, env, steps.slice(i + 1));
      return { values: env.values, evaluates };
    } finally {
      await context.close();
    }
  }

  it('reads the values of a loaded page in one evaluate', async () => {
    const { values, evaluates } = await runOn('/meters/7', READINGS);
    expect(Object.values(values).every((v) => typeof v === 'number')).toBe(true);
    expect(values.pf).toBe(0.97);
    expect(evaluates).toBe(1);
  });

  it('reads again what was not there yet, and leaves selectors that are not CSS to the locator', async () => {
    const { values, evaluates } = await runOn('/xhr', [
      extract('kwh', '#energy-kwh'),
      extract('label', 'td >> text=Active energy', { parse: 'text' }),
      extract('pf', '#pf'),
    ]);
    expect(values.kwh).toBeGreaterThan(0);
    expect(values.label).toBe('Active energy');
    expect(values.pf).toBe(0.97);
    // The first read found "Loading…": each value was read again until the script had filled it.
    expect(evaluates).toBeGreaterThan(1);
  });

  it('ends the run at a step of another kind or in another frame', async () => {
    const { values, evaluates } = await runOn('/frame', [
      extract('model', 'header .model', { parse: 'text' }),
      extract('src', '#meter-iframe', { attribute: 'src', parse: 'text' }),
      extract('kwh', '#energy-kwh', { frame: 'meter-frame' }),
      { type: 'waitForSelector', selector: 'header' },
      extract('title', 'h1', { parse: 'text' }),
    ]);
    expect(values).toMatchObject({ model: 'NetMeter RP-2400', src: '/frame/inner', title: expect.any(String) as unknown });
    expect(values.kwh).toBeGreaterThan(0);
    // model+src together, kwh in the frame (its own evaluate, on the frame), title alone.
    expect(evaluates).toBe(2);
  });
});
