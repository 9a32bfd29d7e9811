import type { HttpMethod } from '../../../../shared/contract';
import type { RouteError } from '../../../../shared/result';

/** Messages between the main side of a module host and its worker. All plain data. */

export interface HostInit {
  module: string;
  version: string;
  moduleDir: string;
  entryFile: string;
  databaseFile: string;
  storageDir: string;
  permissions: string[];
  settings: Record<string, unknown>;
  /** The app's time zone setting (IANA), for ctx.app.timeZone(). */
  timeZone: string;
}

export interface DeclaredRoute {
  method: HttpMethod;
  path: string;
  summary?: string;
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
  output?: Record<string, unknown>;
  timeoutMs?: number;
}

export type MainToHost =
  | { type: 'activate'; init: HostInit }
  | { type: 'route'; id: number; method: HttpMethod; path: string; params: unknown; query: unknown; body: unknown }
  | { type: 'job'; id: number; handler: string; runId: number; jobId: string; attempt: number; config: Record<string, unknown>; artifactsDir: string }
  | { type: 'cancel'; id: number }
  | { type: 'settings'; values: Record<string, unknown> }
  | { type: 'app'; timeZone: string }
  | { type: 'secret-result'; id: number; ok: boolean; value?: string | null; error?: string }
  | { type: 'scrape-result'; id: number; ok: true; result: unknown }
  | { type: 'scrape-result'; id: number; ok: false; error: string }
  | { type: 'ping'; id: number }
  | { type: 'deactivate' };

export type HostToMain =
  | { type: 'activating' }
  | { type: 'ready'; routes: DeclaredRoute[]; jobHandlers: string[] }
  | { type: 'activate-failed'; message: string; stack?: string }
  | { type: 'result'; id: number; ok: true; data: unknown }
  | { type: 'result'; id: number; ok: false; error: RouteError }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; details?: unknown; runId?: number }
  | { type: 'event'; topic: string; payload: unknown }
  | { type: 'progress'; id: number; fraction: number; message?: string }
  | { type: 'secret'; id: number; op: 'get' | 'set' | 'delete'; key: string; value?: string }
  | { type: 'scrape'; id: number; task: unknown; runId?: number }
  | { type: 'pong'; id: number }
  | { type: 'deactivated' };
