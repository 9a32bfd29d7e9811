import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../shared/contract';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { CoreInfo } from '../../shared/core-api';

/**
 * src/main/index.ts against fakes of Electron's objects and a real core in a temp folder:
 * the order of start-up, the IPC path to the router, the desktop shell (tray, close to tray,
 * sleep and wake, theme), and the order of shutdown.
 */
const fake = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  const log: string[] = [];
  let readyResolve: () => void = () => undefined;
  const ready = new Promise<void>((r) => (readyResolve = r));
  const paths = new Map<string, string>();
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    setPath: (name: string, value: string) => {
      log.push(`setPath ${name}`);
      paths.set(name, value);
    },
    getPath: (name: string) => paths.get(name) ?? `/nonexistent/${name}`,
    getAppPath: () => '/app',
    requestSingleInstanceLock: () => {
      log.push('lock');
      return true;
    },
    setLoginItemSettings: (settings: unknown) => log.push(`login item ${JSON.stringify(settings)}`),
    getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
    whenReady: () => ready,
    quit: () => log.push('quit'),
    exit: (code: number) => log.push(`exit ${code}`),
  });
  const windows: BrowserWindow[] = [];
  class BrowserWindow extends EventEmitter {
    loaded: string | null = null;
    shown = false;
    visible = false;
    focused = false;
    destroyed = false;
    background: string | null = null;
    readonly webContents;
    constructor(readonly options: Record<string, unknown>) {
      super();
      log.push('window');
      const contents = {
        id: 100 + windows.length,
        url: 'app://nxforge/index.html',
        sent: [] as { channel: string; event: AppEvent }[],
        isDestroyed: () => false,
        getURL: () => contents.url,
        send: (channel: string, event: AppEvent) => contents.sent.push({ channel, event }),
      };
      this.webContents = contents;
      windows.push(this);
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    show() {
      this.shown = true;
      this.visible = true;
      this.emit('show');
    }
    hide() {
      this.visible = false;
      this.emit('hide');
    }
    focus() {
      this.focused = true;
    }
    restore() {}
    maximize() {}
    isMinimized() {
      return false;
    }
    isVisible() {
      return this.visible;
    }
    isDestroyed() {
      return this.destroyed;
    }
    isMaximized() {
      return false;
    }
    getNormalBounds() {
      return { x: 40, y: 30, width: 1100, height: 700 };
    }
    setBackgroundColor(color: string) {
      this.background = color;
    }
    /** What a click on the close button does: 'close' may be prevented, else the window goes. */
    userClose() {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (!prevented) {
        this.destroyed = true;
        this.emit('closed');
      }
      return prevented;
    }
  }
  const trays: { menu: { label?: string; type?: string; enabled?: boolean; click?: () => void }[]; tooltip: string }[] = [];
  class Tray extends EventEmitter {
    menu: { label?: string; type?: string; enabled?: boolean; click?: () => void }[] = [];
    tooltip = '';
    constructor() {
      super();
      log.push('tray');
      trays.push(this);
    }
    setContextMenu(menu: { template: Tray['menu'] }) {
      this.menu = menu.template;
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    isDestroyed() {
      return false;
    }
    destroy() {
      log.push('tray.destroy');
    }
  }
  const notifications: { title: string; body: string }[] = [];
  class Notification extends EventEmitter {
    static isSupported() {
      return true;
    }
    constructor(readonly options: { title: string; body: string }) {
      super();
    }
    show() {
      notifications.push({ title: this.options.title, body: this.options.body });
    }
    close() {}
  }
  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: true, themeSource: 'light' as string });
  const powerMonitor = new EventEmitter();
  const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
  return {
    log,
    app,
    windows,
    trays,
    notifications,
    nativeTheme,
    powerMonitor,
    BrowserWindow,
    Tray,
    Notification,
    ipcHandlers,
    ready: () => readyResolve(),
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => {
        log.push(`ipc.handle ${channel}`);
        ipcHandlers.set(channel, fn);
      },
      removeHandler: (channel: string) => {
        log.push(`ipc.remove ${channel}`);
        ipcHandlers.delete(channel);
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: { scheme: string }[]) =>
        log.push(`privileged ${schemes.map((s) => s.scheme).join(',')}`),
      handle: (scheme: string) => log.push(`protocol.handle ${scheme}`),
      unhandle: (scheme: string) => log.push(`protocol.unhandle ${scheme}`),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => log.push('permissions'),
        setPermissionCheckHandler: () => undefined,
        setDevicePermissionHandler: () => undefined,
      },
    },
    shell: { openExternal: () => Promise.resolve() },
    dialog: {
      showErrorBox: (title: string) => log.push(`error box ${title}`),
      showMessageBox: (options: { title: string }) => {
        log.push(`message box ${options.title}`);
        return Promise.resolve({ response: 0 });
      },
    },
    Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    // A Linux desktop without a keyring: the key-file cipher is used, with a warning.
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: (text: string) => Buffer.from(text),
      decryptString: (data: Buffer) => data.toString(),
    },
  };
});

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.BrowserWindow,
  ipcMain: fake.ipcMain,
  protocol: fake.protocol,
  session: fake.session,
  shell: fake.shell,
  dialog: fake.dialog,
  Menu: fake.Menu,
  Tray: fake.Tray,
  Notification: fake.Notification,
  nativeImage: fake.nativeImage,
  nativeTheme: fake.nativeTheme,
  powerMonitor: fake.powerMonitor,
  safeStorage: fake.safeStorage,
  screen: fake.screen,
}));

