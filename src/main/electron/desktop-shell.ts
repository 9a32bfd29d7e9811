import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import type { App, BrowserWindow, Dialog, NativeTheme, Notification, NotificationConstructorOptions, PowerMonitor, Screen } from 'electron';
import type { Core } from '../core/core';
import { APP_ENTRY_URL } from './app-protocol';
import { decideClose } from './close-behavior';
import { runAllJobs, setSchedulesPaused, trayState } from './desktop-actions';
import { DesktopState } from './desktop-state';
import { DisposerStack, type Disposer } from './disposers';
import { runRoute, startJobNotifier } from './job-notifier';
import { loginItemPlan, startedHidden, type LoginPreferences } from './login-item';
import type { JobNotification } from './notification-policy';
import { windowBackground } from './theme';
import { createTray, type AppTray, type TrayDeps } from './tray';
import type { TrayAction } from './tray-model';
import { focusWindow, openMainWindow, MAIN_WINDOW_LIMITS, type OpenMainWindowInput } from './window';
import { restoreWindowState, type Rect } from './window-state';

/**
 * The desktop side of the app around the core: one window (remembered, themed, hidden to the
 * tray on close), the tray, notifications, start at login, and sleep and wake. Electron's
 * objects come in as arguments; src/main/index.ts only creates this and forwards app events.
 */

export interface DesktopShellDeps {
  core: Core;
  app: Pick<App, 'on' | 'off' | 'quit' | 'isPackaged' | 'getAppPath' | 'setLoginItemSettings' | 'getLoginItemSettings'>;
  BrowserWindow: OpenMainWindowInput['BrowserWindow'];
  Tray: TrayDeps['Tray'];
  Menu: TrayDeps['Menu'];
  Notification: { new (options: NotificationConstructorOptions): Notification; isSupported(): boolean };
  nativeTheme: Pick<NativeTheme, 'on' | 'off' | 'shouldUseDarkColors' | 'themeSource'>;
  powerMonitor: Pick<PowerMonitor, 'on' | 'off'>;
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>;
  dialog: Pick<Dialog, 'showMessageBox'>;
  preloadPath: string;
  trayIcon: TrayDeps['icon'];
  windowIcon?: string;
  argv: readonly string[];
  platform: NodeJS.Platform;
  /** Test hooks (NXFORGE_E2E_HOOKS=1): notifications shown are also recorded here. */
  onNotification?: (note: JobNotification) => void;
}

export class DesktopShell {
  private window: BrowserWindow | null = null;
  private quitting = false;
  private readonly state: DesktopState;
  private readonly disposers = new DisposerStack();
  private readonly notes = new Set<Notification>();
  readonly tray: AppTray;

  constructor(private readonly d: DesktopShellDeps) {
    this.state = new DesktopState(d.core.db.db);
    d.nativeTheme.themeSource = 'system';
    const onBeforeQuit = (): void => {
      this.quitting = true;
      this.saveWindowState();
    };
    d.app.on('before-quit', onBeforeQuit);
    this.disposers.add(() => {
      d.app.off('before-quit', onBeforeQuit);
    });

    this.tray = createTray({
      Tray: d.Tray,
      Menu: d.Menu,
      icon: d.trayIcon,
      state: () => trayState({ db: d.core.db.db, runner: d.core.jobs.runner }, d.core.settings, this.window?.isVisible() ?? false),
      onAction: (action) => this.trayAction(action),
      onClick: () => this.showWindow(),
      onError: (message) => d.core.logger.warn(message),
    });
    this.disposers.add(this.tray.dispose);
    for (const topic of ['core:job.run', 'core:jobs.changed', 'core:settings.changed', 'core:module.state']) {
      this.disposers.add(d.core.events.subscribe(topic, () => this.tray.refresh()));
    }

    this.disposers.add(
      startJobNotifier({
        db: d.core.db.db,
        events: d.core.events,
        enabledFor: (module) => d.core.settings.moduleNotificationsEnabled(module),
        show: (note) => this.notify(note),
      }),
    );
    this.disposers.add(this.watchPower());
    this.disposers.add(this.watchTheme());
    this.applyLoginItem();
    this.disposers.add(
      d.core.events.subscribe('core:settings.changed', (event) => {
        const key = (event.payload as { key?: string }).key;
        if (key === 'desktop.startAtLogin' || key === 'desktop.startHidden') this.applyLoginItem();
      }),
    );
  }

  /** Opens the window at start, unless started at login to stay in the tray. */
  start(): void {
    const prefs = this.loginPreferences();
    const atLogin = this.d.platform === 'darwin' ? this.d.app.getLoginItemSettings().wasOpenedAtLogin : false;
    if (prefs.startAtLogin && startedHidden(this.d.argv, prefs, atLogin) && this.tray.available) return;
    this.showWindow();
  }

  get mainWindow(): BrowserWindow | null {
    return this.window;
  }

  /** Shows the window (creating it if needed), optionally on a route such as a run's page. */
  showWindow(route?: string): void {
    if (!this.window || this.window.isDestroyed()) this.window = this.createWindow(route);
    else {
      if (route) void this.window.loadURL(`${APP_ENTRY_URL}${route}`).catch(() => undefined);
      focusWindow(this.window);
    }
    this.tray.refresh();
  }

  dispose(): Promise<void> {
    for (const note of this.notes) note.close();
    this.notes.clear();
    return this.disposers.disposeAll((err) => this.d.core.logger.warn(`Desktop shell: ${err instanceof Error ? err.message : String(err)}`));
  }

