import cronstrue from 'cronstrue';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRunRecord, JobView, RunDetail, SettingDescriptor } from '../../src/shared/core-api';
import type { Result } from '../../src/shared/result';
import { launchChromium, openAppPage, watchProblems } from '../helpers/chromium';
import { writeJobModule } from '../helpers/job-module';
import { waitFor } from '../helpers/module-fixtures';
import { startTestServe, type ServeFixture } from '../helpers/serve';

const root = resolve(__dirname, '..', '..');
const rendererIndex = join(root, 'out', 'renderer', 'index.html');
const screenshots = join(root, '.test-output', 'screenshots');

// Daily schedules twelve hours from now: shown with a next run, never due while the test runs.
const farHour = (new Date().getHours() + 12) % 24;
const TICK_SCHEDULE = `30 ${farHour} * * *`;
const CUSTOM_SCHEDULE = `15 ${farHour} * * 1-5`;

const JOBS = {
  tick: {
    name: 'Read meters',
    description: 'Reads every endpoint of the rack PDUs and stores the kWh counters.',
    handler: 'tick',
    schedule: TICK_SCHEDULE,
    timeout: 120_000,
    config: {
      batchSize: { type: 'integer', label: 'Batch size', description: 'Endpoints read per browser context.', default: 10, min: 1, max: 100 },
      screenshotOnError: { type: 'boolean', label: 'Screenshot on error', description: 'Save a screenshot and the page HTML when a read fails.', default: true },
      unit: { type: 'select', label: 'Unit', options: ['kWh', 'Wh'], default: 'kWh', required: true },
    },
  },
  flaky: { name: 'Flaky meter', description: 'Fails twice, then recovers.', handler: 'flaky', schedule: null, retries: 2, timeout: 30_000 },
  'until-stopped': { name: 'Long scrape', description: 'Works until it is cancelled.', handler: 'until-stopped', schedule: null, timeout: 600_000 },
  capture: { name: 'Capture portal', description: 'Runs into its timeout, leaving a screenshot and the page behind.', handler: 'until-stopped', schedule: null, timeout: 3_000 },
};

/** A page from a meter's web portal; it must only ever show as text. */
const PORTAL_HTML = `<!doctype html>
<html lang="en">
<head><title>PDU 7 · Outlets</title><style>body { font-family: sans-serif; }</style></head>
<body>
  <h1 id="injected-marker" class="portal-heading">PDU 7</h1>
  <table class="outlets"><tr><td>Outlet 1</td><td class="kwh">1.234,5 kWh</td></tr></table>
  <script>window.__portalScriptRan = true;</script>
  <img src="missing.png" onerror="window.__portalOnErrorRan = true">
</body>
</html>
`;

