import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../src/shared/result';
import { METER_DEFAULTS, startMeterServer, type MeterServer } from '../fixtures/meter-server';
import { launchChromium, openAppPage } from '../helpers/chromium';
import { APP_ROOT } from '../helpers/module-fixtures';
import { startTestServe, type ServeFixture } from '../helpers/serve';

/**
 * The consumption monitor's pages in real Chromium against serve mode, with the real module
 * package (pages included) and the fixture meter: add a meter through the form and its step
 * builder, test it, import older readings, run the collection from the Jobs page, watch the
 * Live Dashboard update by push, open the monthly report and export its CSV.
 */

const MODULE = 'consumption-monitor';
const rendererIndex = join(APP_ROOT, 'out', 'renderer', 'index.html');
const screenshots = join(APP_ROOT, '.test-output', 'screenshots');
// Under node_modules so the bundler resolves the module's dependencies from the app's.
const BUILD_ROOT = join(APP_ROOT, 'node_modules', '.cache', 'nxforge-consumption-e2e');

interface LiveEndpoint {
  endpointId: number;
  name: string;
  status: string;
  power: number | null;
  monthToDateKwh: number;
  lastReading: { ts: number; totalKwh: number | null } | null;
}

interface MonthlySummary {
  year: number;
  month: number;
  totalKwh: number;
  endpoints: { endpointId: number; name: string; clientName: string | null; consumptionKwh: number }[];
}

