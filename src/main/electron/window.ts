import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './app-protocol';

/**
 * The app window: its options as a plain object (checked item by item in tests), and a small
 * opener that receives the BrowserWindow class, so this file imports electron for types only.
 */

export const WINDOW_TITLE = 'NxForge Desktop';

/** The default size and the smallest the layout allows. */
export const MAIN_WINDOW_LIMITS = { width: 1280, height: 800, minWidth: 960, minHeight: 600 } as const;

export interface MainWindowOptionsInput {
  preloadPath: string;
  iconPath?: string;
  /** A remembered place (see window-state), or only a size to open centred. */
  bounds?: { x?: number; y?: number; width: number; height: number };
  /** The page's background for the system theme, shown before it paints. */
  backgroundColor?: string;
}

export function mainWindowOptions({ preloadPath, iconPath, bounds, backgroundColor }: MainWindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: WINDOW_TITLE,
    width: MAIN_WINDOW_LIMITS.width,
    height: MAIN_WINDOW_LIMITS.height,
    ...(bounds ?? {}),
    minWidth: MAIN_WINDOW_LIMITS.minWidth,
    minHeight: MAIN_WINDOW_LIMITS.minHeight,
    // Shown on ready-to-show, so the user never sees an empty frame.
    show: false,
    ...(iconPath ? { icon: iconPath } : {}),
    ...(backgroundColor ? { backgroundColor } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // A middle click would ask for a new window; they are denied anyway, this stops the event.
      disableBlinkFeatures: 'Auxclick',
    },
  };
}

type WindowClass = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

export interface OpenMainWindowInput extends MainWindowOptionsInput {
  BrowserWindow: WindowClass;
  url?: string;
  /** Called with the reason when the page cannot be loaded. */
  onLoadError?: (message: string) => void;
}

/** Creates the window, loads the app page and shows the window once it has painted. */
export function openMainWindow({ BrowserWindow, url = APP_ENTRY_URL, onLoadError, ...options }: OpenMainWindowInput): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(options));
  window.once('ready-to-show', () => window.show());
  window.loadURL(url).catch((err: unknown) => {
    onLoadError?.(err instanceof Error ? err.message : String(err));
  });
  return window;
}

/** Brings the window forward, e.g. when a second instance is launched. */
export function focusWindow(window: Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'> | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
