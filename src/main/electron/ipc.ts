import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { AppEvent, RouteCall, Unsubscribe } from '../../shared/contract';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { fail } from '../../shared/result';
import { isAppUrl } from './app-protocol';
import type { Disposer } from './disposers';

/**
 * The IPC transport over the core router: one invoke channel, one event channel. Main answers
 * only our own page in our own window; any other sender gets FORBIDDEN and is logged.
 * This file imports electron for types only, so it runs and is tested in plain Node.
 */

/** What the sender check reads from an IPC event; IpcMainInvokeEvent fits it. */
export interface SenderLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** Why a sender is refused, or null when it is our window's top frame showing our origin. */
export function senderProblem(event: SenderLike, expected: { id: number } | null): string | null {
  if (!expected) return 'the app window is not open';
  if (event.sender.id !== expected.id) return 'the sender is not the app window';
  let frame: { url: string; parent: unknown } | null;
  let url: string;
  try {
    // Reading a frame that has gone away throws.
    frame = event.senderFrame;
    if (!frame) return 'the sending frame is gone';
    url = frame.url;
    if (frame.parent !== null) return 'the sender is a subframe';
  } catch {
    return 'the sending frame is gone';
  }
  if (!isAppUrl(url)) return `the sending page is not the app (${describeOrigin(url)})`;
  return null;
}

function describeOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
  } catch {
    return 'unknown origin';
  }
}

export interface IpcLog {
  warn(message: string, details?: unknown): void;
}

export interface IpcDeps {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  router: { call(call: RouteCall): Promise<Result<unknown>> };
  events: { subscribe(pattern: string, listener: (event: AppEvent) => void): Unsubscribe };
  /** The app window's web contents, or null while no window is open. */
  webContents: () => Pick<WebContents, 'id' | 'send' | 'isDestroyed' | 'getURL'> | null;
  log: IpcLog;
}

/** Handles invoke calls and forwards every core event to the app window. */
export function registerIpc({ ipcMain, router, events, webContents, log }: IpcDeps): Disposer {
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event: IpcMainInvokeEvent | SenderLike, call: unknown): Promise<Result<unknown>> => {
    const target = webContents();
    const problem = senderProblem(event, target && !target.isDestroyed() ? target : null);
    if (problem) {
      log.warn(`Refused an IPC call: ${problem}`, { call: summarize(call) });
      return Promise.resolve(fail('FORBIDDEN', 'Only the NxForge Desktop window may call the app'));
    }
    // The router checks the call's shape and never throws.
    return router.call(call as RouteCall);
  });

  const unsubscribe = events.subscribe('*', (event) => {
    const target = webContents();
    if (!target || target.isDestroyed() || !isAppUrl(target.getURL())) return;
    try {
      target.send(IPC_EVENT_CHANNEL, event);
    } catch (err) {
      // A payload that cannot be cloned. Not for log lines: logging it would publish another.
      if (event.topic !== 'core:log') {
        log.warn(`Could not send the event ${event.topic} to the window`, { error: err instanceof Error ? err.message : String(err) });
      }
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
  };
}

/** Enough of a refused call to recognise it in the log, without storing what a page sent. */
function summarize(call: unknown): string {
  if (call === null || typeof call !== 'object') return typeof call;
  const { module, method, path } = call as Record<string, unknown>;
  return [module, method, path].map((part) => (typeof part === 'string' ? part.slice(0, 80) : '?')).join(' ');
}
