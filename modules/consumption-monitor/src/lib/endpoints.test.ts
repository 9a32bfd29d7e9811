import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEndpoint, deleteEndpoint, getEndpoint, listClientPrices, listEndpoints, setClientPrice, updateEndpoint } from './endpoints';
import { ingestReadings } from './ingest';
import { openTestDb, type TestDb } from './test-db';

let t: TestDb;
beforeEach(() => {
  t = openTestDb();
});
afterEach(() => t.close());

const count = (table: string): number => (t.sqlite.prepare(`SELECT count(*) AS n FROM consumption_monitor__${table}`).get() as { n: number }).n;

describe('endpoints repository', () => {
  it('creates with defaults, reads, updates some fields and lists', () => {
    const e = createEndpoint(t.db, { name: 'Rack 12 PDU', ipAddress: '10.1.2.3', clientName: 'Acme', scrapingConfig: { steps: [{ type: 'goto' }] } }, 1000);
    expect(e).toEqual({
      id: e.id,
      name: 'Rack 12 PDU',
      ipAddress: '10.1.2.3',
      type: 'PowerMeter',
      vendor: null,
      location: null,
      clientName: 'Acme',
      authType: 'none',
      authConfig: {},
      scrapingConfig: { steps: [{ type: 'goto' }] },
      enabled: true,
      pollInterval: 15,
      pricePerKwh: null,
      lastReadAt: null,
      createdAt: 1000,
      updatedAt: 1000,
    });
    const changed = updateEndpoint(t.db, e.id, { enabled: false, pricePerKwh: 0.31, authType: 'form', authConfig: { username: 'ops', passwordSelector: '#pw' } }, 2000);
    expect(changed).toMatchObject({ enabled: false, pricePerKwh: 0.31, authType: 'form', authConfig: { username: 'ops', passwordSelector: '#pw' }, updatedAt: 2000 });
    expect(updateEndpoint(t.db, 999, { name: 'x' })).toBeNull();
    expect(listEndpoints(t.db).map((x) => x.name)).toEqual(['Rack 12 PDU']);
    expect(getEndpoint(t.db, 999)).toBeNull();
  });

  it('refuses secrets in authConfig and values the table forbids', () => {
    expect(() => createEndpoint(t.db, { name: 'x', ipAddress: 'h', authConfig: { password: 'hunter2' } })).toThrow(/secret/);
    expect(() => createEndpoint(t.db, { name: 'x', ipAddress: 'h', pollInterval: 0 })).toThrow(/CHECK/);
  });

  it('keeps the newest successful reading time and deletes readings and rollups with the endpoint', () => {
    const e = createEndpoint(t.db, { name: 'm', ipAddress: 'h' });
    ingestReadings(t.db, [
      { endpointId: e.id, ts: 5000, totalKwh: 1 },
      { endpointId: e.id, ts: 9000, totalKwh: null, success: false },
    ]);
    expect(getEndpoint(t.db, e.id)!.lastReadAt).toBe(5000);
    expect([count('readings'), count('hourly')]).toEqual([2, 1]);
    expect(deleteEndpoint(t.db, e.id)).toBe(true);
    expect([count('readings'), count('hourly')]).toEqual([0, 0]);
  });

  it('sets, changes and removes client default prices', () => {
    setClientPrice(t.db, 'Acme', 0.2);
    setClientPrice(t.db, 'Beta', 0.25);
    setClientPrice(t.db, 'Acme', 0.22);
    setClientPrice(t.db, 'Beta', null);
    expect(listClientPrices(t.db)).toEqual([{ clientName: 'Acme', pricePerKwh: 0.22 }]);
  });
});
