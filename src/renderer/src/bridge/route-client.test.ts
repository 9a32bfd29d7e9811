import { describe, expect, it } from 'vitest';
import type { CoreRoutes } from '../../../shared/core-api';
import type { NxforgeBridge, RouteCall } from '../../../shared/contract';
import { routeClient } from './route-client';

function recordingBridge(): { bridge: NxforgeBridge; calls: RouteCall[] } {
  const calls: RouteCall[] = [];
  const bridge: NxforgeBridge = {
    invoke: <T>(call: RouteCall) => {
      calls.push(call);
      return Promise.resolve({ ok: true, data: null as T });
    },
    on: () => () => undefined,
  };
  return { bridge, calls };
}

describe('routeClient', () => {
  it('fills path params, drops empty query values and passes the body', async () => {
    const { bridge, calls } = recordingBridge();
    const core = routeClient<CoreRoutes>('core', () => bridge);
    await core.call('PUT /settings/:key', { params: { key: 'time zone' }, body: { value: 'UTC' } });
    await core.call('GET /logs', { query: { level: 'warn', module: undefined } });
    await core.call('GET /info');
    expect(calls).toEqual([
      { module: 'core', method: 'PUT', path: '/settings/time%20zone', query: undefined, body: { value: 'UTC' } },
      { module: 'core', method: 'GET', path: '/logs', query: { level: 'warn' }, body: undefined },
      { module: 'core', method: 'GET', path: '/info', query: undefined, body: undefined },
    ]);
  });

  it('checks route names, params and bodies at compile time', () => {
    const { bridge } = recordingBridge();
    const core = routeClient<CoreRoutes>('core', () => bridge);
    const typeChecks = (): void => {
      // @ts-expect-error: the route needs its :key param and a body
      void core.call('PUT /settings/:key');
      // @ts-expect-error: no such route
      void core.call('GET /nowhere');
      // @ts-expect-error: the body's value must be a setting value
      void core.call('PUT /settings/:key', { params: { key: 'timezone' }, body: { value: [] } });
    };
    expect(typeof typeChecks).toBe('function');
  });
});
