import type { Disposer } from './disposers';
import type { JobNotification } from './notification-policy';

/**
 * What the Electron end-to-end tests read from the main process (through Playwright's
 * `app.evaluate`), installed only when NXFORGE_E2E_HOOKS=1: the notifications raised, the tray
 * menu's labels and whether the window is visible. Nothing here changes what the app does.
 */
export interface DesktopTestHooks {
  notifications: JobNotification[];
  trayLabels(): string[];
  windowVisible(): boolean;
  windowFocused(): boolean;
}

export interface HookedShell {
  tray: { labels(): string[] };
  mainWindow: { isVisible(): boolean; isFocused(): boolean; isDestroyed(): boolean } | null;
}

export const TEST_HOOKS_GLOBAL = '__nxforgeDesktop';

export function hooksEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NXFORGE_E2E_HOOKS === '1';
}

export function installTestHooks(shell: HookedShell, notifications: JobNotification[]): Disposer {
  const window = () => (shell.mainWindow && !shell.mainWindow.isDestroyed() ? shell.mainWindow : null);
  const hooks: DesktopTestHooks = {
    notifications,
    trayLabels: () => shell.tray.labels(),
    windowVisible: () => window()?.isVisible() ?? false,
    windowFocused: () => window()?.isFocused() ?? false,
  };
  (globalThis as Record<string, unknown>)[TEST_HOOKS_GLOBAL] = hooks;
  return () => {
    delete (globalThis as Record<string, unknown>)[TEST_HOOKS_GLOBAL];
  };
}
