import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { externalLinkUrl, installSecurity, isNavigationAllowed, isPermissionAllowed, type SecurityDeps } from './security';

describe('navigation allow-list', () => {
  it('allows our own origin only', () => {
    expect(isNavigationAllowed('app://nxforge/index.html#/jobs')).toBe(true);
    expect(isNavigationAllowed('https://example.com/')).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd')).toBe(false);
    expect(isNavigationAllowed('app://other/index.html')).toBe(false);
    expect(isNavigationAllowed('javascript:alert(1)')).toBe(false);
  });
});

describe('externalLinkUrl', () => {
  it('passes http(s) links, normalised', () => {
    expect(externalLinkUrl('https://example.com/docs?a=1')).toBe('https://example.com/docs?a=1');
    expect(externalLinkUrl('http://EXAMPLE.com')).toBe('http://example.com/');
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'app://nxforge/index.html',
    'https://bank.example@evil.example/',
    'https://user:pass@example.com/',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(externalLinkUrl(url)).toBeNull();
  });
});

describe('permissions', () => {
  it('are denied by default', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid', 'unknown']) {
      expect(isPermissionAllowed(permission, 'app://nxforge/index.html')).toBe(false);
    }
  });

  it('allow clipboard writes from our origin only', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://nxforge/index.html')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://nxforge')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', null)).toBe(false);
  });
});

/** Fakes of the Electron objects, recording what the hardening installs. */
function harness() {
  const app = new EventEmitter();
  const handlers: Record<string, unknown> = {};
  const opened: string[] = [];
  const warnings: string[] = [];
  const session = {
    setPermissionRequestHandler: (fn: unknown) => (handlers.request = fn),
    setPermissionCheckHandler: (fn: unknown) => (handlers.check = fn),
    setDevicePermissionHandler: (fn: unknown) => (handlers.device = fn),
  };
  const deps = {
    app,
    session,
    shell: { openExternal: async (url: string) => void opened.push(url) },
    log: { warn: (message: string) => warnings.push(message) },
  } as unknown as SecurityDeps;
  const dispose = installSecurity(deps);

  const contents = Object.assign(new EventEmitter(), {
    openHandler: null as null | ((details: { url: string }) => { action: string }),
    setWindowOpenHandler(fn: (details: { url: string }) => { action: string }) {
      this.openHandler = fn;
    },
    getURL: () => 'app://nxforge/index.html',
  });
  app.emit('web-contents-created', {}, contents);

  const navigate = (eventName: string, url: string, isMainFrame = true): boolean => {
    let prevented = false;
    contents.emit(eventName, { url, isMainFrame, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { app, handlers, opened, warnings, dispose, contents, navigate };
}

describe('installSecurity', () => {
  it('denies navigation away from the app and keeps in-app navigation', () => {
    const h = harness();
    expect(h.navigate('will-frame-navigate', 'app://nxforge/index.html#/system')).toBe(false);
    expect(h.navigate('will-frame-navigate', 'file:///etc/passwd')).toBe(true);
    expect(h.navigate('will-frame-navigate', 'https://example.com/', false)).toBe(true);
    expect(h.navigate('will-redirect', 'https://example.com/')).toBe(true);
    expect(h.navigate('will-attach-webview', 'https://example.com/')).toBe(true);
    expect(h.opened).toEqual([]);
  });

  it('sends a main-frame web link to the system browser instead of navigating', async () => {
    const h = harness();
    expect(h.navigate('will-frame-navigate', 'https://example.com/docs')).toBe(true);
    await Promise.resolve();
    expect(h.opened).toEqual(['https://example.com/docs']);
  });

  it('never opens a new window; checked web links go to the system browser', async () => {
    const h = harness();
    expect(h.contents.openHandler?.({ url: 'https://example.com/help' })).toEqual({ action: 'deny' });
    expect(h.contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(h.contents.openHandler?.({ url: 'app://nxforge/index.html' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(h.opened).toEqual(['https://example.com/help']);
    expect(h.warnings.some((w) => w.includes('not an http(s) link'))).toBe(true);
  });

  it('installs permission handlers that deny by default', () => {
    const h = harness();
    const request = h.handlers.request as (wc: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl?: string }) => void;
    const check = h.handlers.check as (wc: unknown, p: string, origin: string) => boolean;
    const device = h.handlers.device as () => boolean;
    const answers: boolean[] = [];
    request(h.contents, 'media', (ok) => answers.push(ok), { requestingUrl: 'app://nxforge/index.html' });
    request(h.contents, 'geolocation', (ok) => answers.push(ok), { requestingUrl: 'https://evil.example/' });
    request(h.contents, 'clipboard-sanitized-write', (ok) => answers.push(ok), { requestingUrl: 'app://nxforge/index.html' });
    expect(answers).toEqual([false, false, true]);
    expect(check(h.contents, 'notifications', 'app://nxforge')).toBe(false);
    expect(check(h.contents, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(device()).toBe(false);
  });

  it('disposes its listener but keeps the deny-by-default permission handlers', () => {
    const h = harness();
    expect(h.app.listenerCount('web-contents-created')).toBe(1);
    void h.dispose();
    expect(h.app.listenerCount('web-contents-created')).toBe(0);
    expect(typeof h.handlers.request).toBe('function');
    expect(typeof h.handlers.check).toBe('function');
  });
});
