import { createHash } from 'node:crypto';
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
  resolveModuleFile,
} from './app-protocol';

const ROOT = resolve('/srv/app/renderer');
const IMPORT_MAP = '{"imports":{"react":"./shared/react.js"}}';
const IMPORT_MAP_HASH = `'sha256-${createHash('sha256').update(IMPORT_MAP).digest('base64')}'`;

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
      'font-src': "'self'",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});

describe('resolveModuleFile', () => {
  it('recognises module file URLs and keeps their path segments', () => {
    expect(resolveModuleFile('app://nxforge/modules/hello-world/files/dist/ui/index.js?v=1.0.0-abc')).toEqual({
      ok: true,
      module: 'hello-world',
      segments: ['dist', 'ui', 'index.js'],
    });
    expect(resolveModuleFile('app://nxforge/assets/index.js')).toBeNull();
    expect(resolveModuleFile('app://nxforge/modules/hello-world/other/x.js')).toBeNull();
    expect(resolveModuleFile('app://other/modules/hello-world/files/x.js')).toBeNull();
  });

  it.each([
    ['app://nxforge/modules/Hello/files/x.js', 404],
    ['app://nxforge/modules/hello/files/', 404],
    ['app://nxforge/modules/hello/files/dist%2f..%2f..%2fsecret.txt', 400],
    ['app://nxforge/modules/hello/files/..%5c..%5csecret.txt', 400],
    ['app://nxforge/modules/hello/files/a%00.js', 400],
  ])('refuses %s', (url, status) => {
    expect(resolveModuleFile(url)).toMatchObject({ ok: false, status });
  });

  it('leaves dot segments the URL parser folds away to the app folder’s own checks', () => {
    // `%2e%2e` is `..` to the URL parser: this names /modules/secret.txt, not a module file.
    expect(resolveModuleFile('app://nxforge/modules/hello/files/%2e%2e/%2e%2e/secret.txt')).toBeNull();
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
    writeFileSync(join(root, 'index.html'), `<!doctype html><script type="importmap">${IMPORT_MAP}</script><div id="root"></div>`);
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

  it('serves index.html with its type and the CSP, allowing its own import map by hash', async () => {
    const res = await get('app://nxforge/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(
      CONTENT_SECURITY_POLICY.replace("script-src 'self'", `script-src 'self' ${IMPORT_MAP_HASH}`),
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('id="root"');
  });

  it('serves scripts and styles with their MIME types', async () => {
    const js = await get('app://nxforge/assets/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
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

describe('module files on the app protocol', () => {
  let base: string;
  let handle: (request: Request) => Promise<Response>;
  const enabled = new Set(['hello']);

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'nxforge-protocol-modules-'));
    const renderer = join(base, 'renderer');
    const pkg = join(base, 'modules', 'hello');
    mkdirSync(renderer, { recursive: true });
    mkdirSync(join(pkg, 'dist', 'ui'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<div id="root"></div>');
    writeFileSync(join(pkg, 'dist', 'ui', 'index.js'), 'export function HelloPage() {}');
    writeFileSync(join(pkg, 'dist', 'ui', 'page.html'), '<script>alert(1)</script>');
    writeFileSync(join(base, 'modules', 'secret.txt'), 'SECRET CONTENT');
    try {
      symlinkSync(join(base, 'modules', 'secret.txt'), join(pkg, 'dist', 'link.js'));
    } catch {
      // Symlinks may need privileges (Windows); that case is then not checked.
    }
    handle = createAppProtocolHandler(renderer, { moduleFiles: (name) => (enabled.has(name) ? join(base, 'modules', name) : null) });
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const get = (url: string): Promise<Response> => handle(new Request(url));

  it('serves an enabled module’s files with their type', async () => {
    const res = await get('app://nxforge/modules/hello/files/dist/ui/index.js?v=1.0.0-abc');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).toBe('export function HelloPage() {}');
  });

  it('never lets a module’s HTML run inline scripts', async () => {
    const res = await get('app://nxforge/modules/hello/files/dist/ui/page.html');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers 404 for a module that is not enabled, and for missing files (no fallback)', async () => {
    expect((await get('app://nxforge/modules/other/files/dist/ui/index.js')).status).toBe(404);
    expect((await get('app://nxforge/modules/hello/files/dist/ui/missing.js')).status).toBe(404);
    expect((await get('app://nxforge/modules/hello/files/dist/ui')).status).toBe(404);
    enabled.delete('hello');
    expect((await get('app://nxforge/modules/hello/files/dist/ui/index.js')).status).toBe(404);
    enabled.add('hello');
  });

  it('never serves a file outside the package', async () => {
    for (const url of [
      'app://nxforge/modules/hello/files/%2e%2e/secret.txt',
      'app://nxforge/modules/hello/files/dist/..%2f..%2fsecret.txt',
      'app://nxforge/modules/hello/files/..%5csecret.txt',
      'app://nxforge/modules/hello/files/dist/link.js',
    ]) {
      const res = await get(url);
      expect(res.status, url).not.toBe(200);
      expect(await res.text(), url).not.toContain('SECRET CONTENT');
    }
  });
});