/** The module's whole package, pages included, built into a folder of its own as scripts/build-modules.js does. */
async function buildModule(): Promise<{ dir: string; remove(): void }> {
  mkdirSync(BUILD_ROOT, { recursive: true });
  const dir = mkdtempSync(join(BUILD_ROOT, 'package-'));
  const source = join(APP_ROOT, 'modules', MODULE);
  for (const part of ['manifest.json', 'migrations', 'src']) {
    cpSync(join(source, part), join(dir, part), { recursive: true, filter: (from) => !from.endsWith('.test.ts') });
  }
  const script = pathToFileURL(join(APP_ROOT, 'scripts', 'build-modules.js')).href;
  const { buildModule: build } = (await import(script)) as { buildModule: (dir: string) => Promise<{ main: boolean; ui: boolean }> };
  const built = await build(dir);
  if (!built.main || !built.ui) throw new Error(`Building ${dir} gave ${JSON.stringify(built)}: the module needs dist/main.js and dist/ui/index.js`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('the consumption monitor in real Chromium, in serve mode', () => {
  let fx: ServeFixture;
  let meter: MeterServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let built: { dir: string; remove(): void };
  let work: string;
  let endpointId: number;
  let secondId: number;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(rendererIndex)) throw new Error(`${rendererIndex} is missing: run \`npm run build\` before the browser tests.`);
    mkdirSync(screenshots, { recursive: true });
    built = await buildModule();
    work = mkdtempSync(join(BUILD_ROOT, 'files-'));
    meter = await startMeterServer();
    fx = await startTestServe({ core: { builtInModules: [built.dir], scraping: { idleMs: 30_000 } } });
    // The collection's own schedule (every 15 minutes) must not store readings between the tests
    // that count them; the Jobs page test resumes it.
    await rpc('core', 'POST', '/jobs/pause-all');
    browser = await launchChromium();
    ({ context, page } = await openAppPage(browser, problems));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await fx?.cleanup();
    await meter?.close();
    built?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const appUrl = (hash: string): string => fx.handle.bridge.url + hash;
  const modulePage = (path = ''): string => appUrl(`#/m/${MODULE}${path}`);
  /** The whole page: the app scrolls inside its content pane, so the window is made as tall as the content for the picture. */
  const shot = async (name: string, options: { dark?: boolean; fullPage?: boolean } = {}): Promise<void> => {
    await page.emulateMedia({ colorScheme: options.dark ? 'dark' : 'light' });
    const height = options.fullPage === false ? 800 : await page.evaluate('Math.max(800, (document.querySelector(".content")?.scrollHeight ?? 0) + 48)');
    await page.setViewportSize({ width: 1280, height: Number(height) });
    await page.waitForTimeout(200); // Let colour transitions and the resize settle.
    await page.screenshot({ path: join(screenshots, `consumption-${name}.png`), animations: 'disabled' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
  };
  const shotBoth = async (name: string): Promise<void> => {
    await shot(`${name}-light`);
    await shot(`${name}-dark`, { dark: true });
  };
  async function rpc<T>(module: string, method: string, path: string, extra: { query?: Record<string, string>; body?: unknown } = {}): Promise<T> {
    const res = await fetch(`${fx.handle.bridge.origin}/rpc`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${fx.handle.bridge.token}` },
      body: JSON.stringify({ module, method, path, ...extra }),
    });
    const result = (await res.json()) as Result<T>;
    if (!result.ok) throw new Error(`${method} ${path}: ${result.error.code} ${result.error.message}`);
    return result.data;
  }
  const text = async (testId: string): Promise<string> => ((await page.getByTestId(testId).textContent()) ?? '').trim();

  it('shows the Live Dashboard empty, with the way to add an endpoint', async () => {
    await page.goto(modulePage());
    await page.getByTestId('live-empty').waitFor();
    expect(await text('live-total-power')).toBe('0 W');
    await shotBoth('live-empty');
    await page.getByTestId('live-add-endpoint').click();
    // The link opens the Endpoints page with the new-endpoint form already open.
    await page.getByTestId('endpoint-form').waitFor();
    expect(page.url()).toContain(`#/m/${MODULE}/endpoints?new=1`);
  });

  it('refuses an incomplete form, naming each field, and saves nothing', async () => {
    await page.getByTestId('endpoint-save').click();
    const listed = page.getByTestId('endpoint-problems');
    await listed.waitFor();
    const said = (await listed.textContent()) ?? '';
    expect(said).toContain('name: Give the endpoint a name');
    expect(said).toContain('ipAddress: Give the meter’s address');
    expect(said).toContain('scrapingConfig.valueSelector: Say where the kWh counter is');
    expect(await rpc<unknown[]>(MODULE, 'GET', '/endpoints')).toEqual([]);
  });

  it('adds an endpoint for the fixture meter through the form, its login and the step builder', async () => {
    await page.getByTestId('endpoint-name').fill('Rack B-07 PDU');
    await page.getByTestId('endpoint-address').fill(meter.url);
    await page.getByTestId('endpoint-type').selectOption('PDU');
    await page.getByTestId('endpoint-location').fill('Hall 2, rack B-07');
    await page.getByTestId('endpoint-client').fill('Client A');
    await page.getByTestId('endpoint-price').fill('0.25');
    await page.getByTestId('endpoint-auth-type').selectOption('basic');
    await page.getByTestId('endpoint-username').fill(METER_DEFAULTS.basic.username);
    await page.getByTestId('endpoint-password').fill(METER_DEFAULTS.basic.password);

    const addStep = async (type: string) => {
      await page.getByTestId('step-add-type').selectOption(type);
      await page.getByTestId('step-add').click();
    };
    await addStep('extract');
    await page.getByTestId('step-0-selector').fill('#energy-kwh');
    await page.getByTestId('step-0-regex').fill('([\\d.]+)\\s*kWh');
    await addStep('goto');
    await page.getByTestId('step-1-url').fill('/pdu/status');
    await addStep('waitForSelector');
    await page.getByTestId('step-2-selector').fill('#readings');
    // The page must be open before a value is read: move the extract step to the end.
    await page.getByTestId('step-0-down').click();
    await page.getByTestId('step-1-down').click();
    await addStep('extract');
    await page.getByTestId('step-3-name').selectOption('power');
    await page.getByTestId('step-3-selector').fill('#power');
    await addStep('wait');
    await page.getByTestId('step-4-remove').click();
    const order = await page.getByTestId('step-builder').locator('li[data-type]').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(order).toEqual(['goto', 'waitForSelector', 'extract', 'extract']);
    await shot('endpoint-form-light');
    await shot('endpoint-form-dark', { dark: true });

    await page.getByTestId('endpoint-save').click();
    await page.getByTestId('endpoint-saved').waitFor();
    const [saved] = await rpc<{ id: number; name: string; hasPassword: boolean; authConfig: Record<string, unknown>; scrapingConfig: { steps: unknown[] } }[]>(
      MODULE,
      'GET',
      '/endpoints',
    );
    endpointId = saved!.id;
    expect(saved).toMatchObject({ name: 'Rack B-07 PDU', hasPassword: true, authConfig: { username: METER_DEFAULTS.basic.username } });
    expect(saved!.authConfig).not.toHaveProperty('password');
    expect(saved!.scrapingConfig.steps).toEqual([
      { type: 'goto', url: '/pdu/status' },
      { type: 'waitForSelector', selector: '#readings' },
      { type: 'extract', name: 'totalKwh', selector: '#energy-kwh', regex: '([\\d.]+)\\s*kWh' },
      { type: 'extract', name: 'power', selector: '#power' },
    ]);
    // The form stays on the saved endpoint; the password is write-only and shown as set.
    expect(await page.getByTestId('endpoint-password').inputValue()).toBe('');
    expect(await page.getByTestId('endpoint-password').getAttribute('placeholder')).toBe('set — leave blank to keep');
    await page.getByTestId(`endpoint-row-${endpointId}`).waitFor();
  });

  it('tests the saved endpoint: the values found, every step with its time, and a screenshot', async () => {
    await page.getByTestId('endpoint-test').click();
    const result = page.locator('[data-testid="test-result"]');
    await result.waitFor({ timeout: 90_000 });
    expect(await result.getAttribute('data-ok')).toBe('true');
    const counter = Number((await text('test-value-totalKwh')).replace(/,/g, ''));
    expect(counter).toBeGreaterThanOrEqual(METER_DEFAULTS.baseKwh);
    expect(counter).toBeLessThan(meter.kwh() + 0.001);
    expect(await text('test-value-power')).toMatch(/^\d[\d,.]*$/);
    const steps = page.getByTestId('test-steps').locator('tbody tr');
    expect(await steps.count()).toBeGreaterThanOrEqual(4);
    expect(await steps.evaluateAll((rows) => rows.every((r) => r.getAttribute('data-step-ok') === 'true'))).toBe(true);
    expect(await steps.first().locator('td').last().textContent()).toMatch(/^\d[\d,.]* (ms|s)$/);
    const screenshot = page.getByTestId('test-screenshot');
    expect(await screenshot.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await screenshot.evaluate((img: { naturalWidth: number }) => img.naturalWidth)).toBeGreaterThan(100);
    // A test stores no reading.
    expect(await rpc<{ readings: unknown[] }>(MODULE, 'GET', '/readings', { query: { endpointId: String(endpointId) } })).toEqual({ readings: [], nextCursor: null });
    await shotBoth('endpoint-test');
  });

  it('imports older readings from a CSV file and reports the rejected line', async () => {
    const now = Date.now();
    const file = join(work, 'older-readings.csv');
    writeFileSync(file, `timestamp,totalKwh\n${now - 40 * 60_000},1200\n${now - 30 * 60_000},1210.5\nyesterday,5\n`);
    await page.getByTestId(`endpoint-import-${endpointId}`).click();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-run').click();
    await page.locator('[data-testid="import-report"][data-dry-run="false"]').waitFor();
    expect(await text('import-inserted')).toBe('2');
    expect(await text('import-updated')).toBe('0');
    expect(await text('import-rejected')).toBe('1');
    expect(await page.getByTestId('import-rejections').locator('tbody tr td').first().textContent()).toBe('4');
    const stored = await rpc<{ readings: { ts: number; totalKwh: number }[] }>(MODULE, 'GET', '/readings', { query: { endpointId: String(endpointId) } });
    expect(stored.readings.map((r) => r.totalKwh)).toEqual([1210.5, 1200]);
    await shot('import-light');
  });

  it('runs the collection from the Jobs page', async () => {
    await rpc('core', 'POST', '/jobs/resume-all');
    await page.goto(appUrl('#/jobs'));
    const run = page.getByTestId(`job-run-${MODULE}:collect-consumption`);
    await run.click();
    await page.locator(`[data-testid="job-status-${MODULE}:collect-consumption-badge"][data-status="succeeded"]`).waitFor({ timeout: 90_000 });
    const live = await rpc<LiveEndpoint[]>(MODULE, 'GET', '/live');
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ endpointId, status: 'ok' });
    expect(live[0]!.lastReading!.totalKwh).toBeGreaterThan(METER_DEFAULTS.baseKwh);
  });

  it('shows the reading on the Live Dashboard, and takes pushed updates without reloading', async () => {
    await page.goto(modulePage());
    const card = page.locator(`[data-testid="live-endpoint-${endpointId}"][data-status="ok"]`);
    await card.waitFor();
    expect(await text(`live-power-${endpointId}`)).toMatch(/^\d[\d,.]* (W|kW)$/);
    const live = (await rpc<LiveEndpoint[]>(MODULE, 'GET', '/live'))[0]!;
    expect(await text(`live-last-${endpointId}`)).toMatch(/^Last reading just now · counter 1,2\d\d kWh$/);
    expect(live.monthToDateKwh).toBeGreaterThan(0);
    expect(Number((await text(`live-month-${endpointId}`)).replace(/[^\d.]/g, ''))).toBeCloseTo(live.monthToDateKwh, 0);
    // The imported readings and the collected one draw the power sparkline only where power was read.
    await page.getByTestId(`live-spark-${endpointId}`).waitFor();

    // A second meter, added and read ("Read meters now") while the page stays open: the card appears and turns OK from pushed events alone.
    const second = await rpc<{ id: number }>(MODULE, 'POST', '/endpoints', {
      body: { name: 'Sub-meter SM-7', ipAddress: `${meter.url}/meters/7`, clientName: 'Client B', scrapingConfig: { valueSelector: '#energy-kwh', powerSelector: '#power' } },
    });
    secondId = second.id;
    await page.locator(`[data-testid="live-endpoint-${secondId}"][data-status="never"]`).waitFor();
    const requests: string[] = [];
    page.on('request', (req) => {
      if (req.url().endsWith('/rpc')) requests.push(req.postData() ?? '');
    });
    await page.getByTestId('live-collect').click();
    await page.locator(`[data-testid="live-endpoint-${secondId}"][data-status="ok"]`).waitFor({ timeout: 90_000 });
    await expect.poll(() => page.getByTestId('live-collect').isEnabled()).toBe(true);
    // The page asked nothing for the live view: it came with the event.
    expect(requests.filter((body) => body.includes('"/live"'))).toEqual([]);
    await shotBoth('live');
  });

  it('opens the monthly report: per endpoint and per client, with chart, change and cost', async () => {
    await page.goto(modulePage('/reports'));
    const row = page.getByTestId(`report-endpoint-${endpointId}`);
    await row.waitFor();
    const summary = await rpc<MonthlySummary>(MODULE, 'GET', '/monthly-summary');
    const mine = summary.endpoints.find((e) => e.endpointId === endpointId)!;
    expect(Number(await row.getAttribute('data-kwh'))).toBe(mine.consumptionKwh);
    expect(mine.consumptionKwh).toBeGreaterThan(0);
    expect(await page.getByTestId('report-endpoint-chart').locator('[data-bar]').count()).toBe(2);
    expect(await page.getByTestId('report-clients').locator('tbody tr').count()).toBe(2);
    expect(await page.getByTestId('report-client-Client A').textContent()).toContain('Client A');
    // Client A has a price (0.25 per kWh on its endpoint): its cost is shown; Client B has none.
    expect(await row.textContent()).toContain(new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(mine.consumptionKwh * 0.25));
    expect(await page.getByTestId('report-client-Client B').textContent()).toContain('no price');
    await shotBoth('reports');
    // The print stylesheet leaves the app's chrome and the buttons out.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('sidebar').isVisible()).toBe(false);
    expect(await page.getByTestId('report-export').isVisible()).toBe(false);
    await page.screenshot({ path: join(screenshots, 'consumption-reports-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  it('exports the month as a CSV file through the Export button', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export').click()]);
    const summary = await rpc<MonthlySummary>(MODULE, 'GET', '/monthly-summary');
    const month = `${summary.year}-${String(summary.month).padStart(2, '0')}`;
    expect(download.suggestedFilename()).toBe(`consumption-${month}.csv`);
    const file = join(work, download.suggestedFilename());
    await download.saveAs(file);
    const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('kind,endpointId,endpoint,client,consumptionKwh,startKwh,endKwh,complete,pricePerKwh,cost');
    const mine = lines.find((l) => l.startsWith(`endpoint,${endpointId},`));
    expect(mine).toContain('Rack B-07 PDU,Client A,');
    const kwh = summary.endpoints.find((e) => e.endpointId === endpointId)!.consumptionKwh;
    expect(Number(mine!.split(',')[4])).toBeCloseTo(kwh, 6);
    expect(lines.some((l) => l.startsWith('client,') && l.includes('Client B'))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/^total,/);
  });

  it('shows the history: a chart thinned for drawing and the readings in a virtualized list', async () => {
    await page.goto(modulePage(`/history?endpoint=${endpointId}`));
    await page.locator('[data-testid="readings-list"][data-rows="3"]').waitFor();
    expect(await page.getByTestId('history-endpoint').inputValue()).toBe(String(endpointId));
    await page.getByTestId('history-metric').selectOption('totalKwh');
    await page.locator('[data-testid="history-chart"][data-points="3"]').waitFor();
    expect(await text('history-chart-note')).toContain('3 readings, drawn as 3 points');
    await shotBoth('history');
  });

  it('pages through thousands of readings with the cursor while drawing only the rows in view', async () => {
    // A day of minute readings before the imported ones, counting up to below their 1200 kWh.
    const now = Date.now();
    const rows = Array.from({ length: 1200 }, (_, i) => `${now - (i + 60) * 60_000},${(1000 + (1199 - i) * 0.1).toFixed(1)}`);
    const report = await rpc<{ inserted: number }>(MODULE, 'POST', '/import', { body: { endpointId, format: 'csv', content: `timestamp,totalKwh\n${rows.join('\n')}\n` } });
    expect(report.inserted).toBe(1200);
    // The import's event redraws the open page: the first page of 500, then the rest as the list scrolls.
    const list = page.getByTestId('readings-list');
    await page.locator('[data-testid="readings-list"][data-rows="500"]').waitFor();
    expect(await list.locator('[role="row"]').count()).toBeLessThan(40);
    for (const expected of ['1000', '1203']) {
      await list.evaluate((el: { scrollTop: number; scrollHeight: number }) => (el.scrollTop = el.scrollHeight));
      await page.locator(`[data-testid="readings-list"][data-rows="${expected}"]`).waitFor();
    }
    expect(await list.locator('[role="row"]').count()).toBeLessThan(40);
    expect(await text('readings-count')).toBe('1203 readings in the range.');
    // Scrolled to the end, the last row drawn is the oldest reading.
    await list.evaluate((el: { scrollTop: number; scrollHeight: number }) => (el.scrollTop = el.scrollHeight));
    await expect.poll(() => list.locator('[role="row"]').last().getAttribute('aria-rowindex')).toBe('1204');
    expect(await list.locator('[role="row"]').last().textContent()).toContain('1,000');
    await page.locator('[data-testid="history-chart"][data-points="1203"]').waitFor();
  });

  it('shows the Live power widget on the app Dashboard', async () => {
    await page.goto(appUrl('#/dashboard'));
    const widget = page.getByTestId(`widget-${MODULE}-live-power`);
    await widget.getByTestId('live-power-widget').waitFor();
    expect(await widget.getByTestId(`widget-endpoint-${endpointId}`).textContent()).toContain('Rack B-07 PDU');
    expect(await widget.getByTestId('widget-total-power').textContent()).toMatch(/^\d[\d,.]* (W|kW)$/);
    await shotBoth('dashboard');
  });

  it('deletes an endpoint only after confirming', async () => {
    await page.goto(modulePage('/endpoints'));
    await page.getByTestId(`endpoint-delete-${secondId}`).click();
    await page.getByTestId('confirm-dialog').waitFor();
    await shot('delete-confirm-light', { fullPage: false });
    await page.getByTestId('confirm-cancel').click();
    expect(await page.getByTestId(`endpoint-row-${secondId}`).isVisible()).toBe(true);
    await page.getByTestId(`endpoint-delete-${secondId}`).click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId(`endpoint-row-${secondId}`).waitFor({ state: 'detached' });
    expect((await rpc<{ id: number }[]>(MODULE, 'GET', '/endpoints')).map((e) => e.id)).toEqual([endpointId]);
    expect(problems).toEqual([]);
  });
});
