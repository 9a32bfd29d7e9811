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

/**
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security), item by item,
 * against the real window options, session handlers, protocol and CSP the app installs.
 */
describe("Electron's security checklist", async () => {
  const { readFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const { join, resolve } = await import('node:path');
  const { mainWindowOptions } = await import('./window');
  const { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, CONTENT_SECURITY_POLICY, createAppProtocolHandler } = await import('./app-protocol');
  const { htmlContentSecurityPolicy } = await import('../core/web/csp');
  const { senderProblem } = await import('./ipc');
  const root = resolve(fileURLToPath(import.meta.url), '../../../..');
  const prefs = mainWindowOptions({ preloadPath: '/app/out/preload/index.cjs', backgroundColor: '#0e1014', bounds: { width: 1000, height: 700 } }).webPreferences ?? {};
  const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]));

  it('2–4. no Node in the page, context isolation, sandbox', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
  });

  it('5. permission requests and checks are denied by default, for every origin', () => {
    const h = harness();
    const request = h.handlers.request as (wc: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl?: string }) => void;
    const check = h.handlers.check as (wc: unknown, p: string, origin: string) => boolean;
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'geolocation', 'midi', 'pointerLock', 'fullscreen', 'openExternal', 'clipboard-read']) {
      request(h.contents, permission, (ok) => answers.push(ok), { requestingUrl: APP_ENTRY_URL });
      expect(check(h.contents, permission, 'app://nxforge')).toBe(false);
    }
    expect(answers.every((ok) => !ok)).toBe(true);
    expect((h.handlers.device as () => boolean)()).toBe(false);
  });

  it('6–7. web security on, no insecure content, and a strict CSP on every response', async () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    const policy = directives(CONTENT_SECURITY_POLICY);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*/);
    // The app page adds only the hashes of its own inline scripts (the import map).
    const html = readFileSync(join(root, 'src', 'renderer', 'index.html'), 'utf8');
    const scripts = directives(htmlContentSecurityPolicy(html)).get('script-src') ?? [];
    expect(scripts[0]).toBe("'self'");
    expect(scripts.slice(1).every((s) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(s))).toBe(true);
    // Served through the app protocol with the policy as a header.
    const handler = createAppProtocolHandler(join(root, 'src', 'renderer'));
    const response = await handler(new Request(APP_ENTRY_URL));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(htmlContentSecurityPolicy(html));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('8–10. no experimental features, no <webview>, no Blink features switched on', () => {
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    const h = harness();
    expect(h.navigate('will-attach-webview', 'https://example.com/')).toBe(true);
  });

  it('13–15. navigation and new windows denied outside the app; links reach the browser only after a check', async () => {
    const h = harness();
    expect(h.navigate('will-frame-navigate', 'javascript:alert(1)')).toBe(true);
    expect(h.navigate('will-frame-navigate', 'file:///etc/passwd')).toBe(true);
    expect(h.navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(h.contents.openHandler?.({ url: 'https://example.com/manual' })).toEqual({ action: 'deny' });
    expect(h.contents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(h.opened).toEqual(['https://example.com/manual']);
  });

  it('17. every IPC sender is checked: our window, our top frame, our origin', () => {
    const win = { id: 7 };
    expect(senderProblem({ sender: { id: 7 }, senderFrame: { url: APP_ENTRY_URL, parent: null } }, win)).toBeNull();
    expect(senderProblem({ sender: { id: 8 }, senderFrame: { url: APP_ENTRY_URL, parent: null } }, win)).toBe('the sender is not the app window');
    expect(senderProblem({ sender: { id: 7 }, senderFrame: { url: APP_ENTRY_URL, parent: {} } }, win)).toBe('the sender is a subframe');
    expect(senderProblem({ sender: { id: 7 }, senderFrame: { url: 'https://evil.example/', parent: null } }, win)).toContain('not the app');
  });

  it('18. the app is loaded from a custom protocol, not file://, with no CORS or CSP bypass', () => {
    expect(APP_ENTRY_URL).toBe('app://nxforge/index.html');
    expect(APP_SCHEME_PRIVILEGES.privileges).toEqual({ standard: true, secure: true, supportFetchAPI: true, codeCache: true });
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('corsEnabled');
  });
});
