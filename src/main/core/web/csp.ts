import { createHash } from 'node:crypto';

/**
 * The app page's Content Security Policy, shared by serve mode (static-files.ts) and the
 * Electron app protocol, so both transports hold the page to the same rules.
 *
 * Scripts come from our own origin only. The one inline script, the import map that hands
 * module pages the app's React, is allowed by its sha256 hash, computed from the index.html
 * actually served: a rebuild that changes it needs no edit here, and no other inline script
 * can run.
 */

export interface CspOptions {
  /** Hash sources for inline scripts, e.g. `'sha256-…'` (see inlineScriptHashes). */
  scriptHashes?: readonly string[];
  /** Extra connect-src sources beside 'self', e.g. the serve mode event socket. */
  connectSrc?: readonly string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  return [
    "default-src 'self'",
    ['script-src', "'self'", ...(options.scriptHashes ?? [])].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ['connect-src', "'self'", ...(options.connectSrc ?? [])].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const HAS_SRC = /(^|\s)src\s*=/i;

/**
 * `'sha256-…'` sources for every inline script of an HTML page (those without `src`), hashed
 * over their exact text as the browser does. Empty scripts are skipped.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(SCRIPT)) {
    const [, attributes = '', body = ''] = match;
    if (HAS_SRC.test(attributes) || body === '') continue;
    // The HTML parser turns CRLF and CR into LF before the browser hashes the text.
    const text = body.replace(/\r\n?/g, '\n');
    hashes.add(`'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
  }
  return [...hashes];
}

/** The policy for one served HTML page: its own inline scripts, and nothing else, may run. */
export function htmlContentSecurityPolicy(html: string | Uint8Array, options: Omit<CspOptions, 'scriptHashes'> = {}): string {
  const text = typeof html === 'string' ? html : Buffer.from(html.buffer, html.byteOffset, html.byteLength).toString('utf8');
  return contentSecurityPolicy({ ...options, scriptHashes: inlineScriptHashes(text) });
}
