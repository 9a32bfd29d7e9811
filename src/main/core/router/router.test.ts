import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Router } from './router';
import { AppError } from './app-error';

function makeRouter() {
  const reported: { message: string; details: Record<string, unknown> }[] = [];
  const router = new Router({ reportError: (message, details) => reported.push({ message, details }) });
  return { router, reported };
}

describe('Router', () => {
  it('matches params and decodes them', async () => {
    const { router } = makeRouter();
    router.add({
      module: 'consumption-monitor',
      method: 'GET',
      path: '/monthly/:endpointId',
      params: z.object({ endpointId: z.string() }),
      query: z.object({ year: z.coerce.number().int(), month: z.coerce.number().int().min(1).max(12) }),
      handler: ({ params, query }) => ({ id: params.endpointId, year: query.year, month: query.month }),
    });
    const result = await router.call({
      module: 'consumption-monitor',
      method: 'GET',
      path: '/monthly/rack%2012',
      query: { year: '2026', month: '3' },
    });
    expect(result).toEqual({ ok: true, data: { id: 'rack 12', year: 2026, month: 3 } });
  });

  it('prefers a static route over a dynamic one and keeps methods apart', async () => {
    const { router } = makeRouter();
    router.add({ module: 'm', method: 'GET', path: '/items/:id', handler: ({ params }) => `item ${(params as { id: string }).id}` });
    router.add({ module: 'm', method: 'GET', path: '/items/summary', handler: () => 'summary' });
    router.add({ module: 'm', method: 'DELETE', path: '/items/:id', handler: () => 'deleted' });
    expect(await router.call({ module: 'm', method: 'GET', path: '/items/summary' })).toEqual({ ok: true, data: 'summary' });
    expect(await router.call({ module: 'm', method: 'GET', path: '/items/7/' })).toEqual({ ok: true, data: 'item 7' });
    expect(await router.call({ module: 'm', method: 'DELETE', path: '/items/7' })).toEqual({ ok: true, data: 'deleted' });
  });

  it('answers VALIDATION naming every bad field', async () => {
    const { router } = makeRouter();
    router.add({
      module: 'core',
      method: 'PUT',
      path: '/settings/:key',
      query: z.object({ dryRun: z.enum(['yes', 'no']).optional() }),
      body: z.object({ value: z.number(), note: z.string().max(3) }),
      handler: () => 'never',
    });
    const result = await router.call({
      module: 'core',
      method: 'PUT',
      path: '/settings/x',
      query: { dryRun: 'maybe' },
      body: { value: 'ten', note: 'too long' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    const fields = (result.error.details as { issues: { field: string }[] }).issues.map((i) => i.field);
    expect(fields).toEqual(['query.dryRun', 'body.value', 'body.note']);
    expect(result.error.message).toMatch(/query\.dryRun: .*; body\.value: .*; body\.note: /);

    const missingBody = await router.call({ module: 'core', method: 'PUT', path: '/settings/x' });
    expect(missingBody).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ field: 'body' }] } } });
  });

  it('answers NOT_FOUND for an unknown route and an unknown module', async () => {
    const { router } = makeRouter();
    router.add({ module: 'core', method: 'GET', path: '/info', handler: () => 1 });
    const wrongPath = await router.call({ module: 'core', method: 'GET', path: '/nope' });
    expect(wrongPath).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const wrongMethod = await router.call({ module: 'core', method: 'POST', path: '/info' });
    expect(wrongMethod).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'No route POST /info in module "core"' } });
    const wrongModule = await router.call({ module: 'ghost', method: 'GET', path: '/info' });
    expect(wrongModule).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses a duplicate route, including one that differs only in param names', () => {
    const { router } = makeRouter();
    router.add({ module: 'm', method: 'GET', path: '/a/:id', handler: () => 1 });
    expect(() => router.add({ module: 'm', method: 'GET', path: '/a/:other', handler: () => 2 })).toThrowError(/Duplicate route m GET \/a\/:other/);
    expect(() => router.add({ module: 'm', method: 'GET', path: '/a/:id/', handler: () => 2 })).toThrowError(AppError);
    // Same path in another module or with another method is fine.
    router.add({ module: 'n', method: 'GET', path: '/a/:id', handler: () => 3 });
    router.add({ module: 'm', method: 'POST', path: '/a/:id', handler: () => 4 });
  });

  it('turns a throwing handler into INTERNAL and reports it with the stack', async () => {
    const { router, reported } = makeRouter();
    router.add({
      module: 'm',
      method: 'GET',
      path: '/boom',
      handler: () => {
        throw new TypeError('cannot read rack');
      },
    });
    router.add({ module: 'm', method: 'GET', path: '/async-boom', handler: async () => Promise.reject(new Error('late failure')) });
    const result = await router.call({ module: 'm', method: 'GET', path: '/boom' });
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Internal error in m GET /boom: cannot read rack' } });
    expect(await router.call({ module: 'm', method: 'GET', path: '/async-boom' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(reported).toHaveLength(2);
    expect(reported[0]?.message).toContain('cannot read rack');
    expect(String(reported[0]?.details.stack)).toContain('TypeError');
  });

  it('passes an AppError through with its own code', async () => {
    const { router, reported } = makeRouter();
    router.add({
      module: 'm',
      method: 'POST',
      path: '/x',
      handler: () => {
        throw new AppError('CONFLICT', 'already exists', { id: 1 });
      },
    });
    expect(await router.call({ module: 'm', method: 'POST', path: '/x' })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'already exists', details: { id: 1 } },
    });
    expect(reported).toHaveLength(0);
  });

  it('removes routes by disposer and by module, and answers MODULE_UNAVAILABLE for an unavailable module', async () => {
    const { router } = makeRouter();
    const dispose = router.add({ module: 'm', method: 'GET', path: '/a', handler: () => 1 });
    router.add({ module: 'm', method: 'GET', path: '/b/:id', handler: () => 2 });
    dispose();
    expect(router.has('m', 'GET', '/a')).toBe(false);
    expect(router.has('m', 'GET', '/b/1')).toBe(true);
    router.setUnavailable('m', 'it is disabled');
    expect(await router.call({ module: 'm', method: 'GET', path: '/b/1' })).toEqual({
      ok: false,
      error: { code: 'MODULE_UNAVAILABLE', message: 'Module "m" is unavailable: it is disabled' },
    });
    router.setUnavailable('m', null);
    expect(await router.call({ module: 'm', method: 'GET', path: '/b/1' })).toEqual({ ok: true, data: 2 });
    router.removeModule('m');
    expect(router.list('m')).toEqual([]);
  });

  it('rejects malformed calls and definitions with clear messages', async () => {
    const { router } = makeRouter();
    const bad = await router.call({ module: '', method: 'FETCH' as 'GET', path: 'info' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/module.*method.*path/);
    expect(() => router.add({ module: 'Bad_Name', method: 'GET', path: '/x', handler: () => 1 })).toThrow(/kebab-case/);
    expect(() => router.add({ module: 'm', method: 'GET', path: '/a b', handler: () => 1 })).toThrow(/invalid segment/);
  });

  it('describes routes with JSON Schemas of their inputs', () => {
    const { router } = makeRouter();
    router.add({
      module: 'm',
      method: 'GET',
      path: '/readings',
      summary: 'Readings',
      query: z.object({ limit: z.coerce.number().int().max(1000) }),
      handler: () => [],
    });
    const [route] = router.list('m');
    expect(route).toMatchObject({ module: 'm', method: 'GET', path: '/readings', summary: 'Readings' });
    expect(route?.input.query).toMatchObject({ type: 'object', properties: { limit: { type: 'integer', maximum: 1000 } } });
  });
});
