import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  createAppProtocolHandler,
  isAppUrl,
  mimeTypeFor,
  registerAppProtocol,
  resolveAppPath,
} from './app-protocol';

const ROOT = resolve('/srv/app/renderer');

describe('resolveAppPath', () => {
  it('maps the origin root and files under it', () => {
    expect(resolveAppPath('app://nxforge/', ROOT)).toEqual({ ok: true, file: join(ROOT, 'index.html'), spaFallback: false });
    expect(resolveAppPath('app://nxforge/index.html', ROOT)).toEqual({ ok: true, file: join(ROOT, 'index.html'), spaFallback: false });
    expect(resolveAppPath('app://nxforge/assets/index-1.js?v=1#x', ROOT)).toEqual({
      ok: true,
      file: join(ROOT, 'assets', 'index-1.js'),
      spaFallback: false,
    });
    expect(resolveAppPath('app://nxforge/a%20b.css', ROOT)).toMatchObject({ ok: true, file: join(ROOT, 'a b.css') });
  });

  it('marks extensionless paths for the index.html fallback', () => {
    expect(resolveAppPath('app://nxforge/system', ROOT)).toMatchObject({ ok: true, spaFallback: true });
  });

  it.each([
    'app://nxforge/../../etc/passwd',
    'app://nxforge/%2e%2e/%2e%2e/etc/passwd',
    'app://nxforge/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://nxforge/..%5c..%5cwindows%5cwin.ini',
    'app://nxforge/%2e%2e%5cpackage.json',
    'app://nxforge/a%00.js',
    'app://nxforge/.%2e/package.json',
  ])('never leaves the folder: %s', (url) => {
    const result = resolveAppPath(url, ROOT);
    if (result.ok) {
      // The URL parser may fold dot segments away; what is left must still be inside ROOT.
      const rel = relative(ROOT, result.file);
      expect(rel === '' || rel.startsWith('..') || isAbsolute(rel)).toBe(false);
    } else {
      expect([400, 403]).toContain(result.status);
    }
  });

  it('refuses encoded separators, bad encodings and other hosts', () => {
    expect(resolveAppPath('app://nxforge/a%2fb.js', ROOT)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath('app://nxforge/a%5cb.js', ROOT)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath('app://nxforge/%E0%A4%A', ROOT)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath('app://evil/index.html', ROOT)).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppPath('file:///etc/passwd', ROOT)).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppPath('not a url', ROOT)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('app scheme', () => {
  it('is standard and secure, without CORS for other origins', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES.privileges?.corsEnabled).not.toBe(true);
    expect(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP).not.toBe(true);
  });

  it('recognises our origin only', () => {
    expect(isAppUrl('app://nxforge/index.html#/system')).toBe(true);
    expect(isAppUrl('app://nxforge.evil/index.html')).toBe(false);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://nxforge/index.html')).toBe(false);
    expect(isAppUrl('')).toBe(false);
  });

  it('knows the MIME types of a built renderer', () => {
    expect(mimeTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('a/b.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('x.mjs')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('s.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('i.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('f.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('m.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('blob.bin')).toBe('application/octet-stream');
  });

  it('has the strict content security policy', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});

describe('createAppProtocolHandler over a real folder', () => {
  let base: string;
  let root: string;
  let handle: (request: Request) => Promise<Response>;

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'nxforge-protocol-'));
    root = join(base, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'app.js'), 'export const x = 1;');
    writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
    writeFileSync(join(base, 'secret.txt'), 'outside');
    try {
      symlinkSync(join(base, 'secret.txt'), join(root, 'link.txt'));
    } catch {
      // Symlinks may need privileges (Windows); that case is then not checked.
    }
    handle = createAppProtocolHandler(root);
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const get = (url: string, method = 'GET'): Promise<Response> => handle(new Request(url, { method }));

  it('serves index.html with its type and the CSP', async () => {
    const res = await get('app://nxforge/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('id="root"');
  });

  it('serves scripts and styles with their MIME types', async () => {
    const js = await get('app://nxforge/assets/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('export const x = 1;');
    expect((await get('app://nxforge/assets/app.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers the root and deep links with index.html, and a missing file with 404', async () => {
    expect(await (await get('app://nxforge/')).text()).toContain('id="root"');
    expect(await (await get('app://nxforge/system')).text()).toContain('id="root"');
    expect((await get('app://nxforge/assets/missing.js')).status).toBe(404);
  });

  it('never serves a file outside the folder', async () => {
    for (const url of ['app://nxforge/%2e%2e/secret.txt', 'app://nxforge/..%2fsecret.txt', 'app://nxforge/assets/..%5c..%5csecret.txt']) {
      const res = await get(url);
      expect(res.status, url).not.toBe(200);
      expect(await res.text(), url).not.toContain('outside');
    }
  });

  it('does not follow a symlink out of the folder', async () => {
    const res = await get('app://nxforge/link.txt');
    expect(res.status).not.toBe(200);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://nxforge/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('app://nxforge/index.html', 'POST')).status).toBe(405);
  });

  it('registers on the app scheme and unregisters on dispose', () => {
    const calls: string[] = [];
    const dispose = registerAppProtocol(
      { handle: (scheme) => calls.push(`handle ${scheme}`), unhandle: (scheme) => calls.push(`unhandle ${scheme}`) },
      root,
    );
    expect(calls).toEqual(['handle app']);
    void dispose();
    expect(calls).toEqual(['handle app', 'unhandle app']);
  });
});
