import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src/shared/contract';
import { isDue } from '../../modules/consumption-monitor/src/server/due';
import { MODULE, startHarness, type Harness } from './harness';

/**
 * Report, export, import and cleanup routes over readings imported into real endpoints. Meter A
 * uses 1 kWh and meter B 2 kWh every hour from 2025-02-28 00:00Z to 2025-04-02 00:00Z.
 */

const HOUR = 3_600_000;
const START = Date.UTC(2025, 1, 28);
const END = Date.UTC(2025, 3, 2);

function hourlyCsv(kwhPerHour: number): string {
  const lines = ['timestamp,totalKwh'];
  for (let ts = START, kwh = 1000; ts <= END; ts += HOUR, kwh += kwhPerHour) lines.push(`${new Date(ts).toISOString()},${kwh}`);
  return lines.join('\n') + '\n';
}

interface Monthly {
  consumptionKwh: number;
  complete: boolean;
  startKwh: number | null;
  days: { date: string; consumptionKwh: number; complete: boolean }[];
}
interface MonthlySummary {
  endpoints: { endpointId: number; consumptionKwh: number; complete: boolean; pricePerKwh: number | null; cost: number | null }[];
  clients: { clientName: string | null; consumptionKwh: number; cost: number | null }[];
  totalKwh: number;
  totalCost: number | null;
  currency: string;
  timeZone: string;
}

