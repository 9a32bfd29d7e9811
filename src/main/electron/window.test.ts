import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { focusWindow, mainWindowOptions, openMainWindow, type OpenMainWindowInput } from './window';

describe('mainWindowOptions', () => {
  const options = mainWindowOptions({ preloadPath: '/app/out/preload/index.cjs' });

  it('follows the Electron security checklist', () => {
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(options.webPreferences?.preload).toBe('/app/out/preload/index.cjs');
    expect(options.webPreferences?.preload?.endsWith('.cjs')).toBe(true);
  });

  it('has the app title and size, and waits to be shown', () => {
    expect(options).toMatchObject({ title: 'NxForge Desktop', width: 1280, height: 800, minWidth: 960, minHeight: 600, show: false });
  });

  it('is plain data', () => {
    expect(JSON.parse(JSON.stringify(options))).toEqual(options);
  });
});

class FakeWindow extends EventEmitter {
  static last: FakeWindow | null = null;
  readonly actions: string[] = [];
  loaded: string | null = null;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    FakeWindow.last = this;
  }
  loadURL(url: string): Promise<void> {
    this.loaded = url;
    return url.includes('broken') ? Promise.reject(new Error('ERR_FILE_NOT_FOUND')) : Promise.resolve();
  }
  show(): void {
    this.actions.push('show');
  }
  focus(): void {
    this.actions.push('focus');
  }
  restore(): void {
    this.actions.push('restore');
  }
  isMinimized(): boolean {
    return true;
  }
  isDestroyed(): boolean {
    return false;
  }
}

const BrowserWindow = FakeWindow as unknown as OpenMainWindowInput['BrowserWindow'];

describe('openMainWindow', () => {
  it('loads the app page from the app scheme and shows the window once ready', () => {
    openMainWindow({ BrowserWindow, preloadPath: '/p.cjs' });
    const window = FakeWindow.last as FakeWindow;
    expect(window.options.webPreferences?.sandbox).toBe(true);
    expect(window.loaded).toBe('app://nxforge/index.html');
    expect(window.actions).toEqual([]);
    window.emit('ready-to-show');
    expect(window.actions).toEqual(['show']);
  });

  it('reports a page that fails to load', async () => {
    const errors: string[] = [];
    openMainWindow({ BrowserWindow, preloadPath: '/p.cjs', url: 'app://nxforge/broken.html', onLoadError: (m) => errors.push(m) });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors).toEqual(['ERR_FILE_NOT_FOUND']);
  });

  it('focusWindow restores, shows and focuses; ignores a missing window', () => {
    const window = new FakeWindow({});
    focusWindow(window as unknown as Parameters<typeof focusWindow>[0]);
    expect(window.actions).toEqual(['restore', 'show', 'focus']);
    expect(() => focusWindow(null)).not.toThrow();
  });
});
