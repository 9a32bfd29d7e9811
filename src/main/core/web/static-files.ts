import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy as basePolicy, htmlContentSecurityPolicy } from './csp';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** The policy for files other than HTML pages; `connectSrc` lists extra sources, space-separated. */
export function contentSecurityPolicy(connectSrc: string): string {
  return basePolicy({ connectSrc: splitSources(connectSrc) });
}

function splitSources(sources: string): string[] {
  return sources.split(/\s+/).filter(Boolean);
}

/**
 * Serves a file from `root`, never outside it; unknown paths without an extension get
 * index.html so that deep links into the app work.
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  pathname: string,
  connectSrc: string,
  options: { spaFallback?: boolean } = {},
): Promise<void> {
  const spaFallback = options.spaFallback ?? true;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400).end('Bad path');
    return;
  }
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  let file = join(root, rel);
  if (!(file + sep).startsWith(root + sep) && file !== root) {
    res.writeHead(403).end('Forbidden');
    return;
  }
  let info = await stat(file).catch(() => null);
  if (!info || info.isDirectory()) {
    if (!spaFallback || (extname(rel) !== '' && !(info && info.isDirectory()))) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    file = join(root, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The app is not built: run npm run build');
      return;
    }
  }
  const ext = extname(file);
  const headers = {
    'Content-Type': TYPES[ext] ?? 'application/octet-stream',
    'Cache-Control': ext === '.html' ? 'no-store' : 'public, max-age=3600',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  };
  // Only the app's own pages (those served with the fallback) may run inline scripts: exactly
  // theirs (the import map), allowed by hash, so the page is read whole. Module files never may.
  if (ext === '.html' && spaFallback) {
    const html = await readFile(file);
    res.writeHead(200, {
      ...headers,
      'Content-Length': html.length,
      'Content-Security-Policy': htmlContentSecurityPolicy(html, { connectSrc: splitSources(connectSrc) }),
    });
    res.end(req.method === 'HEAD' ? undefined : html);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': info.size, 'Content-Security-Policy': contentSecurityPolicy(connectSrc) });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
