import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { Disposer } from './disposers';
import { trayMenuModel, trayTooltip, type TrayAction, type TrayItem, type TrayState } from './tray-model';

/** The tray icon and its menu, rebuilt from the tray model whenever the state may have changed. */

export function trayMenuTemplate(items: readonly TrayItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.kind === 'separator') return { type: 'separator' };
    if (item.kind === 'info') return { label: item.label, enabled: false };
    return { id: item.id, label: item.label, enabled: item.enabled, click: () => onAction(item.id) };
  });
}

export interface TrayDeps {
  Tray: new (image: NativeImage | string) => Tray;
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): Menu };
  icon: NativeImage | string;
  state: () => TrayState;
  onAction: (action: TrayAction) => void;
  /** A click on the icon itself (Windows, most Linux panels): open the window. */
  onClick: () => void;
  onError: (message: string) => void;
}

export interface AppTray {
  readonly available: boolean;
  refresh(): void;
  /** The labels of the current menu, for the test hooks. */
  labels(): string[];
  dispose: Disposer;
}

export function createTray(deps: TrayDeps): AppTray {
  let tray: Tray | null = null;
  let items: TrayItem[] = [];
  try {
    tray = new deps.Tray(deps.icon);
    tray.on('click', deps.onClick);
  } catch (err) {
    // No system tray (some Linux sessions): closing the window then quits, see close-behavior.
    deps.onError(`The tray icon could not be created: ${err instanceof Error ? err.message : String(err)}`);
  }
  const refresh = (): void => {
    if (!tray || tray.isDestroyed()) return;
    const state = deps.state();
    items = trayMenuModel(state);
    tray.setContextMenu(deps.Menu.buildFromTemplate(trayMenuTemplate(items, deps.onAction)));
    tray.setToolTip(trayTooltip(state));
  };
  refresh();
  return {
    get available() {
      return tray !== null && !tray.isDestroyed();
    },
    refresh,
    labels: () => items.map((i) => (i.kind === 'separator' ? '—' : i.label)),
    dispose: () => {
      if (tray && !tray.isDestroyed()) tray.destroy();
      tray = null;
    },
  };
}