describe('the Jobs page, in serve mode in real Chromium', () => {
  let fx: ServeFixture;
  let browser: Browser;
  let work: string;
  let context: BrowserContext;
  let page: Page;
  let tickRunId = 0;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(rendererIndex)) throw new Error(`${rendererIndex} is missing: run \`npm run build\` before the browser tests.`);
    mkdirSync(screenshots, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'nxforge-jobs-e2e-'));
    // Retries wait 50–100 ms instead of seconds.
    fx = await startTestServe({ core: { jobs: { runner: { backoffBaseMs: 50, backoffCapMs: 100 } } } });
    await fx.handle.core.modules.install(writeJobModule(join(work, 'job-test'), JOBS));
    await fx.handle.core.modules.enable('job-test');
    browser = await launchChromium();
    ({ context, page } = await openAppPage(browser, problems));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await fx?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const appUrl = (hash = ''): string => fx.handle.bridge.url + hash;
  /** Toasts of earlier steps would cover what a screenshot is for. */
  const dismissToasts = async (): Promise<void> => {
    const buttons = page.getByTestId('toast').getByRole('button', { name: 'Dismiss' });
    while ((await buttons.count()) > 0) await buttons.first().click();
  };
  const shot = async (name: string, options: { dark?: boolean; fullPage?: boolean } = {}): Promise<void> => {
    await dismissToasts();
    await page.emulateMedia({ colorScheme: options.dark ? 'dark' : 'light' });
    await page.waitForTimeout(200); // Let colour transitions settle.
    await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: options.fullPage });
    await page.emulateMedia({ colorScheme: 'light' });
  };
  const shotBoth = async (name: string, fullPage = false): Promise<void> => {
    await shot(`${name}-light`, { fullPage });
    await shot(`${name}-dark`, { dark: true, fullPage });
  };
  async function api<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    const result = (await fx.handle.core.router.call({ module: 'core', method, path, body })) as Result<T>;
    if (!result.ok) throw new Error(`${method} ${path}: ${result.error.message}`);
    return result.data;
  }
  const job = (id: string) => api<JobView>('GET', `/jobs/job-test:${id}`);
  const runItems = () => page.getByTestId('run-item');
  const attr = (name: string) => runItems().evaluateAll((els, a) => els.map((e) => e.getAttribute(a)), name);

  it('lists the jobs of the module with the schedule in words and the next run, after Modules in the sidebar', async () => {
    await page.goto(appUrl('#/jobs'));
    const tickRow = page.getByTestId('job-row-job-test:tick');
    await tickRow.waitFor();
    const nav = await page.getByTestId('sidebar').locator('a[data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(nav.indexOf('nav-jobs')).toBe(nav.indexOf('nav-modules') + 1);

    const group = page.getByTestId('job-group-job-test');
    expect(await group.locator('tr[data-job]').evaluateAll((els) => els.map((e) => e.getAttribute('data-job')))).toEqual([
      'job-test:capture',
      'job-test:flaky',
      'job-test:tick',
      'job-test:until-stopped',
    ]);

    const tick = await job('tick');
    expect(tick.scheduleText).toBe(cronstrue.toString(TICK_SCHEDULE, { use24HourTimeFormat: true, verbose: false }));
    const schedule = page.getByTestId('job-schedule-job-test:tick');
    expect(await schedule.textContent()).toContain(tick.scheduleText);
    expect(await schedule.textContent()).toContain(TICK_SCHEDULE);
    expect(await schedule.textContent()).toContain(tick.timezone);
    const next = page.getByTestId('job-next-job-test:tick');
    expect(tick.nextRunAt).not.toBeNull();
    expect(await next.locator('time').getAttribute('datetime')).toBe(tick.nextRunAt);
    expect(await next.locator('time').textContent()).toMatch(/^in \d+ hours?$/);
    expect(await next.locator('.when__absolute').textContent()).toMatch(/\d{2}:30:00/);

    expect(await page.getByTestId('job-schedule-job-test:flaky').textContent()).toContain('Manual only');
    expect(await page.getByTestId('job-next-job-test:flaky').getAttribute('data-none')).toBe('Manual only');
    expect(await page.getByTestId('job-status-job-test:tick-badge').getAttribute('data-status')).toBe('none');
    await shotBoth('jobs-list');
  });

  it('runs tick now: the row shows it succeeded, and its history has the run', async () => {
    await page.getByTestId('job-run-job-test:tick').click();
    await page.locator('[data-testid="job-status-job-test:tick-badge"][data-status="succeeded"]').waitFor();
    const runs = await api<JobRunRecord[]>('GET', '/jobs/job-test:tick/runs');
    expect(runs.map((r) => [r.status, r.trigger, r.attempt])).toEqual([['succeeded', 'manual', 1]]);
    tickRunId = runs[0]!.id;

    await page.getByTestId('job-link-job-test:tick').click();
    await page.getByTestId('job-detail-title').waitFor();
    expect(await page.getByTestId('job-detail-title').textContent()).toBe('Read meters');
    expect(await page.getByTestId('job-description').textContent()).toContain('rack PDUs');
    expect(await page.getByTestId('job-detail-timeout').textContent()).toBe('Timeout 2 min');
    expect(await page.getByTestId('job-detail-retries').textContent()).toBe('No retries');
    await runItems().first().waitFor();
    expect(await attr('data-run-id')).toEqual([String(tickRunId)]);
    expect(await attr('data-status')).toEqual(['succeeded']);
    expect(await runItems().first().getByTestId('run-item-trigger').textContent()).toBe('By hand');
    expect(await runItems().first().getByTestId('run-item-attempt').textContent()).toBe('attempt 1');
    // Without a run in the address, the newest one is shown.
    const detail = page.locator(`[data-testid="run-detail"][data-run-id="${tickRunId}"][data-status="succeeded"]`);
    await detail.waitFor();
    expect(await detail.getByTestId('run-duration').textContent()).toMatch(/\d+(\.\d)? (ms|s)$/);
    // tick writes no lines of its own; the run says so rather than showing an empty table.
    expect(await page.getByTestId('run-log-empty').textContent()).toBe('This run wrote no log lines.');
    expect(await page.getByTestId('run-artifacts-none').isVisible()).toBe(true);
    await shotBoth('jobs-detail');
  });

  it('shows flaky’s three attempts live, newest first: failed, failed, then succeeded, each with its log lines', async () => {
    await page.goto(appUrl('#/jobs/job-test:flaky'));
    await page.getByTestId('runs-none').waitFor();
    expect(await page.getByTestId('job-detail-retries').textContent()).toBe('2 retries on failure');
    // The history is open while the runs happen: each one appears at the top as it starts.
    await page.getByTestId('job-run-job-test:flaky').click();
    await expect.poll(() => attr('data-status'), { timeout: 15_000 }).toEqual(['succeeded', 'failed', 'failed']);
    expect(await attr('data-attempt')).toEqual(['3', '2', '1']);
    expect(await attr('data-trigger')).toEqual(['retry', 'retry', 'manual']);
    expect(await runItems().allTextContents()).toEqual([
      expect.stringContaining('attempt 3 of 3'),
      expect.stringContaining('attempt 2 of 3'),
      expect.stringContaining('attempt 1 of 3'),
    ]);
    expect(await runItems().nth(1).getByTestId('run-item-error').textContent()).toBe('meter unreachable (attempt 2)');

    // The newest run is shown, with the line the handler wrote.
    const log = page.getByTestId('run-log');
    await log.getByTestId('log-row').filter({ hasText: 'recovered on attempt 3' }).waitFor();
    expect(await page.getByTestId('run-attempt').textContent()).toBe('Attempt 3 of 3');
    await expect.poll(() => page.getByTestId('job-detail-status').getAttribute('data-status')).toBe('succeeded');
    await shotBoth('jobs-flaky');

    // The first attempt, chosen: its error and its lines, and an address of its own.
    const first = runItems().nth(2);
    const firstId = await first.getAttribute('data-run-id');
    await first.click();
    await page.locator(`[data-testid="run-detail"][data-run-id="${firstId}"]`).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/jobs/job-test:flaky/runs/${firstId}`);
    expect(await first.getAttribute('aria-current')).toBe('true');
    await expect.poll(() => page.getByTestId('run-error').textContent()).toBe('meter unreachable (attempt 1)');
    const lines = await log.getByTestId('log-row').allTextContents();
    expect(lines.some((l) => l.includes('job-test:flaky failed: meter unreachable (attempt 1)'))).toBe(true);
    expect(lines.some((l) => /Attempt 1 of job-test:flaky failed; retrying in/.test(l))).toBe(true);
    await shotBoth('jobs-flaky-attempt');
  });

  it('shows a long run’s progress live, from events alone, on the list and on its page, and cancels it', async () => {
    await page.goto(appUrl('#/jobs'));
    await page.getByTestId('job-row-job-test:until-stopped').waitFor();
    await page.getByTestId('job-run-job-test:until-stopped').click();
    const bar = page.getByTestId('job-progress-job-test:until-stopped');
    const fraction = async () => Number((await bar.getAttribute('data-fraction')) ?? 0);
    await expect.poll(fraction).toBeGreaterThan(0.05);

    // While the bar moves, the page asks the core nothing: the numbers come from pushed events.
    let calls = 0;
    const count = (request: { url(): string }) => {
      if (request.url().includes('/rpc')) calls++;
    };
    page.on('request', count);
    const before = await fraction();
    await expect.poll(fraction).toBeGreaterThan(before + 0.05);
    page.off('request', count);
    expect(calls).toBe(0);
    expect(await page.getByTestId('job-status-job-test:until-stopped-badge').getAttribute('data-status')).toBe('running');
    await shotBoth('jobs-running');

    // Its page shows the same run live, and cancels it there.
    await page.getByTestId('job-link-job-test:until-stopped').click();
    await page.getByTestId('job-live-panel').waitFor();
    const detail = page.locator('[data-testid="run-detail"][data-status="running"]');
    await detail.waitFor();
    await expect.poll(async () => Number(await page.getByTestId('run-progress').getAttribute('data-fraction'))).toBeGreaterThan(0);
    await shotBoth('jobs-detail-running');
    await page.getByTestId('job-cancel-job-test:until-stopped').click();
    await page.locator('[data-testid="run-detail"][data-status="cancelled"]').waitFor();
    await page.getByTestId('job-live-panel').waitFor({ state: 'detached' });
    await page.getByTestId('run-log').getByTestId('log-row').filter({ hasText: 'job-test:until-stopped was cancelled' }).waitFor();
    await expect.poll(() => page.getByTestId('job-detail-status').getAttribute('data-status')).toBe('cancelled');

    await page.getByTestId('back-to-jobs').click();
    await page.locator('[data-testid="job-status-job-test:until-stopped-badge"][data-status="cancelled"]').waitFor();
    expect(await bar.count()).toBe(0);
    expect(await page.getByTestId('job-run-job-test:until-stopped').isEnabled()).toBe(true);
    const [last] = await api<JobRunRecord[]>('GET', '/jobs/job-test:until-stopped/runs');
    expect(last?.status).toBe('cancelled');
  });

  it('pauses one job, then every schedule: no next run, a banner, and back again', async () => {
    const next = page.getByTestId('job-next-job-test:tick');
    await page.getByTestId('job-pause-job-test:tick').click();
    await expect.poll(() => next.getAttribute('data-none')).toBe('Paused');
    expect(await page.getByTestId('job-pause-job-test:tick').textContent()).toBe('Resume');
    expect((await job('tick')).nextRunAt).toBeNull();
    await shotBoth('jobs-job-paused');

    await page.getByTestId('job-pause-job-test:tick').click();
    await next.locator('time').waitFor();
    expect(await next.locator('time').getAttribute('datetime')).toBe((await job('tick')).nextRunAt);

    await page.getByTestId('jobs-pause-toggle').click();
    const banner = page.getByTestId('jobs-paused-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('All schedules are paused');
    await expect.poll(() => next.getAttribute('data-none')).toBe('All schedules paused');
    expect(await page.getByTestId('jobs-pause-toggle').textContent()).toBe('Resume schedules');
    const settings = await api<SettingDescriptor[]>('GET', '/settings');
    expect(settings.find((s) => s.key === 'jobs.paused')?.value).toBe(true);
    await shotBoth('jobs-paused');

    // A job's page says so too, and can resume them.
    await page.getByTestId('job-link-job-test:tick').click();
    await page.getByTestId('job-detail-title').waitFor();
    await banner.waitFor();
    expect(await page.getByTestId('job-detail-next').getAttribute('data-none')).toBe('All schedules paused');
    await page.getByTestId('jobs-paused-resume').click();
    await banner.waitFor({ state: 'detached' });
    await page.getByTestId('job-detail-next').locator('time').waitFor();

    await page.getByTestId('back-to-jobs').click();
    await next.locator('time').waitFor();
    expect(await page.getByTestId('jobs-pause-toggle').textContent()).toBe('Pause all schedules');
    await page.getByTestId('jobs-pause-toggle').click();
    await banner.waitFor();
    await page.getByTestId('jobs-pause-toggle').click();
    await banner.waitFor({ state: 'detached' });
    expect((await api<SettingDescriptor[]>('GET', '/settings')).find((s) => s.key === 'jobs.paused')?.value).toBe(false);
  });

  it('edits the config: an invalid value is refused under its field, a valid one is saved, and defaults come back', async () => {
    await page.goto(appUrl('#/jobs/job-test:tick?tab=config'));
    const batch = page.getByTestId('job-config-batchSize');
    await batch.waitFor();
    expect(await batch.inputValue()).toBe('10');
    expect(await page.getByTestId('job-config-unit').inputValue()).toBe('kWh');
    expect(await page.getByTestId('job-config-screenshotOnError').isChecked()).toBe(true);

    await batch.fill('500');
    await page.getByTestId('job-config-save').click();
    const error = page.getByTestId('job-config-batchSize-error');
    await expect.poll(() => error.textContent()).toBe('Expected at most 100');
    expect(await batch.getAttribute('aria-invalid')).toBe('true');
    expect((await job('tick')).config.batchSize).toBe(10);
    await page.getByTestId('job-config-save').scrollIntoViewIfNeeded();
    await shotBoth('jobs-config-invalid');

    await batch.fill('25');
    expect(await error.count()).toBe(0);
    await page.getByTestId('job-config-unit').selectOption('Wh');
    await page.getByTestId('job-config-save').click();
    await page.getByTestId('toast').filter({ hasText: 'Config saved' }).first().waitFor();
    await expect.poll(() => page.getByTestId('job-config-status').textContent()).toBe('No unsaved changes');
    expect((await job('tick')).config).toEqual({ batchSize: 25, screenshotOnError: true, unit: 'Wh' });
    await shotBoth('jobs-config');

    await page.getByTestId('job-config-reset').click();
    expect(await batch.inputValue()).toBe('10');
    await page.getByTestId('job-config-save').click();
    await expect.poll(async () => (await job('tick')).config).toEqual({ batchSize: 10, screenshotOnError: true, unit: 'kWh' });
  });

  it('overrides the schedule: an invalid cron is refused under the field, a valid one is described live and saved', async () => {
    await page.getByTestId('tab-schedule').click();
    expect(new URL(page.url()).hash).toBe('#/jobs/job-test:tick?tab=schedule');
    const tick = await job('tick');
    expect(await page.getByTestId('job-schedule-current').textContent()).toBe(tick.scheduleText);

    await page.getByTestId('job-schedule-mode-custom').check();
    const cron = page.getByTestId('job-schedule-cron');
    await cron.fill('every day at noon');
    await expect.poll(() => page.getByTestId('job-schedule-preview').getAttribute('data-valid')).toBe('false');
    await page.getByTestId('job-schedule-save').click();
    const error = page.getByTestId('job-schedule-cron-error');
    await expect.poll(() => error.textContent()).toContain('"every day at noon" is not a cron expression');
    expect(await cron.getAttribute('aria-invalid')).toBe('true');
    expect((await job('tick')).scheduleOverride).toBeNull();
    await page.getByTestId('job-schedule-save').scrollIntoViewIfNeeded();
    await shotBoth('jobs-schedule-invalid');

    await cron.fill(CUSTOM_SCHEDULE);
    const words = cronstrue.toString(CUSTOM_SCHEDULE, { use24HourTimeFormat: true, verbose: false });
    await expect.poll(() => page.getByTestId('job-schedule-preview-text').textContent()).toBe(words);
    await page.getByTestId('job-schedule-save').scrollIntoViewIfNeeded();
    await shotBoth('jobs-schedule-preview');
    await page.getByTestId('job-schedule-save').click();
    await expect.poll(() => page.getByTestId('job-schedule-current').textContent()).toBe(words);
    const saved = await job('tick');
    expect(saved.scheduleOverride).toBe(CUSTOM_SCHEDULE);
    expect(saved.scheduleText).toBe(words);
    expect(await page.getByTestId('job-detail-schedule').textContent()).toContain(words);
    await expect.poll(() => page.getByTestId('job-detail-next').locator('time').getAttribute('datetime')).toBe(saved.nextRunAt);

    // Switched off: no next run; back to the module's schedule and on again.
    await page.getByTestId('job-enabled').uncheck({ force: true });
    await expect.poll(() => page.getByTestId('job-detail-next').getAttribute('data-none')).toBe('Switched off');
    expect((await job('tick')).enabled).toBe(false);
    await page.getByTestId('job-enabled').check({ force: true });
    await page.getByTestId('job-schedule-mode-default').check();
    await page.getByTestId('job-schedule-save').click();
    await expect.poll(() => page.getByTestId('job-schedule-current').textContent()).toBe(tick.scheduleText);
    const restored = await job('tick');
    expect([restored.scheduleOverride, restored.enabled]).toEqual([null, true]);
  });

  it('shows a failed run’s screenshot as a picture and its saved page as text, never as a page', async () => {
    // A real PNG, rendered by Chromium, and the page's HTML: the files a failed scrape leaves.
    const painter = await browser.newPage({ viewport: { width: 480, height: 300 } });
    await painter.setContent(
      '<body style="margin:0;font:16px sans-serif;background:#fff"><div style="padding:24px"><h2 style="margin:0 0 8px">PDU 7 · Login</h2>' +
        '<p style="color:#b00">Session expired: the login form did not accept the password.</p></div></body>',
    );
    const png = await painter.screenshot();
    await painter.close();

    const run = await api<JobRunRecord>('POST', '/jobs/job-test:capture/run');
    await waitFor(async () => (await api<RunDetail>('GET', `/runs/${run.id}`)).status === 'running', 10_000, 'the capture run to start');
    const dir = fx.handle.core.jobs.runner.artifactsDir(run.id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'failure.png'), png);
    writeFileSync(join(dir, 'page.html'), PORTAL_HTML);
    const finished = await waitFor(
      async () => {
        const r = await api<RunDetail>('GET', `/runs/${run.id}`);
        return r.status === 'timed-out' && r;
      },
      15_000,
      'the capture run to time out',
    );
    expect(finished.artifacts).toEqual([
      { name: 'failure.png', kind: 'screenshot', bytes: png.length },
      { name: 'page.html', kind: 'html', bytes: Buffer.byteLength(PORTAL_HTML) },
    ]);

    await page.goto(appUrl(`#/jobs/job-test:capture/runs/${run.id}`));
    await page.locator(`[data-testid="run-detail"][data-run-id="${run.id}"][data-status="timed-out"]`).waitFor();
    expect(await page.getByTestId('run-error').textContent()).toBe('timed out after 3000 ms');
    const img = page.getByTestId('artifact-screenshot');
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(480);

    const source = page.getByTestId('artifact-html');
    await source.waitFor();
    const text = (await source.textContent()) ?? '';
    expect(text).toContain('<html lang="en">');
    expect(text).toContain('<script>window.__portalScriptRan = true;</script>');
    expect(await source.isVisible()).toBe(true);
    // Nothing of that page became part of this one.
    expect(await page.locator('#injected-marker, .portal-heading, table.outlets, img[src="missing.png"]').count()).toBe(0);
    expect(await page.evaluate('[window.__portalScriptRan, window.__portalOnErrorRan]')).toEqual([undefined, undefined]);
    expect(await page.title()).not.toContain('PDU 7');
    await page.getByTestId('run-artifacts').scrollIntoViewIfNeeded();
    await shotBoth('jobs-artifacts');

    const download = page.waitForEvent('download');
    await page.getByTestId('artifact-html-download').click();
    expect((await download).suggestedFilename()).toBe('page.html');

    await page.getByTestId('artifact-screenshot-open').click();
    const dialog = page.getByTestId('screenshot-dialog');
    const full = dialog.getByTestId('screenshot-dialog-img');
    await full.waitFor();
    expect(await full.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(480);
    await shotBoth('jobs-screenshot-dialog');
    await page.getByTestId('screenshot-dialog-close').click();
    await full.waitFor({ state: 'detached' });
  });

  it('opens a run from its address, as a notification links to it', async () => {
    expect(tickRunId).toBeGreaterThan(0);
    const fresh = await context.newPage();
    watchProblems(fresh, problems);
    await fresh.goto(appUrl(`#/jobs/job-test:tick/runs/${tickRunId}`));
    await fresh.locator(`[data-testid="run-detail"][data-run-id="${tickRunId}"][data-status="succeeded"]`).waitFor();
    expect(await fresh.getByTestId('job-detail-title').textContent()).toBe('Read meters');
    expect(await fresh.locator(`[data-testid="run-item"][data-run-id="${tickRunId}"]`).getAttribute('aria-current')).toBe('true');
    expect(await fresh.getByTestId('tab-runs').getAttribute('aria-selected')).toBe('true');

    // Addresses that lead nowhere say so, in the core's words.
    await fresh.goto(appUrl('#/jobs/job-test:tick/runs/99999'));
    await expect.poll(() => fresh.getByTestId('run-detail').getByTestId('error-panel').textContent()).toContain('No run #99999.');
    await fresh.goto(appUrl('#/jobs/job-test:missing'));
    await expect.poll(() => fresh.getByTestId('error-panel').textContent()).toContain('No job job-test:missing.');
    await fresh.close();
  });

  it('logged no console errors', () => {
    expect(problems).toEqual([]);
  });
});
