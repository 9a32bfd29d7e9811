import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

/**
 * POST /import and GET /export through the real router and module host, with the module built
 * by its own build (which bundles the XML parser): a utility's Green Button file becomes a
 * billing month, a bad file changes nothing, and an export imports back.
 */

const MARCH_2011 = readFileSync('/work/shared/testdata/greenbutton/hourlyForMonthMar.xml', 'utf8');

interface ImportReport {
  inserted: number;
  updated: number;
  rejected: Array<{ line: number; reason: string }>;
  source?: { meterReading: { title: string } };
}

describe('consumption-monitor import and export', () => {
  let h: Harness;
  let house: number;
  let copy: number;

  beforeAll(async () => {
    h = await startHarness();
    const zone = await h.core.router.call({ module: 'core', method: 'PUT', path: '/settings/timezone', body: { value: 'America/New_York' } });
    expect(zone.ok).toBe(true);
    const create = (name: string) => h.data<{ id: number }>('POST', '/endpoints', { body: { name, ipAddress: '127.0.0.1', enabled: false } });
    house = (await create('House')).id;
    copy = (await create('Copy')).id;
  }, 120_000);

  afterAll(async () => {
    await h?.dispose();
  });

  it('imports a Green Button month that the monthly report then bills exactly', async () => {
    const report = await h.data<ImportReport>('POST', '/import', { body: { endpointId: house, format: 'greenbutton', content: MARCH_2011 } });
    expect(report).toMatchObject({ inserted: 744, updated: 0, rejected: [], source: { meterReading: { title: 'Hourly Electricity Consumption' } } });
    const month = await h.data<{ consumptionKwh: number; complete: boolean; days: Array<{ date: string; consumptionKwh: number }> }>('GET', `/monthly/${house}`, {
      query: { year: '2011', month: '3' },
    });
    // 743 IntervalReadings summing to 2 278 213 Wh; the 13th (DST) has 23 of them, 81 535 Wh.
    expect(month.consumptionKwh).toBe(2278.213);
    expect(month.complete).toBe(true);
    expect(month.days.find((d) => d.date === '2011-03-13')!.consumptionKwh).toBe(81.535);
  });

  it('answers a bad file with VALIDATION and leaves the readings as they were', async () => {
    const before = await h.data<{ content: string }>('GET', '/export', { query: { kind: 'readings', endpointId: String(house) } });
    const truncated = await h.call('POST', '/import', { body: { endpointId: house, format: 'greenbutton', content: MARCH_2011.slice(0, 90_000) } });
    expect(truncated).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const wrongColumns = await h.call('POST', '/import', { body: { endpointId: house, format: 'csv', content: 'date,kwh\n2011-03-02,5\n' } });
    expect(wrongColumns).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const after = await h.data<{ content: string }>('GET', '/export', { query: { kind: 'readings', endpointId: String(house) } });
    expect(after.content).toBe(before.content);
  });

  it('exports readings that import back into another endpoint, and a monthly CSV', async () => {
    const exported = await h.data<{ content: string }>('GET', '/export', { query: { kind: 'readings', endpointId: String(house) } });
    expect(exported.content.split('\r\n')[1]).toBe(`${house},House,2011-03-01T00:00:00-05:00,0,,,,,true,`);
    const report = await h.data<ImportReport>('POST', '/import', { body: { endpointId: copy, format: 'csv', content: exported.content } });
    expect(report).toMatchObject({ inserted: 744, rejected: [] });
    const monthly = await h.data<{ content: string }>('GET', '/export', { query: { kind: 'monthly', year: '2011', month: '3' } });
    const rows = monthly.content.split('\r\n');
    expect(rows[0]).toBe('kind,endpointId,endpoint,client,consumptionKwh,startKwh,endKwh,complete,pricePerKwh,cost');
    expect(rows).toContain(`endpoint,${copy},Copy,,2278.213,0,2278.213,true,,`);
    expect(rows).toContain(`endpoint,${house},House,,2278.213,0,2278.213,true,,`);
    expect(rows).toContain('total,,,,4556.426,,,true,,');
  });
});