let dataDir: string;
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
type Window = (typeof fake.windows)[number];
const mainWindow = (): Window => fake.windows.at(-1) as Window;
const menuLabels = (): string[] => (fake.trays[0]?.menu ?? []).map((item) => (item.type === 'separator' ? '—' : (item.label ?? '')));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'nxforge-desktop-'));
  vi.stubEnv('NXFORGE_DATA_DIR', dataDir);
  vi.stubEnv('XDG_CONFIG_HOME', join(dataDir, 'config'));
  await import('../index');
});

afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('src/main/index.ts', () => {
  it('before ready: takes the data folder, registers the app scheme, takes the single-instance lock, opens nothing', () => {
    expect(fake.log).toEqual(['setPath userData', 'privileged app', 'lock']);
    expect(fake.app.getPath('userData')).toBe(resolve(dataDir));
  });

  it('on ready: security, protocol, tray and IPC are in place before the window opens', async () => {
    fake.ready();
    await tick();
    expect(fake.log.slice(3).filter((line) => !line.startsWith('message box'))).toEqual([
      'permissions',
      'protocol.handle app',
      'tray',
      `ipc.handle ${IPC_INVOKE_CHANNEL}`,
      'window',
    ]);
    const window = fake.windows[0];
    expect(window?.loaded).toBe('app://nxforge/index.html');
    const prefs = window?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(prefs.preload)).toMatch(/out[/\\]preload[/\\]index\.cjs$/);
  });

  it('follows the system theme: the window background matches the dark page, and changes with it', () => {
    expect(fake.nativeTheme.themeSource).toBe('system');
    expect(fake.windows[0]?.options.backgroundColor).toBe('#0e1014');
    fake.nativeTheme.shouldUseDarkColors = false;
    fake.nativeTheme.emit('updated');
    expect(fake.windows[0]?.background).toBe('#f6f7f9');
  });

  it('warns once that secrets use the key file when the keyring is plain text', () => {
    expect(fake.log.filter((line) => line.startsWith('message box'))).toEqual(['message box Secrets are kept in a key file']);
    expect(existsSync(join(dataDir, 'secret.key'))).toBe(true);
  });

  it('answers our window with the real core, in the data folder, in desktop mode', async () => {
    const window = fake.windows[0];
    const handler = fake.ipcHandlers.get(IPC_INVOKE_CHANNEL);
    const event = { sender: { id: window?.webContents.id }, senderFrame: { url: 'app://nxforge/index.html#/system', parent: null } };
    const result = (await handler?.(event, { module: 'core', method: 'GET', path: '/info' })) as Result<CoreInfo>;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.mode).toBe('desktop');
    expect(result.data.dataDir).toBe(resolve(dataDir));
    expect(result.data.databaseFile.startsWith(resolve(dataDir))).toBe(true);
  });

  it('refuses another sender with FORBIDDEN', async () => {
    const handler = fake.ipcHandlers.get(IPC_INVOKE_CHANNEL);
    const event = { sender: { id: 999 }, senderFrame: { url: 'app://nxforge/index.html', parent: null } };
    const result = (await handler?.(event, { module: 'core', method: 'GET', path: '/info' })) as Result<unknown>;
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('pushes core events to the window on the event channel', async () => {
    const window = fake.windows[0];
    const handler = fake.ipcHandlers.get(IPC_INVOKE_CHANNEL);
    const event = { sender: { id: window?.webContents.id }, senderFrame: { url: 'app://nxforge/index.html', parent: null } };
    const before = window?.webContents.sent.length ?? 0;
    await handler?.(event, { module: 'core', method: 'PUT', path: '/settings/timezone', body: { value: 'UTC' } });
    const sent = window?.webContents.sent.slice(before) ?? [];
    expect(sent.every((s) => s.channel === IPC_EVENT_CHANNEL)).toBe(true);
    expect(sent.map((s) => s.event.topic)).toContain('core:settings.changed');
  });

  it('has a tray menu from the tray model that pauses and resumes schedules', async () => {
    fake.windows[0]?.show();
    expect(menuLabels()).toEqual([
      'Show NxForge Desktop',
      '—',
      'No collection yet',
      'Run all collections now',
      'Pause schedules',
      '—',
      'Quit NxForge Desktop',
    ]);
    expect(fake.trays[0]?.tooltip).toBe('NxForge Desktop — No collection yet');
    fake.trays[0]?.menu.find((item) => item.label === 'Pause schedules')?.click?.();
    const handler = fake.ipcHandlers.get(IPC_INVOKE_CHANNEL);
    const event = { sender: { id: fake.windows[0]?.webContents.id }, senderFrame: { url: 'app://nxforge/index.html', parent: null } };
    const settings = (await handler?.(event, { module: 'core', method: 'GET', path: '/settings' })) as Result<{ key: string; value: unknown }[]>;
    expect(settings.ok && settings.data.find((s) => s.key === 'jobs.paused')?.value).toBe(true);
    expect(menuLabels()).toContain('Resume schedules');
    fake.trays[0]?.menu.find((item) => item.label === 'Resume schedules')?.click?.();
    expect(menuLabels()).toContain('Pause schedules');
  });

  it('closing the window hides it to the tray, with a notice the first time only', () => {
    const window = mainWindow();
    expect(window.userClose()).toBe(true);
    expect(window.isVisible()).toBe(false);
    expect(fake.notifications.map((n) => n.title)).toEqual(['NxForge Desktop keeps running']);
    expect(menuLabels()[0]).toBe('Open NxForge Desktop');
    window.show();
    expect(window.userClose()).toBe(true);
    expect(fake.notifications).toHaveLength(1);
  });

  it('focuses the window when a second instance starts', () => {
    const window = mainWindow();
    window.focused = false;
    fake.app.emit('second-instance');
    expect(window.isVisible()).toBe(true);
    expect(window.focused).toBe(true);
    expect(fake.windows).toHaveLength(1);
  });

  it('sleep suspends the scheduler and wake resumes it', async () => {
    fake.powerMonitor.emit('suspend');
    fake.powerMonitor.emit('resume');
    const handler = fake.ipcHandlers.get(IPC_INVOKE_CHANNEL);
    const event = { sender: { id: mainWindow().webContents.id }, senderFrame: { url: 'app://nxforge/index.html', parent: null } };
    const result = (await handler?.(event, { module: 'core', method: 'GET', path: '/logs', query: { limit: '20' } })) as Result<{ message: string }[]>;
    const messages = result.ok ? result.data.map((l) => l.message) : [];
    expect(messages).toContain('The computer is going to sleep; schedules wait');
    expect(messages).toContain('The computer woke up; missed schedules run once');
  });

  it('remembers the window place when it closes for good (setting off)', async () => {
    const handler = fake.ipcHandlers.get(IPC_INVOKE_CHANNEL);
    const event = { sender: { id: mainWindow().webContents.id }, senderFrame: { url: 'app://nxforge/index.html', parent: null } };
    await handler?.(event, { module: 'core', method: 'PUT', path: '/settings/desktop.closeToTray', body: { value: false } });
    const window = mainWindow();
    expect(window.userClose()).toBe(false);
    expect(window.isDestroyed()).toBe(true);
    // The tray opens a new window where the old one was.
    fake.trays[0]?.menu.find((item) => item.label === 'Open NxForge Desktop')?.click?.();
    expect(fake.windows).toHaveLength(2);
    expect(mainWindow().options).toMatchObject({ x: 40, y: 30, width: 1100, height: 700 });
  });

  it('on quit: disposes in reverse order, the core last, then quits', async () => {
    expect(existsSync(join(dataDir, 'nxforge.db-wal'))).toBe(true);
    fake.log.length = 0;
    let prevented = false;
    fake.app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await tick();
    await tick();
    expect(fake.log).toEqual([`ipc.remove ${IPC_INVOKE_CHANNEL}`, 'tray.destroy', 'protocol.unhandle app', 'quit']);
    // The core went last: its database is closed, which folds the WAL file back into the database.
    expect(existsSync(join(dataDir, 'nxforge.db-wal'))).toBe(false);
    // A second quit goes through without waiting.
    let preventedAgain = false;
    fake.app.emit('will-quit', { preventDefault: () => (preventedAgain = true) });
    expect(preventedAgain).toBe(false);
  });
});
