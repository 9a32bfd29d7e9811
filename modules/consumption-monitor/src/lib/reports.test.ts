import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClientPrice } from './endpoints';
import { ingestReadings } from './ingest';
import { live, monthlySummary, summary } from './reports';
import { addEndpoint, at, openTestDb, type TestDb } from './test-db';
import type { ReadingInput } from './types';

let t: TestDb;
beforeEach(() => {
  t = openTestDb();
});
afterEach(() => t.close());

const hourly = (endpointId: number, fromIso: string, toIso: string, kwhPerHour: number): ReadingInput[] => {
  const out: ReadingInput[] = [];
  for (let ts = at(fromIso), i = 0; ts <= at(toIso); ts += 3_600_000, i++) out.push({ endpointId, ts, totalKwh: i * kwhPerHour });
  return out;
};

describe('monthlySummary', () => {
  it('prices each endpoint with its own price, else its client’s, and totals per client', () => {
    const a = addEndpoint(t.db, { name: 'A', clientName: 'Acme', price: 0.3 });
    const b = addEndpoint(t.db, { name: 'B', clientName: 'Acme' });
    const c = addEndpoint(t.db, { name: 'C', clientName: 'Beta' });
    const d = addEndpoint(t.db, { name: 'D', price: 0.25 });
    setClientPrice(t.db, 'Acme', 0.2);
    const edges = (id: number, start: number, end: number): ReadingInput[] => [
      { endpointId: id, ts: at('2025-03-01T00:00Z'), totalKwh: start },
      { endpointId: id, ts: at('2025-04-01T00:00Z'), totalKwh: end },
    ];
    ingestReadings(t.db, [
      ...edges(a, 0, 100),
      ...edges(b, 1000, 1200),
      ...edges(c, 50, 80),
      // D starts reading on 03-10: 10 → 20, incomplete.
      { endpointId: d, ts: at('2025-03-10T00:00Z'), totalKwh: 10 },
      { endpointId: d, ts: at('2025-04-01T00:00Z'), totalKwh: 20 },
    ]);
    const s = monthlySummary(t.db, 2025, 3, 'UTC');
    // A: 100 × 0.30 = 30. B: 200 × 0.20 (Acme's) = 40. C: no price. D: 10 × 0.25 = 2.5.
    expect(s.endpoints).toEqual([
      { endpointId: a, name: 'A', clientName: 'Acme', consumptionKwh: 100, complete: true, pricePerKwh: 0.3, cost: 30, gapWarning: false },
      { endpointId: b, name: 'B', clientName: 'Acme', consumptionKwh: 200, complete: true, pricePerKwh: 0.2, cost: 40, gapWarning: false },
      { endpointId: c, name: 'C', clientName: 'Beta', consumptionKwh: 30, complete: true, pricePerKwh: null, cost: null, gapWarning: false },
      { endpointId: d, name: 'D', clientName: null, consumptionKwh: 10, complete: false, pricePerKwh: 0.25, cost: 2.5, gapWarning: false },
    ]);
    // Acme: 300 kWh, 30 + 40 = 70. Beta: 30 kWh, no cost. No client: 10 kWh, 2.5.
    expect(s.clients).toEqual([
      { clientName: 'Acme', consumptionKwh: 300, cost: 70, endpoints: 2, complete: true },
      { clientName: 'Beta', consumptionKwh: 30, cost: null, endpoints: 1, complete: true },
      { clientName: null, consumptionKwh: 10, cost: 2.5, endpoints: 1, complete: false },
    ]);
    // 100 + 200 + 30 + 10 = 340 kWh; known costs 30 + 40 + 2.5 = 72.5.
    expect(s).toMatchObject({ year: 2025, month: 3, totalKwh: 340, totalCost: 72.5 });
  });

  it('flags a month edge interpolated across a long gap when maxGapHours is given', () => {
    const a = addEndpoint(t.db);
    ingestReadings(t.db, [
      { endpointId: a, ts: at('2025-02-20T00:00Z'), totalKwh: 0 },
      { endpointId: a, ts: at('2025-03-05T00:00Z'), totalKwh: 13 },
      { endpointId: a, ts: at('2025-04-01T00:00Z'), totalKwh: 40 },
    ]);
    expect(monthlySummary(t.db, 2025, 3, 'UTC', { maxGapHours: 72 }).endpoints[0]!.gapWarning).toBe(true);
    expect(monthlySummary(t.db, 2025, 3, 'UTC').endpoints[0]!.gapWarning).toBe(false);
  });
});

