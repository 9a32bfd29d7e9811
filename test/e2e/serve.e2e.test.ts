import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettingDescriptor } from '../../src/shared/core-api';
import { formatBytes } from '../../src/renderer/src/ui/format';
import { launchChromium, openAppPage } from '../helpers/chromium';
import { startTestServe, type ServeFixture } from '../helpers/serve';

const root = resolve(__dirname, '..', '..');
const rendererIndex = join(root, 'out', 'renderer', 'index.html');
const screenshots = join(root, '.test-output', 'screenshots');

interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions seen on the page. */
  problems: string[];
}

/** Main file plus WAL and shared memory, the way the core counts the database's size. */
function databaseBytes(file: string): number {
  return ['', '-wal', '-shm'].reduce((sum, suffix) => sum + (existsSync(file + suffix) ? statSync(file + suffix).size : 0), 0);
}

describe('renderer in serve mode, in real Chromium', () => {
  let fx: ServeFixture;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(rendererIndex)) throw new Error(`${rendererIndex} is missing: run \`npm run build\` before the browser tests.`);
    mkdirSync(screenshots, { recursive: true });
    fx = await startTestServe();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await fx?.cleanup();
  });

  async function open(address: string, colorScheme: 'light' | 'dark' = 'light'): Promise<OpenedPage> {
    const problems: string[] = [];
    const { context, page } = await openAppPage(browser, problems, colorScheme);
    await page.goto(address);
    return { page, context, problems };
  }

  const appUrl = (hash = ''): string => fx.handle.bridge.url + hash;
  const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(screenshots, `${name}.png`) });
  const darken = async (page: Page): Promise<void> => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(300); // Let colour transitions settle before the screenshot.
  };

  async function timezoneSetting(): Promise<string> {
    const result = await fx.handle.core.router.call({ module: 'core', method: 'GET', path: '/settings' });
    if (!result.ok) throw new Error(result.error.message);
    const setting = (result.data as SettingDescriptor[]).find((s) => s.key === 'timezone');
    return String(setting?.value);
  }

  it('renders the shell, and the System page shows the real data folder and database size', async () => {
    const { page, context, problems } = await open(appUrl());
    await page.getByTestId('system-data-dir').waitFor();

    await expect.poll(() => page.getByTestId('sidebar').isVisible()).toBe(true);
    for (const id of ['system', 'settings', 'logs']) expect(await page.getByTestId(`nav-${id}`).isVisible()).toBe(true);
    expect(await page.getByTestId('app-header').textContent()).toContain('NxForge Desktop');
    expect(page.url()).not.toContain('token=');
    expect(new URL(page.url()).hash).toBe('#/system');

    expect(await page.getByTestId('system-data-dir').textContent()).toBe(fx.dataDir);
    const dbFile = await page.getByTestId('system-database-file').textContent();
    expect(dbFile).toBe(fx.handle.core.db.file);
    expect(existsSync(dbFile ?? '')).toBe(true);

    // The core counts the database, its WAL and shared-memory files; the page must show that figure.
    const sizeText = async (): Promise<string> => (await page.getByTestId('system-database-size').textContent()) ?? '';
    let expected = formatBytes(databaseBytes(dbFile ?? ''));
    for (let attempt = 0; attempt < 3 && (await sizeText()) !== expected; attempt++) {
      await page.getByTestId('refresh-button').click();
      await page.getByTestId('refresh-button').and(page.locator(':enabled')).waitFor();
      expected = formatBytes(databaseBytes(dbFile ?? ''));
    }
    expect(await sizeText()).toBe(expected);
    expect(await sizeText()).toMatch(/^\d+(\.\d)? (B|KB|MB|GB)$/);

    const info = fx.handle.core.info();
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(await page.getByTestId('system-app-version').textContent()).toBe(pkg.version);
    expect(await page.getByTestId('system-sqlite-version').textContent()).toBe(info.sqliteVersion);
    expect(await page.getByTestId('system-schema-version').textContent()).toBe(String(info.coreSchemaVersion));
    expect(await page.getByTestId('system-timezone').textContent()).toBe(info.timezone);
    expect(await page.getByTestId('system-mode').textContent()).toContain('Serve');
    expect(await page.getByTestId('modules-empty').textContent()).toContain('No modules installed yet');
    expect(await page.getByTestId('modules-table').count()).toBe(0);
    await page.getByTestId('connection-status').and(page.locator('.status-pill--connected')).waitFor();
    await shot(page, 'system-light');

    await darken(page);
    await shot(page, 'system-dark');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('changes the time zone on the Settings page, and the change persists', async () => {
    const before = await timezoneSetting();
    const target = before === 'Europe/Berlin' ? 'Asia/Tokyo' : 'Europe/Berlin';
    const { page, context, problems } = await open(appUrl('#/settings'));
    const input = page.getByTestId('setting-input-timezone');
    await input.waitFor();
    expect(await input.inputValue()).toBe(before);

    await input.click();
    await input.fill(target.split('/')[1]!.toLowerCase());
    const option = page.getByTestId('setting-input-timezone-options').getByRole('option', { name: target });
    await option.waitFor();
    await shot(page, 'settings-search');
    await option.click();
    expect(await input.inputValue()).toBe(target);
    await page.getByTestId('setting-save-timezone').click();

    await page.getByTestId('toast').filter({ hasText: 'Time zone saved' }).waitFor();
    expect(await timezoneSetting()).toBe(target);
    await shot(page, 'settings-saved');

    // Reloading reads the stored value back (the token survives in the tab's session).
    await page.reload();
    await expect.poll(() => page.getByTestId('setting-input-timezone').inputValue()).toBe(target);
    await page.getByTestId('nav-system').click();
    await expect.poll(() => page.getByTestId('system-timezone').textContent()).toBe(target);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the server’s validation error inline for an invalid time zone', async () => {
    const before = await timezoneSetting();
    const { page, context, problems } = await open(appUrl('#/settings'));
    const input = page.getByTestId('setting-input-timezone');
    await input.waitFor();
    await input.fill('Mars/Olympus_Mons');
    await input.press('Escape');
    await page.getByTestId('setting-save-timezone').click();

    const error = page.getByTestId('setting-error-timezone');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/IANA time zone/);
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await timezoneSetting()).toBe(before);
    await shot(page, 'settings-invalid-light');
    await darken(page);
    await shot(page, 'settings-invalid-dark');

    // Editing again clears the error until the next save.
    await input.fill('UTC');
    expect(await error.count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lists log lines, filters them by level, and adds new ones live', async () => {
    const { page, context, problems } = await open(appUrl('#/logs'));
    await page.getByTestId('logs-table').waitFor();
    expect(await page.getByTestId('log-row').count()).toBeGreaterThan(0);
    await page.getByTestId('logs-live').and(page.locator('.live-hint--on')).waitFor();

    const marker = `disk check ${Date.now()}`;
    fx.handle.core.logger.child('e2e').warn(`Warning from the test: ${marker}`, { free: '12 GB' });
    fx.handle.core.logger.child('e2e').error(`Error from the test: ${marker}`);
    const warnRow = page.getByTestId('log-row').filter({ hasText: `Warning from the test: ${marker}` });
    await warnRow.waitFor();
    expect(await warnRow.getAttribute('data-level')).toBe('warn');
    await shot(page, 'logs-light');
    await darken(page);
    await shot(page, 'logs-dark');

    await page.getByTestId('log-level-error').click();
    await warnRow.waitFor({ state: 'detached' });
    await page.getByTestId('log-row').filter({ hasText: `Error from the test: ${marker}` }).waitFor();
    const levels = await page.getByTestId('log-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-level')));
    expect(new Set(levels)).toEqual(new Set(['error']));
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a failed call with a retry that recovers', async () => {
    const { page, context, problems } = await open('about:blank');
    await page.route('**/rpc', (route) => route.abort('connectionrefused'));
    await page.goto(appUrl('#/system'));
    const panel = page.getByTestId('error-panel');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Could not load system information');
    await shot(page, 'system-error');

    await page.unroute('**/rpc');
    await page.getByTestId('retry-button').click();
    await page.getByTestId('system-data-dir').waitFor();
    expect(await panel.count()).toBe(0);
    // The refused requests are reported by Chromium itself; nothing else may go wrong.
    expect(problems.filter((p) => !p.includes('net::ERR_CONNECTION_REFUSED'))).toEqual([]);
    await context.close();
  });

  it('explains how to open the app when the page has no token', async () => {
    const { page, context, problems } = await open(`${fx.handle.bridge.origin}/#/settings`);
    const help = page.getByTestId('access-page');
    await help.waitFor();
    expect(await help.getAttribute('data-problem')).toBe('missing-token');
    expect(await help.textContent()).toContain('npm run serve');
    expect(await page.getByTestId('access-sample').textContent()).toContain('NXFORGE_URL=http://127.0.0.1:');
    expect(await page.getByTestId('sidebar').count()).toBe(0);
    await shot(page, 'access-light');
    await darken(page);
    await shot(page, 'access-dark');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('says so when the server refuses the token', async () => {
    const { page, context, problems } = await open(`${fx.handle.bridge.origin}/?token=not-the-token`);
    const help = page.getByTestId('access-page');
    await help.waitFor();
    expect(await help.getAttribute('data-problem')).toBe('rejected-token');
    // Chromium itself reports the 401 and the refused WebSocket; the app throws nothing.
    expect(problems.filter((p) => !/401|WebSocket/.test(p))).toEqual([]);
    await context.close();
  });
});
