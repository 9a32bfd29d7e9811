import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { desktopExecQuote, HIDDEN_FLAG, loginItemPlan, startedHidden, type LoginTarget } from './login-item';
import { electronSqliteBinding, NATIVE_FILE, NATIVE_INFO_FILE, unpackedRoot, type NativeBindingInput } from './native-binding';
import { windowBackground } from './theme';
import { trayMenuTemplate } from './tray';
import { trayMenuModel } from './tray-model';
import { lastCollection } from './tray-status';
import { parseWindowState, restoreWindowState } from './window-state';

const LIMITS = { width: 1280, height: 800, minWidth: 960, minHeight: 600 };
const PRIMARY = { x: 0, y: 0, width: 1920, height: 1040 };
const RIGHT = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(restoreWindowState(null, [PRIMARY], LIMITS)).toEqual({ bounds: { width: 1280, height: 800 }, maximized: false });
    // A small screen gets a window that fits it.
    expect(restoreWindowState(null, [{ x: 0, y: 0, width: 1024, height: 700 }], LIMITS).bounds).toEqual({ width: 1024, height: 700 });
  });

  it('keeps a saved place that is on a display, maximized included', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1400, height: 900 }, maximized: true };
    expect(restoreWindowState(saved, [PRIMARY, RIGHT], LIMITS)).toEqual(saved);
  });

  it('moves a window that sticks out back inside its display and shrinks it to fit', () => {
    const saved = { bounds: { x: 1500, y: -20, width: 3000, height: 2000 }, maximized: false };
    expect(restoreWindowState(saved, [PRIMARY], LIMITS)).toEqual({ bounds: { x: 0, y: 0, width: 1920, height: 1040 }, maximized: false });
    const edge = { bounds: { x: 1800, y: 500, width: 1000, height: 700 }, maximized: false };
    expect(restoreWindowState(edge, [PRIMARY], LIMITS).bounds).toEqual({ x: 920, y: 340, width: 1000, height: 700 });
  });

  it('centres a window whose display is gone', () => {
    const saved = { bounds: { x: 2200, y: 200, width: 1200, height: 800 }, maximized: false };
    expect(restoreWindowState(saved, [PRIMARY], LIMITS)).toEqual({ bounds: { width: 1200, height: 800 }, maximized: false });
  });

  it('never goes below the minimum size', () => {
    const saved = { bounds: { x: 10, y: 10, width: 200, height: 100 }, maximized: false };
    expect(restoreWindowState(saved, [PRIMARY], LIMITS).bounds).toEqual({ x: 10, y: 10, width: 960, height: 600 });
  });

  it('reads back only a well-formed state', () => {
    expect(parseWindowState({ bounds: { x: 1, y: 2, width: 3, height: 4 }, maximized: true })).toEqual({
      bounds: { x: 1, y: 2, width: 3, height: 4 },
      maximized: true,
    });
    for (const bad of [null, 'x', {}, { bounds: { x: 1, y: 2, width: 0, height: 4 } }, { bounds: { x: '1', y: 2, width: 3, height: 4 } }, { bounds: { x: Infinity, y: 2, width: 3, height: 4 } }]) {
      expect(parseWindowState(bad)).toBeNull();
    }
  });
});

describe('tray status and menu', () => {
  it('sums up the last run of every switched-on job', () => {
    expect(lastCollection([])).toBeNull();
    expect(
      lastCollection([
        { enabled: true, lastRunAt: '2026-06-01T10:00:00.000Z', lastStatus: 'succeeded' },
        { enabled: true, lastRunAt: '2026-06-01T10:15:00.000Z', lastStatus: 'failed' },
        { enabled: true, lastRunAt: '2026-06-01T09:00:00.000Z', lastStatus: 'timed-out' },
        { enabled: true, lastRunAt: '2026-06-01T11:00:00.000Z', lastStatus: 'cancelled' },
        { enabled: false, lastRunAt: '2026-06-02T00:00:00.000Z', lastStatus: 'failed' },
        { enabled: true, lastRunAt: null, lastStatus: null },
      ]),
    ).toEqual({ at: '2026-06-01T11:00:00.000Z', ok: 1, failed: 2 });
  });

  it('turns the model into menu items whose clicks name their action', () => {
    const clicked: string[] = [];
    const template = trayMenuTemplate(
      trayMenuModel({ windowVisible: false, lastCollection: null, collecting: false, schedulesPaused: false, formatTime: (s) => s }),
      (action) => clicked.push(action),
    );
    expect(template.map((t) => t.type ?? t.label)).toEqual([
      'Open NxForge Desktop',
      'separator',
      'No collection yet',
      'Run all collections now',
      'Pause schedules',
      'separator',
      'Quit NxForge Desktop',
    ]);
    expect(template[2]?.enabled).toBe(false);
    for (const item of template) item.click?.(undefined as never, undefined as never, undefined as never);
    expect(clicked).toEqual(['open-window', 'run-collections', 'pause-schedules', 'quit']);
  });
});

