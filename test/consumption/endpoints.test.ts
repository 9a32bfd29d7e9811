import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../src/shared/result';
import { MODULE, startHarness, type Harness } from './harness';

/** Endpoint CRUD through the real router and module host: validation naming fields, write-only credentials. */

interface EndpointView {
  id: number;
  name: string;
  ipAddress: string;
  type: string;
  clientName: string | null;
  authType: string;
  authConfig: Record<string, unknown>;
  scrapingConfig: Record<string, unknown>;
  enabled: boolean;
  pollInterval: number;
  pricePerKwh: number | null;
  hasPassword: boolean;
}

const SECRET = 'Pa55-w0rd-never-shown';
const NEW_SECRET = 'second-secret-value-42';

const formMeter = (overrides: Record<string, unknown> = {}) => ({
  name: 'Rack A3 sub-meter',
  ipAddress: '10.0.0.7',
  type: 'PowerMeter',
  vendor: 'Acme',
  location: 'Hall 1',
  clientName: 'Client A',
  authType: 'form',
  authConfig: {
    username: 'operator',
    password: SECRET,
    loginUrl: '/meter/login',
    usernameSelector: '#username',
    passwordSelector: '#password',
    submitSelector: '#login-submit',
  },
  scrapingConfig: { path: '/meter/dashboard', valueSelector: '#energy-kwh', powerSelector: '#power' },
  pollInterval: 15,
  pricePerKwh: 0.25,
  ...overrides,
});

function issuesOf(result: Result<unknown>): string[] {
  expect(result.ok).toBe(false);
  if (result.ok) return [];
  expect(result.error.code).toBe('VALIDATION');
  return ((result.error.details as { issues: { field: string }[] }).issues ?? []).map((i) => i.field);
}

