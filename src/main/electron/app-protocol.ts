import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { contentSecurityPolicy, htmlContentSecurityPolicy } from '../core/web/csp';
import type { Disposer } from './disposers';

/**
 * The app's pages are served from `app://nxforge/…` instead of `file://`: a standard, secure
 * origin of its own, so the CSP, same-origin checks and ES modules behave as on the web.
 * This file imports electron for types only, so its logic runs and is tested in plain Node.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'nxforge';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Registered before `ready`. `corsEnabled` stays off on purpose: it would let other origins read
 * the scheme. Same-origin module scripts need only `standard` and `secure`.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** The policy of every response but HTML pages, which also allow their own inline scripts by hash. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** True for URLs of our own origin, `app://nxforge/…`. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

export type AppPathResolution =
  | { ok: true; file: string; spaFallback: boolean }
  | { ok: false; status: 400 | 403 | 404; reason: string };

/** A module's file: `app://nxforge/modules/<name>/files/<path>`. */
export type ModuleFileResolution = { ok: true; module: string; segments: string[] } | { ok: false; status: 400 | 403 | 404; reason: string };

const MODULE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Maps an `app://nxforge/…` URL to a file under `root`, never outside it (see pathSegments).
 * `spaFallback` marks extensionless paths, which fall back to index.html when no such file
 * exists (deep links, as in serve mode).
 */
export function resolveAppPath(url: string, root: string): AppPathResolution {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) {
    return { ok: false, status: 404, reason: `not an ${APP_ORIGIN} URL` };
  }
  const split = pathSegments(parsed.pathname);
  if (!split.ok) return split;
  const { segments } = split;
  const last = segments.at(-1);
  if (last === undefined) return { ok: true, file: resolve(root, 'index.html'), spaFallback: false };
  const rootDir = resolve(root);
  const file = resolve(rootDir, ...segments);
  if (!isInside(rootDir, file)) return { ok: false, status: 403, reason: 'path outside the app folder' };
  return { ok: true, file, spaFallback: extname(last) === '' };
}

/**
 * Each segment is decoded on its own, so an encoded `/`, `\` or NUL cannot smuggle in a
 * separator, and `..` is refused outright rather than normalised away.
 */
function pathSegments(pathname: string): { ok: true; segments: string[] } | { ok: false; status: 400 | 403; reason: string } {
  const segments: string[] = [];
  for (const raw of pathname.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400, reason: 'bad percent-encoding in the path' };
    }
    if (/[/\\\0]/.test(segment)) return { ok: false, status: 400, reason: 'encoded separator in the path' };
    if (segment === '..' || segment === '.') return { ok: false, status: 403, reason: 'dot segment in the path' };
    segments.push(segment);
  }
  return { ok: true, segments };
}

/**
 * Recognises `app://nxforge/modules/<name>/files/<path>`: null for any other URL, else the
 * module's name and the checked segments of the path inside its package.
 */
export function resolveModuleFile(url: string): ModuleFileResolution | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  // Matched on the raw path, so `modules/x/files` cannot be reached through encoded separators.
  const match = /^\/modules\/([^/]*)\/files(\/.*)?$/.exec(parsed.pathname);
  if (!match) return null;
  const module = match[1] ?? '';
  if (!MODULE_NAME.test(module)) return { ok: false, status: 404, reason: 'not a module name' };
  const split = pathSegments(match[2] ?? '');
  if (!split.ok) return split;
  if (split.segments.length === 0) return { ok: false, status: 404, reason: 'no file named' };
  return { ok: true, module, segments: split.segments };
}

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

export interface AppProtocolFs {
  readFile(file: string): Promise<Uint8Array>;
  /** Resolves symlinks; used to keep a link inside the folder from pointing out of it. */
  realpath(file: string): Promise<string>;
  isFile(file: string): Promise<boolean>;
}

