import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packFolder } from '../../src/main/core/modules/package-archive';
import type { ModuleSettingView } from '../../src/shared/core-api';
import type { Result } from '../../src/shared/result';
import { launchChromium, openAppPage } from '../helpers/chromium';
import { startTestServe, type ServeFixture } from '../helpers/serve';

const root = resolve(__dirname, '..', '..');
const rendererIndex = join(root, 'out', 'renderer', 'index.html');
const screenshots = join(root, '.test-output', 'screenshots');

type BuildModule = (dir: string) => Promise<{ main: boolean; ui: boolean }>;

/** hello-world's sources copied to `target` and built there, as `node scripts/build-modules.js` does. */
async function buildHelloWorld(target: string): Promise<void> {
  const source = join(root, 'modules', 'hello-world');
  for (const part of ['manifest.json', 'src', 'migrations']) cpSync(join(source, part), join(target, part), { recursive: true });
  const { buildModule } = (await import(pathToFileURL(join(root, 'scripts', 'build-modules.js')).href)) as { buildModule: BuildModule };
  await buildModule(target);
}

/** A module whose page throws while rendering, and names a second page it does not export. */
function writeBrokenModule(dir: string): void {
  const files: Record<string, string> = {
    'manifest.json': JSON.stringify({
      manifestVersion: 1,
      name: 'broken-page',
      version: '0.1.0',
      displayName: 'Broken Page',
      description: 'A module whose page throws, for the tests.',
      author: 'Tests',
      engines: { nxforge: '>=0.1.0 <1.0.0' },
      entry: 'dist/main.js',
      ui: {
        entry: 'dist/ui/index.js',
        sidebar: { label: 'Broken Page', icon: 'no-such-icon', order: 95 },
        pages: [
          { path: '/', component: 'BrokenPage', title: 'Broken Page' },
          { path: '/missing', component: 'NoSuchPage', title: 'Missing' },
        ],
      },
    }),
    'dist/main.js': "export default { activate(ctx) { ctx.routes.get('/ping', () => ({ pong: true })); } };\n",
    'dist/package.json': '{ "type": "module" }\n',
    'dist/ui/index.js': "export function BrokenPage() { throw new Error('Broken on purpose: the page cannot render'); }\n",
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}

describe('module pages and the Modules page, in serve mode in real Chromium', () => {
  let fx: ServeFixture;
  let browser: Browser;
  let work: string;
  let hello: { file: string; sha256: string };
  let broken: { file: string; sha256: string };
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(rendererIndex)) throw new Error(`${rendererIndex} is missing: run \`npm run build\` before the browser tests.`);
    mkdirSync(screenshots, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'nxforge-modules-e2e-'));
    await buildHelloWorld(join(work, 'hello-world'));
    hello = { file: join(work, 'hello-world.nxmod'), ...(await packFolder(join(work, 'hello-world'), join(work, 'hello-world.nxmod'))) };
    writeBrokenModule(join(work, 'broken-page'));
    broken = { file: join(work, 'broken-page.nxmod'), ...(await packFolder(join(work, 'broken-page'), join(work, 'broken-page.nxmod'))) };
    fx = await startTestServe();
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
  const shot = async (name: string, options: { dark?: boolean; fullPage?: boolean } = {}): Promise<void> => {
    await page.emulateMedia({ colorScheme: options.dark ? 'dark' : 'light' });
    await page.waitForTimeout(200); // Let colour transitions settle.
    await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: options.fullPage });
    await page.emulateMedia({ colorScheme: 'light' });
  };
  const shotBoth = async (name: string, fullPage = false): Promise<void> => {
    await shot(`${name}-light`, { fullPage });
    await shot(`${name}-dark`, { dark: true, fullPage });
  };
  /** A call the way the renderer makes it: POST /rpc with the token. */
  async function rpc<T>(module: string, method: string, path: string, body?: unknown): Promise<Result<T>> {
    const res = await fetch(`${fx.handle.bridge.origin}/rpc`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${fx.handle.bridge.token}` },
      body: JSON.stringify({ module, method, path, body }),
    });
    return (await res.json()) as Result<T>;
  }
  const navItem = (name: string) => page.getByTestId(`nav-module:${name}`);

  it('serves the app with an import map allowed by its hash, and no inline script otherwise', async () => {
    const res = await fetch(appUrl());
    const csp = res.headers.get('content-security-policy') ?? '';
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).toMatch(/^\s*script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'$/);
    expect(csp).not.toContain('unsafe-eval');
    expect(await res.text()).toContain('<script type="importmap">');
    // A module's own files never get that allowance.
    expect(readFileSync(rendererIndex, 'utf8')).toContain('./shared/react.js');
  });

  it('installs hello-world from a .nxmod through the file picker and reports its checksum and permissions', async () => {
    await page.goto(appUrl('#/modules'));
    await page.getByTestId('modules-none').waitFor();
    expect(await navItem('hello-world').count()).toBe(0);
    await shotBoth('modules-empty');

    await page.getByTestId('module-file-input').setInputFiles(hello.file);
    const report = page.getByTestId('install-report');
    await report.waitFor();
    expect(await page.getByTestId('install-report-sha256').textContent()).toBe(hello.sha256);
    expect(await report.textContent()).toContain('Installed Hello World 1.0.0');
    expect(await page.getByTestId('install-report-author').textContent()).toBe('NxForge Desktop');
    const permissions = page.getByTestId('install-report-permissions');
    expect(await permissions.locator('[data-permission]').evaluateAll((els) => els.map((e) => e.getAttribute('data-permission')))).toEqual([
      'database:read',
      'database:write',
    ]);
    expect(await permissions.textContent()).toContain('Read its own tables');

    const card = page.getByTestId('module-card-hello-world');
    await card.waitFor();
    expect(await page.getByTestId('module-state-hello-world').getAttribute('data-state')).toBe('INSTALLED');
    expect(await card.textContent()).toContain('Installed');
    await shotBoth('modules-installed');
  });

  it('shows an install error in full, and the drop zone while a file is dragged over the page', async () => {
    // Dropping the same package again: the core refuses it and says why.
    const bytes = readFileSync(hello.file).toString('base64');
    // Built in the page (a string: the test itself has no DOM types), as a drag from the desktop would carry it.
    const transfer = await page.evaluateHandle(`(() => {
      const data = Uint8Array.from(atob(${JSON.stringify(bytes)}), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], 'hello-world.nxmod', { type: 'application/octet-stream' }));
      return dt;
    })()`);
    const target = page.getByTestId('modules-page');
    await target.dispatchEvent('dragenter', { dataTransfer: transfer });
    await page.getByTestId('drop-overlay').waitFor();
    await shot('modules-drop-light');
    await target.dispatchEvent('drop', { dataTransfer: transfer });
    await page.getByTestId('drop-overlay').waitFor({ state: 'detached' });
    const error = page.getByTestId('install-error');
    await error.waitFor();
    expect(await page.getByTestId('install-error-message').textContent()).toBe('hello-world 1.0.0 is installed already, with the same contents.');
    expect(await error.textContent()).toContain('hello-world.nxmod was not installed');
    await shotBoth('modules-install-error');
  });

  it('enables it, and its page appears in the sidebar', async () => {
    await page.getByTestId('module-enable-hello-world').click();
    await page.locator('[data-testid="module-state-hello-world"][data-state="ENABLED"]').waitFor();
    await navItem('hello-world').waitFor();
    expect(await page.getByTestId('sidebar-section-modules').textContent()).toContain('Hello World');
    expect(await page.getByTestId('module-error-hello-world').count()).toBe(0);
    await shotBoth('modules-enabled');
  });

  it('opens its page: it calls its route, shows the answer, and greets a typed name', async () => {
    await navItem('hello-world').click();
    const message = page.getByTestId('hello-message');
    await expect.poll(() => message.textContent()).toBe('Hello, world!');
    expect(new URL(page.url()).hash).toBe('#/m/hello-world');
    expect(await page.getByTestId('module-page').getAttribute('data-module')).toBe('hello-world');
    expect(await page.getByTestId('hello-total').textContent()).toBe('Greetings so far: 1');

    await page.getByTestId('hello-name').fill('Ada');
    await page.getByTestId('hello-greet').click();
    await expect.poll(() => message.textContent()).toBe('Hello, Ada!');
    await expect.poll(() => page.getByTestId('hello-total').textContent()).toBe('Greetings so far: 2');

    // The module's job, through the core.
    await page.getByTestId('hello-run-job').click();
    await expect.poll(() => page.getByTestId('hello-job-result').textContent()).toBe('Counted 2 greetings.');

    // One React: the module's bare `react` import is the app's very instance.
    // (A string, so the test runner does not rewrite the import.)
    const shared = await page.evaluate<boolean>("import('react').then((m) => m.useState === globalThis.__NXFORGE_SHARED__.react.useState)");
    expect(shared).toBe(true);
    await shotBoth('hello-page');
  });

  it('changes its greeting in the settings form, with inline validation, and the page uses it', async () => {
    await page.getByTestId('nav-modules').click();
    await page.getByTestId('module-details-hello-world').click();
    await page.getByTestId('module-detail-title').waitFor();
    expect(await page.getByTestId('module-sha256').textContent()).toBe(hello.sha256);
    expect(await page.getByTestId('module-tables').textContent()).toContain('hello_world__greetings');
    await shotBoth('module-overview', true);

    await page.getByTestId('tab-settings').click();
    const greeting = page.getByTestId('module-setting-greeting');
    await greeting.waitFor();
    expect(await greeting.inputValue()).toBe('Hello');

    // Required: an empty greeting is refused by the core, and the error sits under the field.
    await greeting.fill('');
    await page.getByTestId('module-settings-save').click();
    const fieldError = page.getByTestId('module-setting-greeting-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toBe('Is required');
    expect(await greeting.getAttribute('aria-invalid')).toBe('true');
    await shotBoth('module-settings-invalid');

    await greeting.fill('Howdy');
    expect(await fieldError.count()).toBe(0);
    await page.getByTestId('module-settings-save').click();
    await page.getByTestId('toast').filter({ hasText: 'Settings saved' }).first().waitFor();
    const stored = await rpc<ModuleSettingView[]>('core', 'GET', '/modules/hello-world/settings');
    expect(stored.ok && stored.data.find((s) => s.key === 'greeting')?.value).toBe('Howdy');
    await expect.poll(() => page.getByTestId('module-settings-status').textContent()).toBe('No unsaved changes');
    await shotBoth('module-settings');

    await navItem('hello-world').click();
    await expect.poll(() => page.getByTestId('hello-message').textContent()).toBe('Howdy, world!');
  });

  it('shows its log, newest first and live, and its API reference from the route schemas', async () => {
    await page.goto(appUrl('#/modules/hello-world?tab=log'));
    const rows = page.getByTestId('module-log').getByTestId('log-row');
    await rows.first().waitFor();
    const texts = await rows.allTextContents();
    expect(texts.some((t) => t.includes('Enabled hello-world 1.0.0'))).toBe(true);
    expect(texts.every((t) => !t.includes('Serving on'))).toBe(true); // Only this module's lines.

    // A line the module writes now shows up without a reload.
    await rpc('core', 'POST', '/modules/hello-world/jobs/count-greetings/run');
    await rows.filter({ hasText: 'tally: 3 greeting(s) so far' }).first().waitFor();
    expect(await rows.first().textContent()).toContain('greeting(s) so far');
    await shotBoth('module-log');

    await page.getByTestId('tab-api').click();
    const route = page.locator('[data-testid="api-route"][data-route="GET /greeting"]');
    await route.waitFor();
    expect(await route.getByTestId('api-command').textContent()).toBe('nxforge call hello-world GET /greeting');
    const name = route.locator('[data-testid="schema-field"][data-field="name"]');
    expect(await name.textContent()).toContain('1–60 characters');
    expect(await route.locator('[data-testid="schema-field"][data-field="total"]').textContent()).toContain('integer');
    await shotBoth('module-api');
  });

  it('disables it: its page and sidebar item go at once, and its route answers MODULE_UNAVAILABLE', async () => {
    await page.getByTestId('nav-modules').click();
    await page.getByTestId('module-disable-hello-world').click();
    await page.locator('[data-testid="module-state-hello-world"][data-state="DISABLED"]').waitFor();
    await navItem('hello-world').waitFor({ state: 'detached' });
    const call = await rpc('hello-world', 'GET', '/greeting');
    expect(call.ok ? null : call.error.code).toBe('MODULE_UNAVAILABLE');
    expect((await fetch(`${fx.handle.bridge.origin}/modules/hello-world/files/dist/ui/index.js`)).status).toBe(404);
    await page.goto(appUrl('#/m/hello-world'));
    await page.getByTestId('module-not-enabled').waitFor();

    // Disabled from elsewhere (the CLI, say) while its page is open: the page is left, with a notice.
    await page.goto(appUrl('#/modules'));
    await page.getByTestId('module-enable-hello-world').click();
    await navItem('hello-world').click();
    await page.getByTestId('hello-message').waitFor();
    expect((await rpc('core', 'POST', '/modules/hello-world/disable')).ok).toBe(true);
    await page.getByTestId('modules-page').waitFor();
    expect(new URL(page.url()).hash).toBe('#/modules');
    await page.getByTestId('toast').filter({ hasText: 'Hello World is no longer enabled' }).waitFor();
    await navItem('hello-world').waitFor({ state: 'detached' });
  });

  it('shows an error panel naming a module whose page throws, and the rest of the app keeps working', async () => {
    await page.getByTestId('module-file-input').setInputFiles(broken.file);
    await page.getByTestId('install-report').filter({ hasText: 'Broken Page' }).waitFor();
    expect(await page.getByTestId('install-report-sha256').textContent()).toBe(broken.sha256);
    await page.getByTestId('install-enable').click();
    await navItem('broken-page').click();

    const panel = page.getByTestId('module-page-error');
    await panel.waitFor();
    expect(await panel.getAttribute('data-module')).toBe('broken-page');
    expect(await panel.textContent()).toContain('broken-page');
    expect(await page.getByTestId('module-page-error-message').textContent()).toBe('Broken on purpose: the page cannot render');
    await shotBoth('module-page-error');

    // A page naming an export the module does not have says so.
    await page.goto(appUrl('#/m/broken-page/missing'));
    await expect.poll(() => page.getByTestId('module-page-error-message').textContent()).toContain('has no export named "NoSuchPage"');

    await page.getByTestId('nav-system').click();
    await page.getByTestId('system-data-dir').waitFor();
    expect(await page.getByTestId('sidebar').textContent()).toContain('Broken Page');
  });

  it('uninstalls a module, deleting its data when asked', async () => {
    await page.getByTestId('nav-modules').click();
    await page.getByTestId('module-uninstall-broken-page').click();
    const dialog = page.getByTestId('uninstall-dialog');
    await dialog.getByText('Also delete its data').waitFor();
    await page.getByTestId('uninstall-purge').check();
    await shotBoth('modules-uninstall');
    await page.getByTestId('uninstall-confirm').click();
    await page.getByTestId('module-card-broken-page').waitFor({ state: 'detached' });
    // The sidebar reloads its module pages on the same event, in its own request.
    await navItem('broken-page').waitFor({ state: 'detached' });
    const list = await rpc<{ name: string }[]>('core', 'GET', '/modules');
    expect(list.ok && list.data.map((m) => m.name)).not.toContain('broken-page');
  });

  it('shows a module that fails to start in the Error state, with its message in full', async () => {
    const dir = join(work, 'failing-start');
    mkdirSync(join(dir, 'dist'), { recursive: true });
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({
        manifestVersion: 1,
        name: 'failing-start',
        version: '2.0.0',
        displayName: 'Failing Start',
        engines: { nxforge: '>=0.1.0 <1.0.0' },
        settings: {
          host: { type: 'string', label: 'Meter address', required: true, default: '10.0.0.7' },
          port: { type: 'integer', label: 'Port', min: 1, max: 65535, default: 80 },
          factor: { type: 'number', label: 'CT factor', description: 'Multiplies every reading.', default: 1.5 },
          unit: { type: 'select', label: 'Unit', options: ['kWh', 'Wh'], default: 'kWh', required: true },
          verbose: { type: 'boolean', label: 'Verbose log', default: false },
          password: { type: 'secret', label: 'Portal password', description: 'For the meter’s web page.' },
        },
      }),
    );
    writeFileSync(join(dir, 'dist', 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(dir, 'dist', 'main.js'), "export default { activate() { throw new Error('Cannot reach the meter at 10.0.0.7: connection refused'); } };\n");
    // Installed from a folder on this machine (as `nxforge module install` does); the page follows.
    expect((await rpc('core', 'POST', '/modules/install', { path: dir })).ok).toBe(true);
    const card = page.getByTestId('module-card-failing-start');
    await card.waitFor();
    await page.getByTestId('module-enable-failing-start').click();
    await page.locator('[data-testid="module-state-failing-start"][data-state="ERROR"]').waitFor();
    const error = page.getByTestId('module-error-failing-start');
    await expect.poll(() => error.textContent()).toContain('Cannot reach the meter at 10.0.0.7: connection refused');
    expect(await error.isVisible()).toBe(true);
    await page.getByTestId('toast').filter({ hasText: 'Failing Start could not be enabled' }).waitFor();
    expect(await page.getByTestId('module-enable-failing-start').textContent()).toBe('Restart');
    await shotBoth('modules-error');
  });

  it('edits every kind of setting, and keeps a secret write-only', async () => {
    await page.getByTestId('module-details-failing-start').click();
    await page.getByTestId('tab-settings').click();
    const field = (key: string) => page.getByTestId(`module-setting-${key}`);
    await field('port').waitFor();
    expect(await field('port').inputValue()).toBe('80');
    expect(await field('unit').inputValue()).toBe('kWh');
    expect(await page.getByTestId('module-setting-password-status').textContent()).toBe('Not set');

    await field('port').fill('70000');
    await page.getByTestId('module-settings-save').click();
    await expect.poll(() => page.getByTestId('module-setting-port-error').textContent()).toBe('Expected at most 65535');

    await field('port').fill('8080');
    await field('factor').fill('2.5');
    await field('unit').selectOption('Wh');
    await field('verbose').check({ force: true });
    await field('password').fill('s3cret');
    await page.getByTestId('module-settings-save').click();
    await expect.poll(() => page.getByTestId('module-setting-password-status').textContent()).toBe('Set');
    expect(await field('password').inputValue()).toBe(''); // Never shown again.
    const stored = await rpc<ModuleSettingView[]>('core', 'GET', '/modules/failing-start/settings');
    const values = stored.ok ? Object.fromEntries(stored.data.map((s) => [s.key, s.type === 'secret' ? s.isSet : s.value])) : {};
    expect(values).toEqual({ host: '10.0.0.7', port: 8080, factor: 2.5, unit: 'Wh', verbose: true, password: true });
    expect(JSON.stringify(stored)).not.toContain('s3cret');
    await shotBoth('module-settings-kinds', true);

    await page.getByTestId('module-setting-password-clear').click();
    await expect.poll(() => page.getByTestId('module-setting-password-status').textContent()).toBe('Not set');
  });

  it('logged no console errors but the broken page’s own', () => {
    const unexpected = problems.filter((p) => !/broken-page|Broken on purpose|NoSuchPage/.test(p));
    expect(unexpected).toEqual([]);
  });
});
