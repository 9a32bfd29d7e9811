import type { NxforgeBridge } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { createSignal, type Signal } from '../lib/signal';
import { forgetAccessToken, takeAccessToken } from './access-token';
import { createWebBridge, type ConnectionState } from './web-bridge-client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the page is served over HTTP. */
    nxforge?: NxforgeBridge;
  }
}

export type { ConnectionState };

/** Why the page cannot talk to the app, if it cannot. */
export type AccessProblem = 'missing-token' | 'rejected-token' | null;

export interface BridgeClient {
  readonly bridge: NxforgeBridge;
  readonly transport: 'ipc' | 'web';
  readonly access: Signal<AccessProblem>;
  readonly connection: Signal<ConnectionState>;
}

const NO_ACCESS: Result<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This page has no access token: open the NXFORGE_URL address that the server printed.' },
};

/** A bridge that answers every call with FORBIDDEN, so callers need no special case. */
const lockedBridge: NxforgeBridge = {
  invoke: () => Promise.resolve(NO_ACCESS),
  on: () => () => undefined,
};

/**
 * The only code that touches `window.nxforge`. In Electron the preload's bridge is used
 * as is; in serve mode a web bridge with the same interface talks to the server.
 */
function resolveBridgeClient(): BridgeClient {
  const preload = window.nxforge;
  if (preload) {
    return {
      bridge: preload,
      transport: 'ipc',
      access: createSignal<AccessProblem>(null),
      connection: createSignal<ConnectionState>('connected'),
    };
  }
  const token = takeAccessToken();
  const access = createSignal<AccessProblem>(token ? null : 'missing-token');
  if (!token) return { bridge: lockedBridge, transport: 'web', access, connection: createSignal<ConnectionState>('offline') };
  const web = createWebBridge({
    token,
    onUnauthorized: () => {
      forgetAccessToken();
      web.close();
      access.set('rejected-token');
    },
  });
  return { bridge: web, transport: 'web', access, connection: web.connection };
}

let client: BridgeClient | null = null;

export function bridgeClient(): BridgeClient {
  client ??= resolveBridgeClient();
  return client;
}

export function bridge(): NxforgeBridge {
  return bridgeClient().bridge;
}