describe('reports, export, import and cleanup', () => {
  let h: Harness;
  let a: number;
  let b: number;
  let c: number;
  const events: AppEvent[] = [];

  beforeAll(async () => {
    h = await startHarness();
    h.core.settings.set('timezone', 'UTC');
    h.core.events.subscribe(`${MODULE}:readings`, (event) => events.push(event));
    const add = async (body: Record<string, unknown>) => (await h.data<{ id: number }>('POST', '/endpoints', { body: { ipAddress: '10.0.0.1', enabled: false, ...body } })).id;
    a = await add({ name: 'Meter A', clientName: 'Client A', pricePerKwh: 0.2 });
    b = await add({ name: 'Meter B', clientName: 'Client B' });
    c = await add({ name: 'Meter C' });
    await h.data('PUT', '/clients/Client%20B/price', { body: { pricePerKwh: 0.3 } });
    for (const [id, rate] of [
      [a, 1],
      [b, 2],
    ] as const) {
      const report = await h.data<{ inserted: number; rejected: unknown[] }>('POST', '/import', { body: { endpointId: id, format: 'csv', content: hourlyCsv(rate) } });
      expect(report).toMatchObject({ inserted: 793, rejected: [] });
    }
  }, 120_000);

  afterAll(async () => {
    await h?.dispose();
  });

  it('pushes a readings event after an import', () => {
    const imports = events.filter((e) => (e.payload as { source: string }).source === 'import');
    expect(imports.map((e) => (e.payload as { endpointIds: number[] }).endpointIds)).toEqual([[a], [b]]);
    expect((imports[1]!.payload as { live: { endpointId: number }[] }).live.map((l) => l.endpointId).sort()).toEqual([a, b, c].sort());
  });

  it('answers a month per endpoint with its days, in the app’s time zone, following a change of it', async () => {
    const utc = await h.data<Monthly & { endpointId: number; year: number; month: number; endKwh: number }>('GET', `/monthly/${a}`, { query: { year: '2025', month: '3' } });
    expect(utc).toMatchObject({ endpointId: a, year: 2025, month: 3, consumptionKwh: 744, startKwh: 1024, endKwh: 1768, complete: true });
    expect(utc.days).toHaveLength(31);
    expect(utc.days.every((d) => d.consumptionKwh === 24 && d.complete)).toBe(true);

    await h.core.router.call({ module: 'core', method: 'PUT', path: '/settings/timezone', body: { value: 'Europe/Berlin' } });
    const berlin = await h.data<Monthly>('GET', `/monthly/${a}`, { query: { year: '2025', month: '3' } });
    // 28 Feb 23:00Z to 31 Mar 22:00Z: 743 hours, and 30 March has 23.
    expect(berlin).toMatchObject({ consumptionKwh: 743, startKwh: 1023, complete: true });
    expect(berlin.days.find((d) => d.date === '2025-03-30')?.consumptionKwh).toBe(23);
    await h.core.router.call({ module: 'core', method: 'PUT', path: '/settings/timezone', body: { value: 'UTC' } });

    const bad = await h.call('GET', `/monthly/${a}`, { query: { year: '2025' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!bad.ok) expect(bad.error.message).toContain('query.month');
    expect(await h.call('GET', '/monthly/9999', { query: { year: '2025', month: '3' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('sums a month per endpoint and client, with the endpoint’s, the client’s or the default price', async () => {
    const summary = await h.data<MonthlySummary>('GET', '/monthly-summary', { query: { year: '2025', month: '3' } });
    expect(summary).toMatchObject({ totalKwh: 2232, totalCost: 595.2, currency: 'EUR', timeZone: 'UTC' });
    const byId = new Map(summary.endpoints.map((e) => [e.endpointId, e]));
    expect(byId.get(a)).toMatchObject({ consumptionKwh: 744, pricePerKwh: 0.2, cost: 148.8, complete: true });
    expect(byId.get(b)).toMatchObject({ consumptionKwh: 1488, pricePerKwh: 0.3, cost: 446.4, complete: true });
    expect(byId.get(c)).toMatchObject({ consumptionKwh: 0, pricePerKwh: null, cost: null, complete: false });
    expect(summary.clients.find((x) => x.clientName === 'Client B')).toMatchObject({ consumptionKwh: 1488, cost: 446.4 });

    await h.core.router.call({ module: 'core', method: 'PUT', path: `/modules/${MODULE}/settings`, body: { values: { defaultPricePerKwh: 0.1, currency: 'CHF' } } });
    const priced = await h.data<MonthlySummary>('GET', '/monthly-summary', { query: { year: '2025', month: '3' } });
    expect(priced).toMatchObject({ currency: 'CHF', totalCost: 595.2 });
    expect(priced.endpoints.find((e) => e.endpointId === c)).toMatchObject({ pricePerKwh: 0.1, cost: 0 });
    expect(priced.endpoints.find((e) => e.endpointId === a)?.pricePerKwh).toBe(0.2);
    // The monthly CSV prices with the same default.
    const csv = await h.data<{ content: string }>('GET', '/export', { query: { kind: 'monthly', year: '2025', month: '3' } });
    const lines = csv.content.split(/\r?\n/).map((l) => l.split(','));
    const header = lines[0] ?? [];
    const rowOf = (id: number) => lines.find((l) => l[0] === 'endpoint' && l[1] === String(id)) ?? [];
    expect(rowOf(c)[header.indexOf('pricePerKwh')]).toBe('0.1');
    expect(rowOf(a)[header.indexOf('pricePerKwh')]).toBe('0.2');
  });

  it('totals periods across endpoints, with times as ISO 8601, dates or epoch ms', async () => {
    const days = await h.data<{ period: string; periods: { start: string; consumptionKwh: number; complete: boolean }[] }>('GET', '/summary', {
      query: { period: 'day', from: '2025-03-01', to: String(Date.UTC(2025, 2, 3)) },
    });
    expect(days.periods).toEqual([
      { start: '2025-03-01T00:00:00+00:00', consumptionKwh: 72, complete: true },
      { start: '2025-03-02T00:00:00+00:00', consumptionKwh: 72, complete: true },
    ]);
    const months = await h.data<{ periods: { start: string; consumptionKwh: number }[] }>('GET', '/summary', {
      query: { period: 'month', from: '2025-03-01T00:00:00Z', to: '2025-04-01T00:00:00+00:00' },
    });
    expect(months.periods).toEqual([{ start: '2025-03-01T00:00:00+00:00', consumptionKwh: 2232, complete: true }]);

    const noOffset = await h.call('GET', '/summary', { query: { period: 'day', from: '2025-03-01T00:00:00', to: 'soon' } });
    expect(noOffset.ok).toBe(false);
    if (!noOffset.ok) {
      expect((noOffset.error.details as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual(['query.from', 'query.to']);
      expect(noOffset.error.message).toContain('needs an offset');
    }
    const badPeriod = await h.call('GET', '/summary', { query: { period: 'fortnight' } });
    expect(badPeriod).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('pages raw readings with a cursor and draws a series from them', async () => {
    const query = { endpointId: String(a), from: '2025-03-01T00:00:00Z', to: '2025-03-02T00:00:00Z', limit: '10' };
    const first = await h.data<{ readings: { ts: number; totalKwh: number }[]; nextCursor: string }>('GET', '/readings', { query });
    expect(first.readings.map((r) => r.ts)).toEqual(Array.from({ length: 10 }, (_, i) => Date.UTC(2025, 2, 1, 23 - i)));
    const second = await h.data<{ readings: { ts: number }[]; nextCursor: string | null }>('GET', '/readings', { query: { ...query, cursor: first.nextCursor } });
    expect(second.readings[0]!.ts).toBe(Date.UTC(2025, 2, 1, 13));
    const last = await h.data<{ readings: { ts: number }[]; nextCursor: string | null }>('GET', '/readings', { query: { ...query, cursor: second.nextCursor!, limit: '100' } });
    expect(last.readings).toHaveLength(4);
    expect(last.nextCursor).toBeNull();

    const series = await h.data<{ total: number; points: { ts: number; value: number }[] }>('GET', '/series', {
      query: { endpointId: String(a), metric: 'totalKwh', from: '2025-03-01T00:00:00Z', to: '2025-03-02T00:00:00Z', maxPoints: '4' },
    });
    expect(series.total).toBe(24);
    expect(series.points.length).toBeLessThanOrEqual(4);
    expect(series.points[0]).toEqual({ ts: Date.UTC(2025, 2, 1), value: 1024 });
    expect(series.points.at(-1)).toEqual({ ts: Date.UTC(2025, 2, 1, 23), value: 1047 });
  });

  it('exports readings and a billing month as CSV files', async () => {
    const readings = await h.data<{ filename: string; contentType: string; content: string }>('GET', '/export', {
      query: { kind: 'readings', endpointId: String(a), from: '2025-03-01', to: '2025-03-02' },
    });
    expect(readings.filename).toBe('readings-meter-a-2025-03-01-to-2025-03-02.csv');
    expect(readings.contentType).toBe('text/csv');
    expect(readings.content.trim().split('\r\n')).toHaveLength(25);
    const month = await h.data<{ filename: string; content: string }>('GET', '/export', { query: { kind: 'monthly', year: '2025', month: '3' } });
    expect(month.filename).toBe('consumption-2025-03.csv');
    expect(month.content).toContain('Meter A');
    expect(await h.call('GET', '/export', { query: { kind: 'readings', endpointId: '9999' } })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('refuses a bad import file and changes nothing', async () => {
    const before = await h.data<{ readings: unknown[] }>('GET', '/readings', { query: { endpointId: String(c) } });
    const bad = await h.call('POST', '/import', { body: { endpointId: c, format: 'csv', content: 'when,energy\n2025-03-01T00:00:00Z,5\n' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const wrongShape = await h.call('POST', '/import', { body: { endpointId: c, format: 'pdf', content: 'x' } });
    expect(wrongShape.ok).toBe(false);
    if (!wrongShape.ok) expect(wrongShape.error.message).toContain('body.format');
    expect(await h.data('GET', '/readings', { query: { endpointId: String(c) } })).toEqual(before);
  });

  it('cleans up raw readings past retention and keeps every report of them', async () => {
    const monthlyBefore = await h.data<Monthly>('GET', `/monthly/${a}`, { query: { year: '2025', month: '3' } });
    const summaryBefore = await h.data<MonthlySummary>('GET', '/monthly-summary', { query: { year: '2025', month: '3' } });
    const run = await h.runJob('cleanup-readings', { retentionDays: 365 });
    expect(run.status).toBe('succeeded');
    expect(run.result).toMatchObject({ deleted: 2 * 793, retentionDays: 365 });
    expect(await h.data('GET', '/readings', { query: { endpointId: String(a) } })).toEqual({ readings: [], nextCursor: null });
    expect(await h.data('GET', `/monthly/${a}`, { query: { year: '2025', month: '3' } })).toEqual(monthlyBefore);
    expect(await h.data('GET', '/monthly-summary', { query: { year: '2025', month: '3' } })).toEqual(summaryBefore);
    // The live view still knows the last reading from the rollup.
    const live = await h.data<{ endpointId: number; lastReading: { totalKwh: number } | null }[]>('GET', '/live');
    expect(live.find((e) => e.endpointId === a)?.lastReading?.totalKwh).toBe(1792);
  });
});

describe('which endpoints are due', () => {
  const now = Date.UTC(2026, 0, 1, 12, 15, 0);
  it('reads an endpoint never read, and one whose interval has passed, allowing for the time a read takes', () => {
    expect(isDue(15, null, now)).toBe(true);
    // Read at 12:00:07 by the previous run; the 12:15 run counts it due.
    expect(isDue(15, now - 15 * 60_000 + 7000, now)).toBe(true);
    expect(isDue(15, now - 5 * 60_000, now)).toBe(false);
    expect(isDue(60, now - 15 * 60_000, now)).toBe(false);
    expect(isDue(60, now - 59 * 60_000, now)).toBe(true);
    // A one-minute interval allows half of it.
    expect(isDue(1, now - 29_000, now)).toBe(false);
    expect(isDue(1, now - 30_000, now)).toBe(true);
  });
});
