import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { WEB_EVENTS_PATH, WEB_RPC_PATH, WS_PROTOCOL, WS_TOKEN_PREFIX, type RouteCall } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import type { EventBus } from '../events/event-bus';
import type { Router } from '../router/router';
import { serveStatic } from './static-files';

export const RPC_PATH = WEB_RPC_PATH;
export const EVENTS_PATH = WEB_EVENTS_PATH;
export { WS_PROTOCOL, WS_TOKEN_PREFIX };
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface WebBridgeOptions {
  router: Router;
  events: EventBus;
  /** Folder of the built renderer; omitted, only the API is served. */
  staticDir?: string;
  port?: number;
  token?: string;
  /** Folder of an enabled module's package, for its pages at /modules/<name>/files/…; null hides it. */
  moduleFiles?: (name: string) => string | null;
}

const MODULE_FILES = /^\/modules\/([a-z][a-z0-9-]*)\/files(\/.*)$/;

export interface WebBridge {
  readonly port: number;
  readonly token: string;
  readonly origin: string;
  /** The address to open: the app with its token. */
  readonly url: string;
  close(): Promise<void>;
}

export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Serves the route table over HTTP on 127.0.0.1 only: `POST /rpc` answers envelopes, a
 * WebSocket at `/events` pushes events, and the built renderer is served as static files.
 * API requests need the bearer token and, from a browser, our own Origin.
 */
export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const token = options.token ?? createToken();
  const tokenBytes = Buffer.from(token);
  let port = 0;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((h) => `http://${h}`);

  const tokenOk = (presented: string | undefined): boolean => {
    if (!presented) return false;
    const bytes = Buffer.from(presented);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  /** Host guards against DNS rebinding; Origin against other pages in the same browser. */
  const requestGuard = (req: IncomingMessage): { status: number; message: string } | null => {
    if (!allowedHosts().includes(req.headers.host ?? '')) return { status: 403, message: 'Host not allowed' };
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().includes(origin)) {
      return { status: 403, message: `Origin ${origin} is not allowed` };
    }
    return null;
  };

  const server: Server = createServer((req, res) => {
    handleRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, envelopeError('INTERNAL', err instanceof Error ? err.message : String(err)));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const guard = requestGuard(req);
    if (guard) {
      req.resume();
      sendJson(res, guard.status, envelopeError('FORBIDDEN', guard.message));
      return;
    }
    if (url.pathname === RPC_PATH) {
      if (!tokenOk(bearer(req.headers.authorization))) {
        req.resume();
        sendJson(res, 401, envelopeError('FORBIDDEN', 'Missing or wrong access token: send Authorization: Bearer TOKEN'), {
          'WWW-Authenticate': 'Bearer',
        });
        return;
      }
      if (req.method !== 'POST') {
        req.resume();
        sendJson(res, 405, envelopeError('VALIDATION', 'Use POST for /rpc'), { Allow: 'POST' });
        return;
      }
      const raw = await readBody(req, MAX_BODY_BYTES);
      if (raw === null) {
        sendJson(res, 413, envelopeError('VALIDATION', `Request body is larger than ${MAX_BODY_BYTES} bytes`));
        return;
      }
      let call: RouteCall;
      try {
        call = JSON.parse(raw.toString('utf8')) as RouteCall;
      } catch (err) {
        sendJson(res, 400, envelopeError('VALIDATION', `Request body is not JSON: ${(err as Error).message}`));
        return;
      }
      const result = await options.router.call(call);
      sendJson(res, 200, result);
      return;
    }
    if (url.pathname === EVENTS_PATH) {
      sendJson(res, 426, envelopeError('VALIDATION', 'Connect with a WebSocket'));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      sendJson(res, 405, envelopeError('VALIDATION', `${req.method ?? ''} is not allowed here`));
      return;
    }
    const moduleFile = MODULE_FILES.exec(url.pathname);
    if (moduleFile) {
      const root = options.moduleFiles?.(moduleFile[1] ?? '') ?? null;
      if (!root) {
        sendJson(res, 404, envelopeError('NOT_FOUND', `Module ${moduleFile[1]} is not enabled`));
        return;
      }
      await serveStatic(req, res, root, moduleFile[2] ?? '/', `ws://127.0.0.1:${port}`, { spaFallback: false });
      return;
    }
    if (!options.staticDir) {
      sendJson(res, 404, envelopeError('NOT_FOUND', 'No page here'));
      return;
    }
    await serveStatic(req, res, options.staticDir, url.pathname, `ws://127.0.0.1:${port} ws://localhost:${port}`);
  };

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const sockets = new Set<WebSocket>();
  const unsubscribe = options.events.subscribe('*', (event) => {
    if (sockets.size === 0) return;
    const data = JSON.stringify(event);
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(data);
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reject = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== EVENTS_PATH) return reject(404, 'Not Found');
    const guard = requestGuard(req);
    if (guard) return reject(403, 'Forbidden');
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const presented = bearer(req.headers.authorization) ?? offered.find((p) => p.startsWith(WS_TOKEN_PREFIX))?.slice(WS_TOKEN_PREFIX.length);
    if (!tokenOk(presented)) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      // The channel is push-only; anything a client sends is ignored.
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    token,
    origin,
    url: `${origin}/?token=${token}`,
    close: async () => {
      unsubscribe();
      for (const socket of sockets) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1];
}

function envelopeError(code: string, message: string): Result<never> {
  return { ok: false, error: { code: code as 'INTERNAL', message } };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(payload);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
