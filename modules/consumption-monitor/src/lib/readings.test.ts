import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consumption, monthly } from './consumption';
import { ingestReadings } from './ingest';
import { deleteRawReadingsBefore, listReadings } from './readings';
import { live, monthlySummary, summary } from './reports';
import { addEndpoint, at, openTestDb, type TestDb } from './test-db';
import type { ReadingInput } from './types';

let t: TestDb;
let meter: number;
beforeEach(() => {
  t = openTestDb();
  meter = addEndpoint(t.db);
});
afterEach(() => t.close());

describe('listReadings', () => {
  it('pages newest first by keyset on the primary key', () => {
    const t0 = at('2025-03-01T00:00Z');
    ingestReadings(
      t.db,
      Array.from({ length: 25 }, (_, i) => ({ endpointId: meter, ts: t0 + i * 60_000, totalKwh: i, raw: { i } })),
    );
    const first = listReadings(t.db, { endpointId: meter, limit: 10 });
    expect(first.readings.map((r) => r.totalKwh)).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15]);
    expect(first.readings[0]).toMatchObject({ endpointId: meter, ts: t0 + 24 * 60_000, success: true, raw: { i: 24 } });
    const second = listReadings(t.db, { endpointId: meter, limit: 10, cursor: first.nextCursor });
    expect(second.readings.map((r) => r.totalKwh)).toEqual([14, 13, 12, 11, 10, 9, 8, 7, 6, 5]);
    const third = listReadings(t.db, { endpointId: meter, limit: 10, cursor: second.nextCursor });
    expect(third.readings.map((r) => r.totalKwh)).toEqual([4, 3, 2, 1, 0]);
    expect(third.nextCursor).toBeNull();
    // [from, to) narrows the range; the cursor pages within it.
    const window = listReadings(t.db, { endpointId: meter, from: t0 + 5 * 60_000, to: t0 + 8 * 60_000, limit: 2 });
    expect(window.readings.map((r) => r.totalKwh)).toEqual([7, 6]);
    expect(listReadings(t.db, { endpointId: meter, from: t0 + 5 * 60_000, to: t0 + 8 * 60_000, limit: 2, cursor: window.nextCursor }).readings.map((r) => r.totalKwh)).toEqual([5]);
  });

  it('refuses a bad cursor or limit and an unknown endpoint', () => {
    expect(() => listReadings(t.db, { endpointId: meter, limit: 10, cursor: 'abc' })).toThrow(/cursor/);
    expect(() => listReadings(t.db, { endpointId: meter, limit: 0 })).toThrow(/limit/);
    expect(() => listReadings(t.db, { endpointId: 999, limit: 10 })).toThrow(/No endpoint/);
  });
});

describe('deleteRawReadingsBefore', () => {
  /** 15-minute readings from 01-01 to 04-10 with an uneven load, a reset on 02-11 and a failed read now and then. */
  function quarterHours(endpointId: number): ReadingInput[] {
    const out: ReadingInput[] = [];
    let kwh = 5000;
    for (let ts = at('2025-01-01T00:07Z'); ts < at('2025-04-10T00:00Z'); ts += 900_000) {
      const hour = new Date(ts).getUTCHours();
      kwh += hour >= 8 && hour < 18 ? 0.75 : 0.2;
      if (ts === at('2025-02-11T10:07Z')) kwh = 3;
      const failed = ts % 7 === 0;
      out.push({ endpointId, ts, totalKwh: failed ? null : Math.round(kwh * 1000) / 1000, success: !failed, power: 800 });
    }
    return out;
  }

  it('keeps every report of the purged months the same', () => {
    const other = addEndpoint(t.db, { clientName: 'Acme', price: 0.2 });
    ingestReadings(t.db, [...quarterHours(meter), ...quarterHours(other)]);
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York'];
    const reports = () => ({
      months: zones.flatMap((z) => [1, 2, 3].map((m) => monthly(t.db, meter, 2025, m, z))),
      summary: monthlySummary(t.db, 2025, 2, 'Europe/Berlin'),
      days: summary(t.db, 'day', at('2025-01-01T00:00Z'), at('2025-04-01T00:00Z'), 'Europe/Berlin'),
      weeks: summary(t.db, 'week', at('2025-01-01T00:00Z'), at('2025-04-01T00:00Z'), 'UTC'),
      reset: consumption(t.db, meter, at('2025-02-11T00:00Z'), at('2025-02-12T00:00Z')),
    });
    const before = reports();
    expect(before.reset.resets).toBe(1);
    const rawBefore = (t.sqlite.prepare('SELECT count(*) AS n FROM consumption_monitor__readings WHERE ts < ?').get(at('2025-03-01T00:00Z')) as { n: number }).n;

    // The cutoff is rounded down to a whole hour: 03-01 00:00Z.
    expect(deleteRawReadingsBefore(t.db, at('2025-03-01T00:40Z'))).toBe(rawBefore);
    expect(listReadings(t.db, { endpointId: meter, to: at('2025-03-01T00:00Z'), limit: 10 }).readings).toEqual([]);
    expect(reports()).toEqual(before);
    expect(live(t.db, 'UTC', at('2025-04-10T00:00Z'))[0]!.lastReading).not.toBeNull();
  });

  it('refuses a late reading from the purged range, which could no longer be recomputed', () => {
    ingestReadings(t.db, quarterHours(meter));
    deleteRawReadingsBefore(t.db, at('2025-03-01T00:00Z'));
    const r = ingestReadings(t.db, [
      { endpointId: meter, ts: at('2025-02-10T00:00Z'), totalKwh: 1 },
      { endpointId: meter, ts: at('2025-03-20T00:00Z'), totalKwh: 9999 },
    ]);
    expect(r.inserted).toBe(1);
    expect(r.rejected).toEqual([{ index: 0, endpointId: meter, ts: at('2025-02-10T00:00Z'), reason: expect.stringMatching(/purged/) }]);
    // A new endpoint has nothing purged: its old history can still be imported.
    const fresh = addEndpoint(t.db);
    expect(ingestReadings(t.db, [{ endpointId: fresh, ts: at('2025-02-10T00:00Z'), totalKwh: 1 }]).inserted).toBe(1);
  });

  it('answers a boundary inside a purged hour from the hour’s first and last readings', () => {
    // Asia/Kolkata midnight is 18:30Z. Readings at 18:00 (0), 18:15 (1), 18:30 (9), 18:45 (10), 19:00 (11).
    const t0 = at('2025-02-28T18:00Z');
    ingestReadings(t.db, [0, 1, 9, 10, 11].map((kwh, i) => ({ endpointId: meter, ts: t0 + i * 900_000, totalKwh: kwh })));
    const from = at('2025-02-28T18:30Z');
    const to = at('2025-02-28T19:00Z');
    // With raw readings: exactly the reading at 18:30 (9) → 11 − 9 = 2.
    expect(consumption(t.db, meter, from, to).consumptionKwh).toBe(2);
    deleteRawReadingsBefore(t.db, at('2025-02-28T19:00Z'));
    // Without them: between the hour's first (18:00, 0) and last (18:45, 10) → 10 × 30/45 = 6.667; 11 − 6.667.
    expect(consumption(t.db, meter, from, to).consumptionKwh).toBeCloseTo(11 - 20 / 3, 6);
  });
});
