import { describe, expect, it } from 'vitest';
import { BROWSER_PATH_ENV, BrowserNotFoundError, bundledFlags, resolveBrowser, systemBrowserPaths } from './browser-discovery';

const only =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);
const noBundle = () => Promise.resolve(null);

describe('resolveBrowser', () => {
  it('prefers the setting over the environment and installed browsers', async () => {
    const found = await resolveBrowser({
      settingPath: '/opt/custom/chrome',
      env: { [BROWSER_PATH_ENV]: '/usr/local/bin/chromium' },
      platform: 'linux',
      exists: only('/opt/custom/chrome', '/usr/local/bin/chromium', '/usr/bin/google-chrome'),
      isRoot: false,
    });
    expect(found).toEqual({ executablePath: '/opt/custom/chrome', args: [], source: 'setting', sandbox: true });
  });

  it('uses the environment variable next', async () => {
    const found = await resolveBrowser({
      settingPath: '  ',
      env: { [BROWSER_PATH_ENV]: '/usr/local/bin/chromium' },
      platform: 'linux',
      exists: only('/usr/local/bin/chromium', '/usr/bin/google-chrome'),
    });
    expect(found.source).toBe('env');
    expect(found.executablePath).toBe('/usr/local/bin/chromium');
  });

  it('refuses a setting or variable that points nowhere, naming it', async () => {
    await expect(resolveBrowser({ settingPath: '/nope/chrome', exists: only() })).rejects.toThrow(/setting points at \/nope\/chrome/);
    await expect(resolveBrowser({ env: { [BROWSER_PATH_ENV]: '/nope' }, exists: only() })).rejects.toThrow(
      new RegExp(`${BROWSER_PATH_ENV} points at /nope`),
    );
  });

  it('finds installed browsers on Linux, in order', async () => {
    const found = await resolveBrowser({ env: {}, platform: 'linux', exists: only('/usr/bin/chromium', '/usr/bin/microsoft-edge'), loadBundled: noBundle });
    expect(found.executablePath).toBe('/usr/bin/chromium');
    expect(found.source).toBe('system');
  });

  it('turns the sandbox off for root on Linux only', async () => {
    const asRoot = await resolveBrowser({ env: {}, platform: 'linux', isRoot: true, exists: only('/usr/bin/chromium') });
    expect(asRoot.sandbox).toBe(false);
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect((await resolveBrowser({ env: {}, platform: 'darwin', isRoot: true, exists: only(mac) })).sandbox).toBe(true);
  });

  it('finds Chrome, Chromium and Edge on macOS, also under ~/Applications', async () => {
    const edge = '/Users/ann/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge';
    const found = await resolveBrowser({ env: { HOME: '/Users/ann' }, platform: 'darwin', exists: only(edge) });
    expect(found.executablePath).toBe(edge);
  });

  it('finds Edge under Program Files and Chrome under LocalAppData on Windows', async () => {
    const env = { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' };
    const chromeUser = 'C:\\Users\\ann\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    expect((await resolveBrowser({ env, platform: 'win32', exists: only(edge, chromeUser) })).executablePath).toBe(chromeUser);
    expect((await resolveBrowser({ env, platform: 'win32', exists: only(edge) })).executablePath).toBe(edge);
  });

  it('falls back to the bundled Chromium on Linux, without the flags we drop', async () => {
    const found = await resolveBrowser({
      env: {},
      platform: 'linux',
      exists: only('/tmp/chromium'),
      loadBundled: () =>
        Promise.resolve({
          executablePath: '/tmp/chromium',
          args: [
            '--no-sandbox',
            '--single-process',
            "--headless='shell'",
            '--disable-web-security',
            '--no-zygote',
            '--use-angle=swiftshader',
            '--in-process-gpu',
            '--enable-features=SharedArrayBuffer',
            '--disable-features=site-per-process',
          ],
        }),
    });
    expect(found).toEqual({ executablePath: '/tmp/chromium', args: ['--no-sandbox', '--in-process-gpu', '--disable-gpu'], source: 'bundled', sandbox: false });
  });

  it('never looks for the bundled Chromium outside Linux', async () => {
    let asked = false;
    const loadBundled = () => {
      asked = true;
      return Promise.resolve({ executablePath: '/tmp/chromium', args: [] });
    };
    await expect(resolveBrowser({ env: {}, platform: 'darwin', exists: only(), loadBundled })).rejects.toThrow(BrowserNotFoundError);
    expect(asked).toBe(false);
  });

  it('says how to fix it when nothing is found', async () => {
    const err = await resolveBrowser({ env: {}, platform: 'linux', exists: only(), loadBundled: noBundle }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrowserNotFoundError);
    const message = (err as Error).message;
    expect(message).toMatch(/Install Google Chrome, Microsoft Edge or Chromium/);
    expect(message).toContain(BROWSER_PATH_ENV);
    expect(message).toMatch(/"Browser path" setting/);
  });

  it('reports a bundled Chromium that fails to unpack', async () => {
    const loadBundled = () => Promise.reject(new Error('ENOSPC'));
    await expect(resolveBrowser({ env: {}, platform: 'linux', exists: only(), loadBundled })).rejects.toThrow(/could not unpack its browser: ENOSPC/);
  });
});

describe('systemBrowserPaths and bundledFlags', () => {
  it('lists only the usual places, Linux by default', () => {
    expect(systemBrowserPaths('linux', {})).toContain('/usr/bin/google-chrome');
    expect(systemBrowserPaths('win32', {})).toEqual([]);
  });

  it('keeps the headless-agnostic flags', () => {
    expect(bundledFlags(['--headless=new', '--no-pings', '--allow-running-insecure-content'])).toEqual(['--no-pings', '--disable-gpu']);
    expect(bundledFlags(['--disable-gpu'])).toEqual(['--disable-gpu']);
  });
});
