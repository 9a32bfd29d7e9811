import {
  topicMatches,
  WEB_EVENTS_PATH,
  WEB_RPC_PATH,
  WS_PROTOCOL,
  WS_TOKEN_PREFIX,
  type AppEvent,
  type NxforgeBridge,
  type RouteCall,
} from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { createSignal, type Signal } from '../lib/signal';

export type ConnectionState = 'connecting' | 'connected' | 'offline';

export interface WebBridgeClient extends NxforgeBridge {
  /** State of the event channel, for the header's live indicator. */
  readonly connection: Signal<ConnectionState>;
  /** Stops the event channel for good, e.g. once the server has refused the token. */
  close(): void;
}

interface WebBridgeOptions {
  token: string;
  /** Called when the server refuses the token (e.g. it restarted with a new one). */
  onUnauthorized(): void;
}

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 15_000;

function internal(message: string): Result<never> {
  return { ok: false, error: { code: 'INTERNAL', message } };
}

function isEnvelope(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

function isAppEvent(value: unknown): value is AppEvent {
  return typeof value === 'object' && value !== null && typeof (value as { topic?: unknown }).topic === 'string';
}

/**
 * The serve-mode twin of the preload bridge: the same `invoke`/`on`, carried by
 * `POST /rpc` and one shared WebSocket. Failures come back as error values, never throws.
 */
export function createWebBridge(options: WebBridgeOptions): WebBridgeClient {
  const connection = createSignal<ConnectionState>('offline');
  const handlers = new Map<number, { pattern: string; handler: (event: AppEvent) => void }>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let backoff = BACKOFF_MIN_MS;
  let closed = false;

  const invoke = async <T>(call: RouteCall): Promise<Result<T>> => {
    let response: Response;
    try {
      response = await fetch(WEB_RPC_PATH, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
        body: JSON.stringify(call),
        cache: 'no-store',
      });
    } catch (err) {
      return internal(`Cannot reach the NxForge server: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (response.status === 401) options.onUnauthorized();
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return internal(`The server answered HTTP ${response.status} without a readable result`);
    }
    return isEnvelope(body) ? (body as Result<T>) : internal(`The server answered HTTP ${response.status} with an unexpected body`);
  };

  const dispatch = (event: AppEvent): void => {
    for (const { pattern, handler } of [...handlers.values()]) {
      if (!topicMatches(pattern, event.topic)) continue;
      try {
        handler(event);
      } catch (err) {
        // One faulty listener must not starve the others.
        console.warn(`Event handler for "${pattern}" failed`, err);
      }
    }
  };

  const scheduleReconnect = (): void => {
    if (closed || retryTimer !== null || handlers.size === 0) return;
    const delay = backoff;
    backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  };

  const connect = (): void => {
    if (closed || socket || handlers.size === 0) return;
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    connection.set('connecting');
    let ws: WebSocket;
    try {
      ws = new WebSocket(`${scheme}://${window.location.host}${WEB_EVENTS_PATH}`, [WS_PROTOCOL, WS_TOKEN_PREFIX + options.token]);
    } catch {
      connection.set('offline');
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      backoff = BACKOFF_MIN_MS;
      connection.set('connected');
    };
    ws.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        return;
      }
      if (isAppEvent(parsed)) dispatch(parsed);
    };
    ws.onclose = () => {
      if (socket === ws) socket = null;
      connection.set('offline');
      scheduleReconnect();
    };
  };

  const disconnect = (): void => {
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    const ws = socket;
    socket = null;
    if (ws) {
      ws.onclose = null;
      ws.close();
    }
    connection.set('offline');
  };

  const on = (pattern: string, handler: (event: AppEvent) => void): (() => void) => {
    const id = nextId++;
    handlers.set(id, { pattern, handler });
    connect();
    return () => {
      handlers.delete(id);
      if (handlers.size === 0) disconnect();
    };
  };

  const close = (): void => {
    closed = true;
    disconnect();
  };

  return { invoke, on, connection, close };
}