const nodeFs: AppProtocolFs = {
  readFile: (file) => readFile(file),
  realpath: (file) => realpath(file),
  isFile: async (file) => {
    try {
      return (await stat(file)).isFile();
    } catch {
      return false;
    }
  },
};

function securityHeaders(contentType: string, policy = CONTENT_SECURITY_POLICY): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': policy,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  };
}

function textResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

export interface AppProtocolOptions {
  fs?: AppProtocolFs;
  /**
   * The folder of an enabled module's package, or null when it is not enabled: its files are
   * served at `app://nxforge/modules/<name>/files/…`, like the HTTP path of serve mode.
   */
  moduleFiles?: (name: string) => string | null;
}

/**
 * Reads a file only if its real path stays inside the real root (no symlink out of it). The
 * app's own pages may run their inline scripts (the import map), allowed by hash; a module's
 * files never get that.
 */
async function readInside(fs: AppProtocolFs, realRoot: string, file: string, method: string, appPage: boolean): Promise<Response> {
  if (!isInside(realRoot, await fs.realpath(file))) return textResponse(403, 'path outside the allowed folder');
  const type = mimeTypeFor(file);
  if (method === 'HEAD') return new Response(null, { status: 200, headers: securityHeaders(type) });
  const body = await fs.readFile(file);
  const policy = appPage && type.startsWith('text/html') ? htmlContentSecurityPolicy(body) : CONTENT_SECURITY_POLICY;
  return new Response(body, { status: 200, headers: securityHeaders(type, policy) });
}

async function serveModuleFile(
  fs: AppProtocolFs,
  moduleFiles: AppProtocolOptions['moduleFiles'],
  resolved: Extract<ModuleFileResolution, { ok: true }>,
  method: string,
): Promise<Response> {
  const folder = moduleFiles?.(resolved.module) ?? null;
  if (!folder) return textResponse(404, `Module ${resolved.module} is not enabled`);
  const moduleRoot = resolve(folder);
  const file = resolve(moduleRoot, ...resolved.segments);
  if (!isInside(moduleRoot, file)) return textResponse(403, 'path outside the module folder');
  if (!(await fs.isFile(file))) return textResponse(404, 'Not found');
  try {
    return await readInside(fs, await fs.realpath(moduleRoot), file, method, false);
  } catch {
    return textResponse(404, 'Not found');
  }
}

/** The `protocol.handle` handler for `app:`, as a plain function of a fetch Request. */
export function createAppProtocolHandler(root: string, options: AppProtocolOptions = {}): (request: Request) => Promise<Response> {
  const fs = options.fs ?? nodeFs;
  const rootDir = resolve(root);
  let realRoot: Promise<string> | null = null;
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
    const moduleFile = resolveModuleFile(request.url);
    if (moduleFile) {
      return moduleFile.ok ? serveModuleFile(fs, options.moduleFiles, moduleFile, request.method) : textResponse(moduleFile.status, moduleFile.reason);
    }
    const resolved = resolveAppPath(request.url, rootDir);
    if (!resolved.ok) return textResponse(resolved.status, resolved.reason);
    let file = resolved.file;
    if (!(await fs.isFile(file))) {
      if (!resolved.spaFallback) return textResponse(404, 'Not found');
      file = resolve(rootDir, 'index.html');
      if (!(await fs.isFile(file))) return textResponse(404, 'Not found');
    }
    try {
      realRoot ??= fs.realpath(rootDir);
      return await readInside(fs, await realRoot, file, request.method, true);
    } catch {
      realRoot = null;
      return textResponse(404, 'Not found');
    }
  };
}

/** Serves `root` on `app://nxforge/`; call after `ready`. The disposer removes the handler. */
export function registerAppProtocol(
  protocol: Pick<Protocol, 'handle' | 'unhandle'>,
  root: string,
  options: Omit<AppProtocolOptions, 'fs'> = {},
): Disposer {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(root, options));
  return () => protocol.unhandle(APP_SCHEME);
}
