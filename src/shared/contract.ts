import type { Result } from './result';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type QueryValue = string | string[];

/** One call into the route table, whatever the transport. */
export interface RouteCall {
  module: string;
  method: HttpMethod;
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
}

/** A pushed event. Topics are namespaced by module: `core:settings.changed`. */
export interface AppEvent<P = unknown> {
  topic: string;
  payload: P;
  at: string;
}

export type Unsubscribe = () => void;

/** The whole surface a page may use: exposed by the preload, or by the web bridge in serve mode. */
export interface NxforgeBridge {
  invoke<T = unknown>(call: RouteCall): Promise<Result<T>>;
  on(topic: string, handler: (event: AppEvent) => void): Unsubscribe;
}

/** IPC channel names: one for calls, one for events. */
export const IPC_INVOKE_CHANNEL = 'nxforge:invoke';
export const IPC_EVENT_CHANNEL = 'nxforge:event';

/** Web bridge (serve mode): calls are `POST /rpc`, events arrive on a WebSocket at `/events`. */
export const WEB_RPC_PATH = '/rpc';
export const WEB_EVENTS_PATH = '/events';
/** Browsers cannot set headers on a WebSocket, so the token rides in a subprotocol. */
export const WS_PROTOCOL = 'nxforge.v1';
export const WS_TOKEN_PREFIX = 'bearer.';

/** Topic matching: exact, or a trailing `*` wildcard (`core:*`, `*`). */
export function topicMatches(pattern: string, topic: string): boolean {
  if (pattern === '*' || pattern === topic) return true;
  return pattern.endsWith('*') && topic.startsWith(pattern.slice(0, -1));
}