  /** Shows a one-time notice in a message box, e.g. that secrets fell back to the key file. */
  noticeOnce(notice: 'secret-storage', title: string, message: string): void {
    if (this.state.noticeShown(notice)) return;
    this.state.markNoticeShown(notice);
    void this.d.dialog.showMessageBox({ type: 'warning', title, message: title, detail: message, buttons: ['OK'] }).catch(() => undefined);
  }

  private createWindow(route?: string): BrowserWindow {
    const primary = this.d.screen.getPrimaryDisplay();
    const areas: Rect[] = [primary.workArea, ...this.d.screen.getAllDisplays().filter((s) => s.id !== primary.id).map((s) => s.workArea)];
    const restored = restoreWindowState(this.state.windowState(), areas, MAIN_WINDOW_LIMITS);
    const window = openMainWindow({
      BrowserWindow: this.d.BrowserWindow,
      preloadPath: this.d.preloadPath,
      iconPath: this.d.windowIcon,
      bounds: restored.bounds,
      backgroundColor: windowBackground(this.d.nativeTheme.shouldUseDarkColors),
      url: route ? `${APP_ENTRY_URL}${route}` : APP_ENTRY_URL,
      onLoadError: (message) => this.d.core.logger.error(`The app page did not load: ${message}`),
    });
    if (restored.maximized) window.once('ready-to-show', () => window.maximize());
    window.on('close', (event) => {
      this.saveWindowState();
      const decision = decideClose({
        closeToTray: this.d.core.settings.get('desktop.closeToTray') === true,
        quitting: this.quitting,
        trayAvailable: this.tray.available,
        noticeShown: this.state.noticeShown('close-to-tray'),
      });
      if (decision.action === 'close') return;
      event.preventDefault();
      window.hide();
      this.tray.refresh();
      if (decision.showNotice) {
        this.state.markNoticeShown('close-to-tray');
        this.toast({
          title: 'NxForge Desktop keeps running',
          body: 'Schedules go on in the tray. Quit from the tray menu; turn this off under Settings → Desktop app.',
        });
      }
    });
    window.on('show', () => this.tray.refresh());
    window.on('hide', () => this.tray.refresh());
    window.on('closed', () => {
      if (this.window === window) this.window = null;
      this.tray.refresh();
    });
    return window;
  }

  private saveWindowState(): void {
    const window = this.window;
    if (!window || window.isDestroyed()) return;
    this.state.saveWindowState({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  }

  private trayAction(action: TrayAction): void {
    const { core } = this.d;
    if (action === 'open-window') this.showWindow();
    else if (action === 'run-collections') {
      const { started } = runAllJobs({ db: core.db.db, runner: core.jobs.runner, isModuleRunning: (m) => core.modules.isRunning(m) });
      core.logger.info(`Tray: started ${started.length} job(s) by hand`);
    } else if (action === 'pause-schedules' || action === 'resume-schedules') setSchedulesPaused(core.settings, action === 'pause-schedules');
    else if (action === 'quit') {
      this.quitting = true;
      this.d.app.quit();
    }
    this.tray.refresh();
  }

  private notify(note: JobNotification): void {
    this.d.onNotification?.(note);
    this.toast({ title: note.title, body: note.body }, () => this.showWindow(runRoute(note.jobId, note.runId)));
  }

  private toast(options: { title: string; body: string }, onClick?: () => void): void {
    if (!this.d.Notification.isSupported()) return;
    const note = new this.d.Notification({ title: options.title, body: options.body, silent: false });
    // Held until closed: a collected notification loses its click handler on some systems.
    this.notes.add(note);
    note.on('close', () => this.notes.delete(note));
    if (onClick) note.on('click', onClick);
    note.show();
  }

  /** Sleep pauses the scheduler; wake catches up once (the scheduler's own resume). */
  private watchPower(): Disposer {
    const scheduler = this.d.core.jobs.scheduler;
    const onSuspend = (): void => {
      this.d.core.logger.info('The computer is going to sleep; schedules wait');
      scheduler.suspend();
    };
    const onResume = (): void => {
      this.d.core.logger.info('The computer woke up; missed schedules run once');
      scheduler.resume();
    };
    this.d.powerMonitor.on('suspend', onSuspend);
    this.d.powerMonitor.on('resume', onResume);
    return () => {
      this.d.powerMonitor.off('suspend', onSuspend);
      this.d.powerMonitor.off('resume', onResume);
    };
  }

  private watchTheme(): Disposer {
    const onUpdated = (): void => {
      const window = this.window;
      if (window && !window.isDestroyed()) window.setBackgroundColor(windowBackground(this.d.nativeTheme.shouldUseDarkColors));
    };
    this.d.nativeTheme.on('updated', onUpdated);
    return () => {
      this.d.nativeTheme.off('updated', onUpdated);
    };
  }

  private loginPreferences(): LoginPreferences {
    const { settings } = this.d.core;
    return { startAtLogin: settings.get('desktop.startAtLogin') === true, startHidden: settings.get('desktop.startHidden') === true };
  }

  private applyLoginItem(): void {
    const { app, core } = this.d;
    const plan = loginItemPlan(this.loginPreferences(), {
      platform: this.d.platform,
      executable: process.execPath,
      appArgs: app.isPackaged ? [] : [app.getAppPath()],
      env: process.env,
      home: homedir(),
    });
    try {
      if (plan.kind === 'login-item') app.setLoginItemSettings(plan.settings);
      else if (plan.content === null) rmSync(plan.file, { force: true });
      else {
        mkdirSync(dirname(plan.file), { recursive: true });
        writeFileSync(plan.file, plan.content);
      }
    } catch (err) {
      core.logger.warn(`Start at login could not be set: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