describe('summary', () => {
  beforeEach(() => {
    // Two meters, 1 and 2 kWh an hour, hourly from 02-20 00:00Z to 04-10 00:00Z: 3 kWh an hour in all.
    const one = addEndpoint(t.db);
    const two = addEndpoint(t.db);
    ingestReadings(t.db, [...hourly(one, '2025-02-20T00:00Z', '2025-04-10T00:00Z', 1), ...hourly(two, '2025-02-20T00:00Z', '2025-04-10T00:00Z', 2)]);
  });

  it('sums weeks starting on Monday in the app zone, the DST week one hour short', () => {
    const weeks = summary(t.db, 'week', at('2025-03-05T12:00Z'), at('2025-03-31T00:00Z'), 'Europe/Berlin');
    // 168 h × 3 = 504 kWh a week; the week of 03-24 holds 03-30 (23 h): 167 × 3 = 501. 03-31 00:00Z is
    // 02:00 local on Monday 03-31, so that week is listed too.
    expect(weeks).toEqual([
      { start: '2025-03-03T00:00:00+01:00', consumptionKwh: 504, complete: true },
      { start: '2025-03-10T00:00:00+01:00', consumptionKwh: 504, complete: true },
      { start: '2025-03-17T00:00:00+01:00', consumptionKwh: 504, complete: true },
      { start: '2025-03-24T00:00:00+01:00', consumptionKwh: 501, complete: true },
      { start: '2025-03-31T00:00:00+02:00', consumptionKwh: 504, complete: true },
    ]);
  });

  it('sums months, incomplete where the data starts or stops inside', () => {
    const months = summary(t.db, 'month', at('2025-01-15T00:00Z'), at('2025-04-15T00:00Z'), 'Europe/Berlin');
    // January: no meter has a reading in or around it → 0, incomplete.
    // February: from the first reading (02-20 00:00Z) to 03-01 00:00 CET (02-28 23:00Z): 215 h × 3 = 645.
    // March: 743 h × 3 = 2229. April: from 03-31 22:00Z to the last reading 04-10 00:00Z: 218 h × 3 = 654.
    expect(months).toEqual([
      { start: '2025-01-01T00:00:00+01:00', consumptionKwh: 0, complete: false },
      { start: '2025-02-01T00:00:00+01:00', consumptionKwh: 645, complete: false },
      { start: '2025-03-01T00:00:00+01:00', consumptionKwh: 2229, complete: true },
      { start: '2025-04-01T00:00:00+02:00', consumptionKwh: 654, complete: false },
    ]);
  });

  it('sums local hours and days', () => {
    // 03-30 in Berlin: 01:00 CET is 00:00Z; the next local hour is 03:00 CEST (01:00Z).
    expect(summary(t.db, 'hour', at('2025-03-30T00:00Z'), at('2025-03-30T02:00Z'), 'Europe/Berlin')).toEqual([
      { start: '2025-03-30T01:00:00+01:00', consumptionKwh: 3, complete: true },
      { start: '2025-03-30T03:00:00+02:00', consumptionKwh: 3, complete: true },
    ]);
    const days = summary(t.db, 'day', at('2025-03-29T12:00Z'), at('2025-03-31T12:00Z'), 'Europe/Berlin');
    expect(days.map((d) => d.consumptionKwh)).toEqual([72, 69, 72]);
    expect(summary(t.db, 'year', at('2025-06-01T00:00Z'), at('2025-06-02T00:00Z'), 'UTC')).toEqual([
      { start: '2025-01-01T00:00:00+00:00', consumptionKwh: 3 * (49 * 24), complete: false },
    ]);
  });
});

describe('live', () => {
  it('reports each endpoint’s status, latest reading, power and consumption this month', () => {
    const ok = addEndpoint(t.db, { name: 'ok' });
    const failing = addEndpoint(t.db, { name: 'failing' });
    const stale = addEndpoint(t.db, { name: 'stale' });
    const never = addEndpoint(t.db, { name: 'never' });
    const now = at('2025-03-15T12:00Z');
    ingestReadings(t.db, [
      // Month start: 100 at 02-28 23:30, 102 at 03-01 00:30 → 101 at midnight. Latest 500 at 11:50 → 399.
      { endpointId: ok, ts: at('2025-02-28T23:30Z'), totalKwh: 100 },
      { endpointId: ok, ts: at('2025-03-01T00:30Z'), totalKwh: 102 },
      { endpointId: ok, ts: at('2025-03-15T11:50Z'), totalKwh: 500, power: 1500, voltage: 230 },
      { endpointId: failing, ts: at('2025-03-15T11:30Z'), totalKwh: 10, power: 200 },
      { endpointId: failing, ts: at('2025-03-15T11:45Z'), totalKwh: null, success: false, error: 'timeout' },
      // Last read at 09:00: more than 3 × 15 minutes ago. First reading this month: incomplete.
      { endpointId: stale, ts: at('2025-03-05T00:00Z'), totalKwh: 7 },
      { endpointId: stale, ts: at('2025-03-15T09:00Z'), totalKwh: 9 },
    ]);
    const rows = live(t.db, 'UTC', now);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName.ok).toMatchObject({ endpointId: ok, status: 'ok', power: 1500, monthToDateKwh: 399, monthComplete: true });
    expect(byName.ok!.lastReading).toEqual({ ts: at('2025-03-15T11:50Z'), totalKwh: 500, power: 1500, voltage: 230, current: null, powerFactor: null, success: true, error: null });
    expect(byName.failing).toMatchObject({ status: 'failing', power: null, monthToDateKwh: 0, monthComplete: false });
    expect(byName.failing!.lastReading).toMatchObject({ success: false, error: 'timeout' });
    expect(byName.stale).toMatchObject({ status: 'stale', monthToDateKwh: 2, monthComplete: false });
    expect(byName.never).toMatchObject({ endpointId: never, status: 'never', lastReading: null, power: null, monthToDateKwh: 0 });
  });
});
