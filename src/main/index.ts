// Electron lifecycle only: wires the core and the adapters in src/main/electron together.
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import { join, resolve } from 'node:path';
import { createCore, type Core } from './core/core';
import { appRoot, rendererDir } from './core/paths';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './electron/app-protocol';
import { DisposerStack } from './electron/disposers';
import { registerIpc } from './electron/ipc';
import { installSecurity } from './electron/security';
import { focusWindow, openMainWindow } from './electron/window';

// A data folder given by the environment (tests, a second profile) replaces userData, and
// with it the single-instance lock, which is held per userData folder.
if (process.env.NXFORGE_DATA_DIR) app.setPath('userData', resolve(process.env.NXFORGE_DATA_DIR));
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

const disposers = new DisposerStack();
let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) focusWindow(mainWindow);
    else if (core) showWindow();
  });
  app.whenReady().then(start).catch(fatal);
  app.on('activate', () => {
    if (core && !mainWindow) showWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    void disposers
      .disposeAll((err) => console.error(`NxForge Desktop: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
}

function start(): void {
  const started = createCore({ dataDir: app.getPath('userData'), mode: 'desktop', electronVersion: process.versions.electron });
  core = started;
  // First in, last out: the core is disposed after everything that uses it.
  disposers.add(() => started.dispose());
  disposers.add(installSecurity({ app, session: session.defaultSession, shell, log: started.logger }));
  disposers.add(registerAppProtocol(protocol, rendererDir(), { moduleFiles: (name) => started.modules.filesRoot(name) }));
  disposers.add(
    registerIpc({
      ipcMain,
      router: started.router,
      events: started.events,
      webContents: () => mainWindow?.webContents ?? null,
      log: started.logger,
    }),
  );
  showWindow();
  // Routes answer already; enabled modules come up behind the open window.
  started.start().catch((err: unknown) => {
    started.logger.error(`Modules did not start: ${err instanceof Error ? err.message : String(err)}`);
  });
}

function showWindow(): void {
  const window = openMainWindow({
    BrowserWindow,
    preloadPath: join(appRoot(), 'out', 'preload', 'index.cjs'),
    onLoadError: (message) => core?.logger.error(`The app page did not load: ${message}`),
  });
  mainWindow = window;
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
}

/** Start-up failures (a database from a newer version, a broken install) end in one clear message. */
function fatal(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`NxForge Desktop cannot start: ${message}`);
  dialog.showErrorBox('NxForge Desktop cannot start', message);
  void disposers.disposeAll().finally(() => app.exit(1));
}
