/** What closing the window does: hide to the tray (scraping goes on) or quit. */

export interface CloseContext {
  /** The user's setting "keep running in the tray when the window is closed". */
  closeToTray: boolean;
  /** Quit was asked for (tray menu, app menu, Cmd+Q, system shutdown). */
  quitting: boolean;
  /** A tray icon exists; without one a hidden window could not be found again. */
  trayAvailable: boolean;
  /** The one-time notice that the app keeps running was already shown. */
  noticeShown: boolean;
}

export interface CloseDecision {
  action: 'hide' | 'close';
  showNotice: boolean;
}

export function decideClose(ctx: CloseContext): CloseDecision {
  if (ctx.quitting || !ctx.closeToTray || !ctx.trayAvailable) return { action: 'close', showNotice: false };
  return { action: 'hide', showNotice: !ctx.noticeShown };
}
