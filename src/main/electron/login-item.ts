import { join } from 'node:path';

/**
 * Start at login. macOS and Windows keep login items themselves (app.setLoginItemSettings);
 * Linux desktops start what is in ~/.config/autostart, so the app writes or removes an XDG
 * autostart entry there. A hidden start is the --hidden flag on the command line.
 */
export const HIDDEN_FLAG = '--hidden';

export interface LoginPreferences {
  startAtLogin: boolean;
  startHidden: boolean;
}

export type LoginItemPlan =
  | { kind: 'login-item'; settings: { openAtLogin: boolean; args: string[] } }
  | { kind: 'autostart-file'; file: string; content: string | null };

export interface LoginTarget {
  platform: NodeJS.Platform;
  /** The executable: process.execPath, or $APPIMAGE for an AppImage (its mount point changes per start). */
  executable: string;
  /** Arguments before our own: the app folder when running from sources (`electron .`). */
  appArgs: string[];
  env: NodeJS.ProcessEnv;
  home: string;
}

export const AUTOSTART_FILE_NAME = 'nxforge-desktop.desktop';

export function loginItemPlan(prefs: LoginPreferences, target: LoginTarget): LoginItemPlan {
  const args = [...target.appArgs, ...(prefs.startAtLogin && prefs.startHidden ? [HIDDEN_FLAG] : [])];
  if (target.platform !== 'linux') {
    return { kind: 'login-item', settings: { openAtLogin: prefs.startAtLogin, args } };
  }
  const configHome = target.env.XDG_CONFIG_HOME || join(target.home, '.config');
  const file = join(configHome, 'autostart', AUTOSTART_FILE_NAME);
  if (!prefs.startAtLogin) return { kind: 'autostart-file', file, content: null };
  const exec = [target.env.APPIMAGE || target.executable, ...args].map(desktopExecQuote).join(' ');
  const content = [
    '[Desktop Entry]',
    'Type=Application',
    'Name=NxForge Desktop',
    'Comment=Scrape power meters on a schedule',
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
  return { kind: 'autostart-file', file, content };
}

/**
 * Quotes one argument for a desktop entry's Exec key: double quotes around anything with
 * reserved characters, with `"`, `` ` ``, `$` and `\` escaped; `%` doubled (field codes).
 */
export function desktopExecQuote(arg: string): string {
  const escapedPercent = arg.replace(/%/g, '%%');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(escapedPercent)) return escapedPercent;
  return `"${escapedPercent.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** Whether this start should stay in the tray: started at login with the hidden flag. */
export function startedHidden(argv: readonly string[], prefs: LoginPreferences, wasOpenedAtLogin: boolean): boolean {
  if (!prefs.startHidden) return false;
  return argv.includes(HIDDEN_FLAG) || wasOpenedAtLogin;
}
