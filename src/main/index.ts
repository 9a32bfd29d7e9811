// Electron lifecycle only: wires the core and the adapters in src/main/electron together.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createCore } from './core/core';
import { SQLITE_BINDING_ENV } from './core/db/connection';
import { appRoot, rendererDir } from './core/paths';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './electron/app-protocol';
import { DesktopShell } from './electron/desktop-shell';
import { DisposerStack } from './electron/disposers';
import { appIconPath, trayIconPath } from './electron/icons';
import { registerIpc } from './electron/ipc';
import { registerPrintToPdf } from './electron/print-to-pdf';
import { electronSqliteBinding } from './electron/native-binding';
import { desktopSecrets } from './electron/secret-cipher';
import { installSecurity } from './electron/security';
import type { JobNotification } from './electron/notification-policy';
import { hooksEnabled, installTestHooks } from './electron/test-hooks';

// A data folder given by the environment (tests, a second profile) replaces userData, and
// with it the single-instance lock, which is held per userData folder.
if (process.env.NXFORGE_DATA_DIR) app.setPath('userData', resolve(process.env.NXFORGE_DATA_DIR));
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

const disposers = new DisposerStack();
let desktop: DesktopShell | null = null;
let nativeProblem: string | null = null;
const testNotifications: JobNotification[] = [];

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => desktop?.showWindow());
  app.whenReady().then(start).catch(fatal);
  app.on('activate', () => desktop?.showWindow());
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
  const native = electronSqliteBinding({
    appRoot: appRoot(),
    isPackaged: app.isPackaged,
    electronVersion: process.versions.electron ?? 'unknown',
    abi: process.versions.modules,
    platform: process.platform,
    arch: process.arch,
  });
  if (native.path) process.env[SQLITE_BINDING_ENV] = native.path;
  else nativeProblem = native.reason;
  const dataDir = app.getPath('userData');
  const secrets = desktopSecrets(process.platform, safeStorage, join(dataDir, 'secret.key'));
  const started = createCore({
    dataDir,
    mode: 'desktop',
    electronVersion: process.versions.electron,
    secretCipher: secrets.secretCipher,
    secretReaders: secrets.secretReaders,
  });
  for (const warning of secrets.warnings) started.logger.warn(warning);
  if (nativeProblem) started.logger.info(`Using the better-sqlite3 build in node_modules: ${nativeProblem}`);
  // First in, last out: the core is disposed after everything that uses it.
  disposers.add(() => started.dispose());
  disposers.add(installSecurity({ app, session: session.defaultSession, shell, log: started.logger }));
  disposers.add(registerAppProtocol(protocol, rendererDir(), { moduleFiles: (name) => started.modules.filesRoot(name) }));
  const shellWindow = new DesktopShell({
    core: started,
    app,
    BrowserWindow,
    Tray,
    Menu,
    Notification,
    nativeTheme,
    powerMonitor,
    screen,
    dialog,
    preloadPath: join(appRoot(), 'out', 'preload', 'index.cjs'),
    trayIcon: nativeImage.createFromPath(trayIconPath(appRoot(), process.platform)),
    windowIcon: appIconPath(appRoot()),
    argv: process.argv,
    platform: process.platform,
    onNotification: hooksEnabled() ? (note) => testNotifications.push(note) : undefined,
  });
  desktop = shellWindow;
  disposers.add(() => shellWindow.dispose());
  disposers.add(
    registerIpc({
      ipcMain,
      router: started.router,
      events: started.events,
      webContents: () => shellWindow.mainWindow?.webContents ?? null,
      log: started.logger,
    }),
  );
  disposers.add(
    registerPrintToPdf({
      router: started.router,
      source: () => shellWindow.mainWindow?.webContents ?? null,
      chooseFile: async (name) => {
        const options = { defaultPath: join(app.getPath('documents'), name), filters: [{ name: 'PDF', extensions: ['pdf'] }] };
        const parent = shellWindow.mainWindow;
        const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
        return choice.canceled || !choice.filePath ? null : choice.filePath;
      },
      writeFile: (path, data) => writeFile(path, data),
    }),
  );
  if (hooksEnabled()) disposers.add(installTestHooks(shellWindow, testNotifications));
  shellWindow.start();
  if (secrets.warning) {
    started.logger.warn(secrets.warning);
    shellWindow.noticeOnce('secret-storage', 'Secrets are kept in a key file', secrets.warning);
  }
  // Routes answer already; enabled modules come up behind the open window.
  started.start().catch((err: unknown) => {
    started.logger.error(`Modules did not start: ${err instanceof Error ? err.message : String(err)}`);
  });
}

/** Start-up failures (a database from a newer version, a broken install) end in one clear message. */
function fatal(err: unknown): void {
  let message = err instanceof Error ? err.message : String(err);
  if (nativeProblem && /NODE_MODULE_VERSION|better_sqlite3|was compiled against a different Node/.test(message)) {
    message = `better-sqlite3 is built for Node, not for Electron: ${nativeProblem}.\n\n${message}`;
  }
  console.error(`NxForge Desktop cannot start: ${message}`);
  dialog.showErrorBox('NxForge Desktop cannot start', message);
  void disposers.disposeAll().finally(() => app.exit(1));
}
