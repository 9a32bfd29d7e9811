import type { App, Session, Shell, WebContents } from 'electron';
import { isAppUrl } from './app-protocol';
import type { Disposer } from './disposers';

/**
 * Electron's security checklist, for every web contents the app creates: navigation and new
 * windows are denied except to our own origin, external links go to the system browser after a
 * URL check, and permissions are denied unless allow-listed.
 * This file imports electron for types only; `installSecurity` receives the real objects.
 */

export interface SecurityLog {
  warn(message: string, details?: unknown): void;
}

/** Where a page may navigate to: our own origin only. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/**
 * The URL to hand to the system browser, or null when it must not be opened: only http(s),
 * with a host, and without credentials (`https://bank.example@evil.example/` tricks the eye).
 */
export function externalLinkUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (!parsed.hostname || parsed.username || parsed.password) return null;
  return parsed.href;
}

/**
 * Permissions our own page may use; everything else, and anything asked by another origin, is
 * denied. Copying to the clipboard (a data folder, an error) is the only one the app needs.
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string | null | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && typeof requestingUrl === 'string' && isAppUrl(requestingUrl);
}

type SessionLike = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>;

export interface SecurityDeps {
  app: Pick<App, 'on' | 'off'>;
  session: SessionLike;
  shell: Pick<Shell, 'openExternal'>;
  log: SecurityLog;
}

/** Hardens every web contents created from now on, and the session's permissions. Call before any window. */
export function installSecurity({ app, session, shell, log }: SecurityDeps): Disposer {
  const openExternal = (url: string, why: string): void => {
    const target = externalLinkUrl(url);
    if (!target) {
      log.warn(`Refused to open ${why}: not an http(s) link`, { url: truncate(url) });
      return;
    }
    shell.openExternal(target).catch((err: unknown) => {
      log.warn(`Could not open ${target} in the system browser`, { error: err instanceof Error ? err.message : String(err) });
    });
  };

  const harden = (_event: unknown, contents: WebContents): void => {
    contents.on('will-frame-navigate', (event) => {
      if (isNavigationAllowed(event.url)) return;
      event.preventDefault();
      // A plain link to a web page is meant for the browser; anything else is just refused.
      if (event.isMainFrame && externalLinkUrl(event.url)) openExternal(event.url, 'a link');
      else log.warn('Refused a navigation away from the app', { url: truncate(event.url) });
    });
    contents.on('will-redirect', (event) => {
      if (isNavigationAllowed(event.url)) return;
      event.preventDefault();
      log.warn('Refused a redirect away from the app', { url: truncate(event.url) });
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      log.warn('Refused a <webview>');
    });
    contents.setWindowOpenHandler(({ url }) => {
      openExternal(url, 'a new window');
      return { action: 'deny' };
    });
  };

  app.on('web-contents-created', harden);
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const allowed = isPermissionAllowed(permission, details.requestingUrl ?? contents.getURL());
    if (!allowed) log.warn(`Denied the "${permission}" permission`, { url: truncate(details.requestingUrl ?? '') });
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);

  // The permission handlers stay: resetting them to null would mean "allow everything".
  return () => {
    app.off('web-contents-created', harden);
  };
}

/** Logged URLs are cut short: a page controls them and could make them huge. */
function truncate(url: string): string {
  return url.length > 300 ? `${url.slice(0, 300)}…` : url;
}
