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
 * the order of start-up, the IPC path to the router, and the order of shutdown.
 */
const fake = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  const log: string[] = [];
  let readyResolve: () => void = () => undefined;
  const ready = new Promise<void>((r) => (readyResolve = r));
  const paths = new Map<string, string>();
  const app = Object.assign(new EventEmitter(), {
    isReady: false,
    setPath: (name: string, value: string) => {
      log.push(`setPath ${name}`);
      paths.set(name, value);
    },
    getPath: (name: string) => paths.get(name) ?? `/nonexistent/${name}`,
    requestSingleInstanceLock: () => {
      log.push('lock');
      return true;
    },
    whenReady: () => ready,
    quit: () => log.push('quit'),
    exit: (code: number) => log.push(`exit ${code}`),
  });
  const windows: FakeWindowShape[] = [];
  interface FakeWindowShape {
    options: Record<string, unknown>;
    loaded: string | null;
    shown: boolean;
    webContents: { id: number; url: string; sent: { channel: string; event: AppEvent }[] };
  }
  class BrowserWindow extends EventEmitter {
    loaded: string | null = null;
    shown = false;
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
      windows.push(this as unknown as FakeWindowShape);
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    show() {
      this.shown = true;
    }
  }
  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  return {
    log,
    app,
    windows,
    BrowserWindow,
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
    dialog: { showErrorBox: (title: string) => log.push(`error box ${title}`) },
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
}));

let dataDir: string;
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'nxforge-desktop-'));
  vi.stubEnv('NXFORGE_DATA_DIR', dataDir);
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

  it('on ready: security, protocol and IPC are in place before the window opens', async () => {
    fake.ready();
    await tick();
    expect(fake.log.slice(3)).toEqual(['permissions', 'protocol.handle app', `ipc.handle ${IPC_INVOKE_CHANNEL}`, 'window']);
    const window = fake.windows[0];
    expect(window?.loaded).toBe('app://nxforge/index.html');
    const prefs = window?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(prefs.preload)).toMatch(/out[/\\]preload[/\\]index\.cjs$/);
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

  it('focuses the window when a second instance starts', () => {
    const window = fake.windows[0] as unknown as { focused?: boolean } & Record<string, unknown>;
    Object.assign(window, { isDestroyed: () => false, isMinimized: () => false, restore: () => undefined, focus: () => (window.focused = true) });
    fake.app.emit('second-instance');
    expect(window.focused).toBe(true);
  });

  it('on quit: disposes in reverse order, the core last, then quits', async () => {
    expect(existsSync(join(dataDir, 'nxforge.db-wal'))).toBe(true);
    fake.log.length = 0;
    let prevented = false;
    fake.app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await tick();
    await tick();
    expect(fake.log).toEqual([`ipc.remove ${IPC_INVOKE_CHANNEL}`, 'protocol.unhandle app', 'quit']);
    // The core went last: its database is closed, which folds the WAL file back into the database.
    expect(existsSync(join(dataDir, 'nxforge.db-wal'))).toBe(false);
    // A second quit goes through without waiting.
    let preventedAgain = false;
    fake.app.emit('will-quit', { preventDefault: () => (preventedAgain = true) });
    expect(preventedAgain).toBe(false);
  });
});