describe('start at login', () => {
  const target = (platform: NodeJS.Platform, over: Partial<LoginTarget> = {}): LoginTarget => ({
    platform,
    executable: '/opt/NxForge Desktop/nxforge-desktop',
    appArgs: [],
    env: {},
    home: '/home/ann',
    ...over,
  });

  it('uses the login item on macOS and Windows, with the hidden flag when asked', () => {
    expect(loginItemPlan({ startAtLogin: true, startHidden: true }, target('win32'))).toEqual({
      kind: 'login-item',
      settings: { openAtLogin: true, args: [HIDDEN_FLAG] },
    });
    expect(loginItemPlan({ startAtLogin: false, startHidden: true }, target('darwin'))).toEqual({
      kind: 'login-item',
      settings: { openAtLogin: false, args: [] },
    });
  });

  it('writes an XDG autostart entry on Linux, and removes it when off', () => {
    const on = loginItemPlan({ startAtLogin: true, startHidden: true }, target('linux', { env: { XDG_CONFIG_HOME: '/cfg' } }));
    expect(on).toMatchObject({ kind: 'autostart-file', file: join('/cfg', 'autostart', 'nxforge-desktop.desktop') });
    expect(on.kind === 'autostart-file' && on.content).toContain('Exec="/opt/NxForge Desktop/nxforge-desktop" --hidden\n');
    expect(loginItemPlan({ startAtLogin: false, startHidden: true }, target('linux'))).toEqual({
      kind: 'autostart-file',
      file: join('/home/ann', '.config', 'autostart', 'nxforge-desktop.desktop'),
      content: null,
    });
    // An AppImage starts from its own file, not the temporary mount.
    const appImage = loginItemPlan({ startAtLogin: true, startHidden: false }, target('linux', { env: { APPIMAGE: '/home/ann/Apps/NxForge.AppImage' } }));
    expect(appImage.kind === 'autostart-file' && appImage.content).toContain('Exec=/home/ann/Apps/NxForge.AppImage\n');
  });

  it('quotes Exec arguments', () => {
    expect(desktopExecQuote('/usr/bin/app')).toBe('/usr/bin/app');
    expect(desktopExecQuote('a b')).toBe('"a b"');
    expect(desktopExecQuote('50%$"x`\\')).toBe('"50%%\\$\\"x\\`\\\\"');
  });

  it('starts hidden only at login with the option on', () => {
    expect(startedHidden(['/app', HIDDEN_FLAG], { startAtLogin: true, startHidden: true }, false)).toBe(true);
    expect(startedHidden(['/app'], { startAtLogin: true, startHidden: true }, true)).toBe(true);
    expect(startedHidden(['/app'], { startAtLogin: true, startHidden: true }, false)).toBe(false);
    expect(startedHidden(['/app', HIDDEN_FLAG], { startAtLogin: true, startHidden: false }, true)).toBe(false);
  });
});

describe('theme', () => {
  it('paints the window in the page background of the system theme', () => {
    expect(windowBackground(true)).toBe('#0e1014');
    expect(windowBackground(false)).toBe('#f6f7f9');
  });
});

describe('better-sqlite3 build for Electron', () => {
  const root = mkdtempSync(join(tmpdir(), 'nxforge-native-'));
  const dir = join(root, 'build', 'native', 'electron');
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const input = (over: Partial<NativeBindingInput> = {}): NativeBindingInput => ({
    appRoot: root,
    isPackaged: false,
    electronVersion: '45.5.0',
    abi: '150',
    platform: 'linux',
    arch: 'x64',
    ...over,
  });
  const writeBuild = (info: Record<string, string>) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, NATIVE_FILE), 'addon');
    writeFileSync(join(dir, NATIVE_INFO_FILE), JSON.stringify(info));
  };

  it('says how to make it when there is none', () => {
    const choice = electronSqliteBinding(input());
    expect(choice.path).toBeNull();
    expect(choice.reason).toContain('npm run build:native-electron');
  });

  it('is used when it was built for this Electron ABI, platform and arch', () => {
    writeBuild({ electron: '45.5.0', abi: '150', platform: 'linux', arch: 'x64' });
    expect(electronSqliteBinding(input())).toEqual({ path: join(dir, NATIVE_FILE), reason: null });
  });

  it('is refused when it was built for another Electron or platform', () => {
    writeBuild({ electron: '44.0.0', abi: '140', platform: 'linux', arch: 'x64' });
    const old = electronSqliteBinding(input());
    expect(old.path).toBeNull();
    expect(old.reason).toContain('is for Electron 44.0.0 (ABI 140');
    writeBuild({ electron: '45.5.0', abi: '150', platform: 'darwin', arch: 'arm64' });
    expect(electronSqliteBinding(input()).path).toBeNull();
  });

  it('is read from app.asar.unpacked in a package', () => {
    expect(unpackedRoot('/opt/NxForge/resources/app.asar')).toBe('/opt/NxForge/resources/app.asar.unpacked');
    expect(unpackedRoot('/work/main')).toBe('/work/main');
    const packaged = electronSqliteBinding(input({ appRoot: join(root, 'app.asar'), isPackaged: true }));
    expect(packaged.path).toBeNull();
    expect(packaged.reason).toContain('reinstall NxForge Desktop');
  });
});