describe('consumption-monitor endpoints', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.dispose();
  });

  it('creates, reads, replaces, patches and deletes an endpoint', async () => {
    const created = await h.data<EndpointView>('POST', '/endpoints', { body: formMeter() });
    expect(created).toMatchObject({ name: 'Rack A3 sub-meter', ipAddress: '10.0.0.7', authType: 'form', hasPassword: true, enabled: true, pricePerKwh: 0.25 });
    expect(created.authConfig).toEqual({
      username: 'operator',
      loginUrl: '/meter/login',
      usernameSelector: '#username',
      passwordSelector: '#password',
      submitSelector: '#login-submit',
    });
    expect(await h.data('GET', `/endpoints/${created.id}`)).toEqual(created);
    expect((await h.data<EndpointView[]>('GET', '/endpoints')).map((e) => e.id)).toContain(created.id);

    // PUT replaces: omitted optional fields take their defaults; the omitted password is kept.
    const { password: _omitted, ...authWithoutPassword } = formMeter().authConfig;
    const replaced = await h.data<EndpointView>('PUT', `/endpoints/${created.id}`, {
      body: { ...formMeter({ pricePerKwh: undefined, vendor: undefined }), authConfig: authWithoutPassword },
    });
    expect(replaced).toMatchObject({ vendor: null, pricePerKwh: null, hasPassword: true });

    // PATCH changes only what is given.
    const patched = await h.data<EndpointView>('PATCH', `/endpoints/${created.id}`, { body: { pollInterval: 60, enabled: false } });
    expect(patched).toMatchObject({ pollInterval: 60, enabled: false, name: 'Rack A3 sub-meter', hasPassword: true, clientName: 'Client A' });

    // An explicit null removes the password, or another authConfig key.
    const cleared = await h.data<EndpointView>('PATCH', `/endpoints/${created.id}`, { body: { authConfig: { password: null, loginUrl: null } } });
    expect(cleared.hasPassword).toBe(false);
    expect(cleared.authConfig).toEqual({ username: 'operator', usernameSelector: '#username', passwordSelector: '#password', submitSelector: '#login-submit' });

    expect(await h.data('DELETE', `/endpoints/${created.id}`)).toEqual({ deleted: true, id: created.id });
    const gone = await h.call('GET', `/endpoints/${created.id}`);
    expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('names every bad field and writes nothing', async () => {
    const before = await h.data<EndpointView[]>('GET', '/endpoints');
    const result = await h.call('POST', '/endpoints', {
      body: {
        name: '',
        ipAddress: 'not a host',
        type: 'Toaster',
        authType: 'kerberos',
        pollInterval: 0,
        pricePerKwh: -1,
        enabled: 'yes',
        colour: 'red',
        scrapingConfig: { valueSelector: '#kwh', valueRegex: '([0-9', steps: [{ type: 'click' }, { type: 'teleport' }] },
      },
    });
    expect(issuesOf(result).sort()).toEqual(
      [
        'body.authType',
        'body.colour',
        'body.enabled',
        'body.ipAddress',
        'body.name',
        'body.pollInterval',
        'body.pricePerKwh',
        'body.scrapingConfig.steps[0].selector',
        'body.scrapingConfig.steps[1].type',
        'body.scrapingConfig.valueRegex',
        'body.type',
      ].sort(),
    );
    if (!result.ok) expect(result.error.message).toContain('body.ipAddress: expected an IP address, a host name or an http(s) URL');
    expect(await h.data('GET', '/endpoints')).toEqual(before);
  });

  it('checks rules across fields, on create and on the endpoint as an update would leave it', async () => {
    const noSelectors = await h.call('POST', '/endpoints', { body: formMeter({ authConfig: { username: 'u', password: 'p' } }) });
    expect(issuesOf(noSelectors).sort()).toEqual(['body.authConfig.passwordSelector', 'body.authConfig.submitSelector', 'body.authConfig.usernameSelector']);

    const noCounter = await h.call('POST', '/endpoints', { body: formMeter({ scrapingConfig: {} }) });
    expect(issuesOf(noCounter)).toEqual(['body.scrapingConfig.valueSelector']);
    // Disabled, an endpoint without a counter is fine: e.g. one that only receives imports.
    const importOnly = await h.data<EndpointView>('POST', '/endpoints', { body: { name: 'Utility meter', ipAddress: 'https://utility.example/portal', enabled: false } });
    expect(importOnly).toMatchObject({ type: 'PowerMeter', authType: 'none', pollInterval: 15, hasPassword: false });
    const enable = await h.call('PATCH', `/endpoints/${importOnly.id}`, { body: { enabled: true } });
    expect(issuesOf(enable)).toEqual(['body.scrapingConfig.valueSelector']);
    expect((await h.data<EndpointView>('GET', `/endpoints/${importOnly.id}`)).enabled).toBe(false);

    const secretKey = await h.call('POST', '/endpoints', { body: formMeter({ authConfig: { ...formMeter().authConfig, token: 'abc' } }) });
    expect(issuesOf(secretKey)).toEqual(['body.authConfig.token']);

    const missing = await h.call('PATCH', '/endpoints/999999', { body: { enabled: false } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('accepts an IP, a host with a port, an IPv6 address and a full URL, and NxForge-style steps', async () => {
    for (const ipAddress of ['192.168.1.20', 'pdu-3.local:8080', 'fe80::1', 'https://meter.example/status?page=2']) {
      const e = await h.data<EndpointView>('POST', '/endpoints', { body: formMeter({ name: `Meter ${ipAddress}`, ipAddress }) });
      expect(e.ipAddress).toBe(ipAddress);
    }
    const nx = await h.data<EndpointView>('POST', '/endpoints', {
      body: formMeter({
        name: 'NxForge import',
        scrapingConfig: {
          steps: [
            { type: 'goto', value: '/meter/dashboard' },
            { type: 'wait', value: 500 },
            { type: 'waitForSelector', selector: '#readings', timeout: 5000 },
            { type: 'extract', name: 'totalKwh', selector: '#energy-kwh' },
          ],
        },
      }),
    });
    expect(nx.scrapingConfig.steps).toEqual([
      { type: 'goto', url: '/meter/dashboard' },
      { type: 'wait', ms: 500 },
      { type: 'waitForSelector', selector: '#readings', timeout: 5000 },
      { type: 'extract', name: 'totalKwh', selector: '#energy-kwh' },
    ]);
  });

  it('keeps client default prices and lists clients', async () => {
    await h.data('POST', '/endpoints', { body: formMeter({ name: 'Client B meter', clientName: 'Client B', pricePerKwh: null }) });
    expect(await h.data('PUT', `/clients/${encodeURIComponent('Client B')}/price`, { body: { pricePerKwh: 0.31 } })).toMatchObject({
      clientName: 'Client B',
      pricePerKwh: 0.31,
      endpoints: 1,
    });
    const clients = await h.data<{ clientName: string; pricePerKwh: number | null }[]>('GET', '/clients');
    expect(clients.find((c) => c.clientName === 'Client B')?.pricePerKwh).toBe(0.31);
    expect(issuesOf(await h.call('PUT', '/clients/Client%20B/price', { body: { pricePerKwh: -2 } }))).toEqual(['body.pricePerKwh']);
    await h.data('PUT', `/clients/${encodeURIComponent('Client B')}/price`, { body: { pricePerKwh: null } });
    expect((await h.data<{ clientName: string; pricePerKwh: number | null }[]>('GET', '/clients')).find((c) => c.clientName === 'Client B')?.pricePerKwh).toBeNull();
  });

  it('stores the password encrypted, never answers it, and deletes it with the endpoint', async () => {
    const e = await h.data<EndpointView>('POST', '/endpoints', { body: formMeter({ name: 'Secret meter' }) });
    // A patch of the password alone keeps the rest of authConfig.
    const patched = await h.data<EndpointView>('PATCH', `/endpoints/${e.id}`, { body: { authConfig: { password: NEW_SECRET } } });
    expect(patched.authConfig).toEqual(e.authConfig);
    const rows = () =>
      h.core.db.sqlite.prepare('select key, ciphertext from secrets where scope = ?').all(MODULE) as { key: string; ciphertext: Buffer }[];
    const stored = rows().find((r) => r.key === `endpoint:${e.id}:password`);
    expect(stored).toBeTruthy();
    expect(stored!.ciphertext.toString('latin1')).not.toContain(NEW_SECRET);
    const table = h.core.db.sqlite.prepare('select * from consumption_monitor__endpoints').all();
    expect(JSON.stringify(table)).not.toContain(SECRET);
    expect(JSON.stringify(table)).not.toContain(NEW_SECRET);

    // Every route's answer, successes and errors alike.
    const answers = await Promise.all([
      h.call('GET', '/endpoints'),
      h.call('GET', `/endpoints/${e.id}`),
      h.call('PATCH', `/endpoints/${e.id}`, { body: { location: 'Hall 2' } }),
      h.call('PUT', `/endpoints/${e.id}`, { body: formMeter({ name: 'Secret meter' }) }),
      h.call('POST', '/endpoints', { body: formMeter({ name: '' }) }),
      h.call('GET', '/live'),
      h.call('GET', '/clients'),
      h.call('GET', '/monthly-summary'),
      h.call('GET', '/readings', { query: { endpointId: String(e.id) } }),
      h.call('GET', '/export', { query: { kind: 'readings' } }),
      h.call('GET', '/export', { query: { kind: 'monthly' } }),
    ]);
    const routes = await h.core.router.call({ module: 'core', method: 'GET', path: '/routes', query: { module: MODULE } });
    for (const answer of [...answers, routes]) {
      const text = JSON.stringify(answer);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(NEW_SECRET);
    }
    expect(answers[3]).toMatchObject({ ok: true, data: { hasPassword: true } });

    await h.data('DELETE', `/endpoints/${e.id}`);
    expect(rows().some((r) => r.key.startsWith(`endpoint:${e.id}:`))).toBe(false);
  });
});
