// The bridge: `window.nxforge.invoke` and `window.nxforge.on`, nothing more. Neither ipcRenderer
// nor an IPC event object ever reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import type { AppEvent, NxforgeBridge, RouteCall } from '../shared/contract';
import { HTTP_METHODS, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, topicMatches } from '../shared/contract';
import type { Result } from '../shared/result';
import { fail } from '../shared/result';

interface Subscription {
  topic: string;
  handler: (event: AppEvent) => void;
}

const subscriptions = new Set<Subscription>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_ipcEvent, event: unknown) => {
  if (!isAppEvent(event)) return;
  for (const sub of [...subscriptions]) {
    if (!topicMatches(sub.topic, event.topic)) continue;
    try {
      sub.handler({ topic: event.topic, payload: event.payload, at: event.at });
    } catch (err) {
      // One broken handler must not stop the others.
      console.error(`nxforge: a handler for "${sub.topic}" threw`, err);
    }
  }
});

const bridge: NxforgeBridge = {
  invoke<T = unknown>(call: RouteCall): Promise<Result<T>> {
    const problem = routeCallProblem(call);
    if (problem) return Promise.resolve(fail('VALIDATION', `invoke: ${problem}`));
    // Only the fields of a route call cross, whatever else the object carries.
    const message: RouteCall = { module: call.module, method: call.method, path: call.path, query: call.query, body: call.body };
    return (ipcRenderer.invoke(IPC_INVOKE_CHANNEL, message) as Promise<Result<T>>).catch((err: unknown) =>
      fail('INTERNAL', `invoke: the call did not reach the app (${err instanceof Error ? err.message : String(err)})`),
    );
  },
  on(topic: string, handler: (event: AppEvent) => void) {
    if (typeof topic !== 'string' || topic === '') throw new TypeError('nxforge.on: topic must be a non-empty string');
    if (typeof handler !== 'function') throw new TypeError('nxforge.on: handler must be a function');
    const sub: Subscription = { topic, handler };
    subscriptions.add(sub);
    return () => {
      subscriptions.delete(sub);
    };
  },
};

contextBridge.exposeInMainWorld('nxforge', bridge);

/** A quick shape check at the edge; the router in main validates fully. */
function routeCallProblem(call: unknown): string | null {
  if (call === null || typeof call !== 'object' || Array.isArray(call)) return 'expected a route call object';
  const { module, method, path, query } = call as Record<string, unknown>;
  if (typeof module !== 'string' || module === '') return 'module must be a non-empty string';
  if (typeof method !== 'string' || !(HTTP_METHODS as readonly string[]).includes(method)) {
    return `method must be one of ${HTTP_METHODS.join(', ')}`;
  }
  if (typeof path !== 'string' || !path.startsWith('/')) return 'path must be a string starting with /';
  if (query !== undefined && (query === null || typeof query !== 'object' || Array.isArray(query))) return 'query must be an object';
  return null;
}

function isAppEvent(value: unknown): value is AppEvent {
  if (value === null || typeof value !== 'object') return false;
  const { topic, at } = value as Record<string, unknown>;
  return typeof topic === 'string' && typeof at === 'string';
}
