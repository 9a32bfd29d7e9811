import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/core';
import type { DesktopTestHooks } from '../../src/main/electron/test-hooks';
import { writeModule } from '../helpers/module-fixtures';

/**
 * The built desktop app, launched by Playwright as a user would start it (`electron .`), with a
 * fresh data folder. Where no Electron binary or no display exists, it is skipped with the reason.
 */
const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const OUTPUT_DIR = join(ROOT, '.test-output');

type ElectronStatus = { available: true; binary: string } | { available: false; reason: string };

/**
 * Finds the binary the way the electron package does, without requiring it: its index.js starts
 * a download when the binary is missing.
 */
function electronStatus(): ElectronStatus {
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(join(ROOT, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { available: false, reason: 'the electron package is not installed' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const fallback = process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';
  const binary = override ? join(override, relative || 'electron') : join(pkgDir, 'dist', relative || fallback);
  if (!existsSync(binary)) {
    return { available: false, reason: `no Electron binary at ${binary} (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)` };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { available: false, reason: 'no display (DISPLAY and WAYLAND_DISPLAY are unset); run the tests under xvfb-run' };
  }
  return { available: true, binary };
}

const status = electronStatus();
if (!status.available) console.warn(`Electron e2e skipped: ${status.reason}`);

function appEnv(dataDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  delete env.ELECTRON_RUN_AS_NODE;
  env.NXFORGE_DATA_DIR = dataDir;
  // The main process records notifications and exposes the tray menu for these tests.
  env.NXFORGE_E2E_HOOKS = '1';
  return env;
}

/** A module whose one job always fails, installed and enabled before the app starts. */
async function installFailingModule(dataDir: string): Promise<void> {
  const core = createCore({ dataDir, mode: 'cli', builtInModules: [] });
  try {
    await core.start({ schedule: false });
    const pkg = writeModule(join(dataDir, 'failing-pkg'), {
      name: 'failing-meter',
      version: '1.0.0',
      manifest: { jobs: { read: { name: 'Read the failing meter', handler: 'read', schedule: null } } },
      mainSource: "export default { activate(ctx) { ctx.jobs.handle('read', () => { throw new Error('meter unreachable'); }); } };\n",
    });
    await core.modules.install(pkg);
    await core.modules.enable('failing-meter');
  } finally {
    await core.dispose();
  }
}

type HookWindow = { __nxforgeDesktop: DesktopTestHooks };

describe.skipIf(!status.available)('desktop app in Electron', () => {
  let dataDir: string;
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'out', 'main', 'index.js'))) throw new Error('Build the app first: npm run build');
    dataDir = mkdtempSync(join(tmpdir(), 'nxforge-electron-e2e-'));
    await installFailingModule(dataDir);
    app = await _electron.launch({ args: ['.'], cwd: ROOT, env: appEnv(dataDir), timeout: 30_000 });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the app page from the app scheme, titled NxForge Desktop', async () => {
    expect(page.url()).toMatch(/^app:\/\/nxforge\//);
    const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle());
    expect(title).toContain('NxForge');
  });

  it('shows the System page with the real data folder', async () => {
    // The System page is the start page; go there explicitly should that ever change.
    await page.evaluate("location.hash = '#/system'");
    await page.getByText('System').first().waitFor({ timeout: 15_000 });
    const folder = page.getByTestId('system-data-dir');
    await folder.waitFor({ timeout: 15_000 });
    expect(await folder.textContent()).toBe(resolve(dataDir));
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: join(OUTPUT_DIR, 'electron-system-page.png') });
  });

  it('gives the page window.nxforge with invoke and on only, and no Node', async () => {
    const facts = await page.evaluate<{ keys: string[]; require: string; process: string }>(
      '({ keys: Object.keys(window.nxforge).sort(), require: typeof require, process: typeof process })',
    );
    expect(facts).toEqual({ keys: ['invoke', 'on'], require: 'undefined', process: 'undefined' });
    const info = await page.evaluate<{ ok: boolean; data?: { mode: string; dataDir: string } }>(
      "window.nxforge.invoke({ module: 'core', method: 'GET', path: '/info' })",
    );
    expect(info).toMatchObject({ ok: true, data: { mode: 'desktop', dataDir: resolve(dataDir) } });
  });

  it('serves the app scheme with the CSP', async () => {
    const csp = await page.evaluate<string | null>("fetch('app://nxforge/index.html').then((r) => r.headers.get('content-security-policy'))");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('refuses to navigate away from the app', async () => {
    await page.evaluate("location.href = 'file:///'");
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/nxforge\//);
  });

  it('raises a desktop notification when a job fails, leading to that run', async () => {
    const run = await page.evaluate<{ ok: boolean; data?: { id: number; status: string } }>(
      "window.nxforge.invoke({ module: 'core', method: 'POST', path: '/jobs/failing-meter:read/run', query: { wait: 'true' } })",
    );
    expect(run).toMatchObject({ ok: true, data: { status: 'failed' } });
    await expect
      .poll(() => app.evaluate(() => (globalThis as unknown as HookWindow).__nxforgeDesktop.notifications), { timeout: 15_000 })
      .toEqual([{ kind: 'failed', title: 'Read the failing meter failed', body: 'meter unreachable', jobId: 'failing-meter:read', runId: run.data?.id }]);
    const labels = await app.evaluate(() => (globalThis as unknown as HookWindow).__nxforgeDesktop.trayLabels());
    expect(labels.some((label) => /^Last collection .*: 0 ok, 1 failed$/.test(label))).toBe(true);
  });

  it('closing the window hides it to the tray; the app keeps running', async () => {
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    await expect.poll(() => app.evaluate(() => (globalThis as unknown as HookWindow).__nxforgeDesktop.windowVisible())).toBe(false);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    const labels = await app.evaluate(() => (globalThis as unknown as HookWindow).__nxforgeDesktop.trayLabels());
    expect(labels[0]).toBe('Open NxForge Desktop');
    const info = await page.evaluate<{ ok: boolean }>("window.nxforge.invoke({ module: 'core', method: 'GET', path: '/info' })");
    expect(info.ok).toBe(true);
  });

  it('lets only one instance run: a second launch exits and shows the hidden window', async () => {
    if (!status.available) return;
    const second = spawn(status.binary, ['.'], { cwd: ROOT, env: appEnv(dataDir), stdio: 'ignore' });
    const code = await new Promise<number | null>((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        second.kill('SIGKILL');
        reject(new Error('the second instance kept running'));
      }, 20_000);
      second.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolvePromise(exitCode);
      });
    });
    expect(code).toBe(0);
    await expect.poll(() => app.evaluate(() => (globalThis as unknown as HookWindow).__nxforgeDesktop.windowVisible())).toBe(true);
  });
});
