import type { CoreDb } from '../core/db/database';
import { readSetting, writeSetting } from '../core/settings/settings-repository';
import { parseWindowState, type WindowState } from './window-state';

/**
 * What the desktop shell remembers that is not a user setting: the window's place and which
 * one-time notices were shown. Kept in the settings table under a scope no module can have
 * (module names never hold a dot).
 */
const SCOPE = 'core.desktop';

export type DesktopNotice = 'close-to-tray' | 'secret-storage';

export class DesktopState {
  constructor(private readonly db: CoreDb) {}

  windowState(): WindowState | null {
    return parseWindowState(readSetting(this.db, SCOPE, 'window')?.value);
  }

  saveWindowState(state: WindowState): void {
    writeSetting(this.db, SCOPE, 'window', state);
  }

  noticeShown(notice: DesktopNotice): boolean {
    return readSetting(this.db, SCOPE, `notice.${notice}`)?.value === true;
  }

  markNoticeShown(notice: DesktopNotice): void {
    writeSetting(this.db, SCOPE, `notice.${notice}`, true);
  }
}
