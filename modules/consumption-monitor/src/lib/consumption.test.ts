import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consumption, monthly } from './consumption';
import { ingestReadings } from './ingest';
import { addEndpoint, at, openTestDb, type TestDb } from './test-db';
import type { ReadingInput } from './types';

let t: TestDb;
let meter: number;
beforeEach(() => {
  t = openTestDb();
  meter = addEndpoint(t.db);
});
afterEach(() => t.close());

/** `count` readings from `startIso`, every `stepMinutes`, the counter rising `perStep` each time. */
function series(startIso: string, stepMinutes: number, count: number, startKwh: number, perStep: number): ReadingInput[] {
  const t0 = at(startIso);
  return Array.from({ length: count }, (_, i) => ({ endpointId: meter, ts: t0 + i * stepMinutes * 60_000, totalKwh: startKwh + i * perStep }));
}

function points(...pairs: [string, number][]): ReadingInput[] {
  return pairs.map(([iso, totalKwh]) => ({ endpointId: meter, ts: at(iso), totalKwh }));
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('a plain month', () => {
  it('is the counter at the end minus the counter at the start, with readings on both midnights', () => {
    // Hourly readings, 1 kWh an hour, from 2025-02-28 00:00Z (1000 kWh) to 2025-04-02 00:00Z.
    // March has 31 × 24 = 744 hours: start 1000 + 24 = 1024 at 03-01 00:00, end 1024 + 744 = 1768.
    ingestReadings(t.db, series('2025-02-28T00:00:00Z', 60, 33 * 24 + 1, 1000, 1));
    const m = monthly(t.db, meter, 2025, 3, 'UTC');
    expect(m).toMatchObject({ endpointId: meter, year: 2025, month: 3, consumptionKwh: 744, startKwh: 1024, endKwh: 1768, complete: true });
    expect(m.days).toHaveLength(31);
    expect(m.days[0]).toEqual({ date: '2025-03-01', consumptionKwh: 24, complete: true });
    expect(m.days.every((d) => d.consumptionKwh === 24 && d.complete)).toBe(true);
    expect(Object.keys(m).sort()).toEqual(['complete', 'consumptionKwh', 'days', 'endKwh', 'endpointId', 'month', 'startKwh', 'year']);
  });
});

describe('counter resets', () => {
  it('counts the new counter from zero after a drop', () => {
    // Daily at 00:00Z: 100, 110, 120, then the counter resets and reads 5 on 03-04, 15 on 03-05,
    // 285 on 04-01. Increases: 10 + 10 + 5 (the new value itself) + 10 + 270 = 305.
    ingestReadings(
      t.db,
      points(['2025-03-01T00:00Z', 100], ['2025-03-02T00:00Z', 110], ['2025-03-03T00:00Z', 120], ['2025-03-04T00:00Z', 5], ['2025-03-05T00:00Z', 15], ['2025-04-01T00:00Z', 285]),
    );
    const m = monthly(t.db, meter, 2025, 3, 'UTC');
    expect(m).toMatchObject({ consumptionKwh: 305, startKwh: 100, endKwh: 285, complete: true });
    // 03-03 runs from 120 to the reset reading 5: 5 kWh. 03-05 … 03-31 share 270 kWh over 27 days: 10 a day.
    expect(m.days.slice(0, 5).map((d) => d.consumptionKwh)).toEqual([10, 10, 5, 10, 10]);
    expect(m.days.slice(4).every((d) => d.consumptionKwh === 10)).toBe(true);
    expect(consumption(t.db, meter, at('2025-03-01T00:00Z'), at('2025-04-01T00:00Z')).resets).toBe(1);
  });

  it('treats a meter replaced by one showing a lower value as a reset: its value counts', () => {
    // Old meter: 49 900 on 03-01, 50 000 on 03-10 00:00. New meter installed showing 12.5 at 06:00,
    // 212.5 on 04-01. Increases: 100 + 12.5 (counter_agg: after a drop the delta is the new value) + 200 = 312.5.
    ingestReadings(t.db, points(['2025-03-01T00:00Z', 49_900], ['2025-03-10T00:00Z', 50_000], ['2025-03-10T06:00Z', 12.5], ['2025-04-01T00:00Z', 212.5]));
    const c = consumption(t.db, meter, at('2025-03-01T00:00Z'), at('2025-04-01T00:00Z'));
    expect(c).toMatchObject({ consumptionKwh: 312.5, startKwh: 49_900, endKwh: 212.5, complete: true, resets: 1 });
  });

  it('interpolates a boundary that falls between a reading and a reset reading on the new scale', () => {
    // 23:00 → 950, then 01:00 → 10 after a reset. The 2 hours hold 10 kWh (the new value), so at
    // midnight the adjusted counter is 950 + 10 × 1/2 = 955 and the new meter shows 10 × 1/2 = 5.
    ingestReadings(t.db, points(['2025-02-28T22:00Z', 940], ['2025-02-28T23:00Z', 950], ['2025-03-01T01:00Z', 10], ['2025-03-01T02:00Z', 20]));
    const c = consumption(t.db, meter, at('2025-03-01T00:00Z'), at('2025-03-01T02:00Z'));
    // 955 → 20 + 950 (offset) = 970: 15 kWh. The drop straddles the start, so it overlaps the period.
    expect(c).toMatchObject({ consumptionKwh: 15, startKwh: 5, endKwh: 20, startInterpolated: true, complete: true, resets: 1 });
  });
});

describe('boundaries', () => {
  it('interpolates both month edges from readings at 23:50 and 00:10', () => {
    // Start: 1000 at 02-28 23:50, 1002 at 03-01 00:10 → 1000 + 2 × 10/20 = 1001 at midnight.
    // End:   1500 at 03-31 23:50, 1503 at 04-01 00:10 → 1500 + 3 × 10/20 = 1501.5 at midnight.
    // March: 1501.5 − 1001 = 500.5.
    ingestReadings(
      t.db,
      points(['2025-02-28T23:50Z', 1000], ['2025-03-01T00:10Z', 1002], ['2025-03-15T12:00Z', 1250], ['2025-03-31T23:50Z', 1500], ['2025-04-01T00:10Z', 1503]),
    );
    const m = monthly(t.db, meter, 2025, 3, 'UTC');
    expect(m).toMatchObject({ consumptionKwh: 500.5, startKwh: 1001, endKwh: 1501.5, complete: true });
    // Each day is rounded to 1e-6 kWh, so 31 of them may sum to within 31 × 5e-7 of the month.
    expect(sum(m.days.map((d) => d.consumptionKwh))).toBeCloseTo(500.5, 4);
    const c = consumption(t.db, meter, at('2025-03-01T00:00Z'), at('2025-04-01T00:00Z'));
    expect(c).toMatchObject({ startInterpolated: true, endInterpolated: true, resets: 0 });
    // A reading exactly on a boundary is the boundary's value: no interpolation.
    const exact = consumption(t.db, meter, at('2025-03-01T00:10Z'), at('2025-03-15T12:00Z'));
    expect(exact).toMatchObject({ consumptionKwh: 248, startKwh: 1002, endKwh: 1250, startInterpolated: false, endInterpolated: false, complete: true });
  });

  it('interpolates across a gap of several days, however long, and flags it when asked', () => {
    // 1000 on 02-27 00:00, next reading 1120 on 03-04 00:00: 120 kWh over 120 h = 1 kWh/h.
    // 03-01 00:00 is 48 h into the gap → 1048. End 1800 exactly on 04-01 00:00. March: 752.
    ingestReadings(t.db, points(['2025-02-27T00:00Z', 1000], ['2025-03-04T00:00Z', 1120], ['2025-04-01T00:00Z', 1800]));
    const m = monthly(t.db, meter, 2025, 3, 'UTC');
    expect(m).toMatchObject({ consumptionKwh: 752, startKwh: 1048, endKwh: 1800, complete: true });
    // Days inside the gap are interpolated too: 03-01 … 03-03 get 24 kWh each.
    expect(m.days.slice(0, 3).map((d) => d.consumptionKwh)).toEqual([24, 24, 24]);
    const from = at('2025-03-01T00:00Z');
    const to = at('2025-04-01T00:00Z');
    expect(consumption(t.db, meter, from, to, { maxGapHours: 24 }).gapWarning).toBe(true);
    expect(consumption(t.db, meter, from, to, { maxGapHours: 200 }).gapWarning).toBe(false);
    expect(consumption(t.db, meter, from, to).gapWarning).toBe(false);
  });

  it('interpolates a period that holds no reading at all from the readings around it', () => {
    // 100 at 00:00, 124 at 24:00: 1 kWh/h, so 06:00–08:00 holds 2 kWh, from 106 to 108.
    ingestReadings(t.db, points(['2025-03-01T00:00Z', 100], ['2025-03-02T00:00Z', 124]));
    const c = consumption(t.db, meter, at('2025-03-01T06:00Z'), at('2025-03-01T08:00Z'));
    expect(c).toMatchObject({ consumptionKwh: 2, startKwh: 106, endKwh: 108, complete: true, startInterpolated: true, endInterpolated: true });
  });
});

describe('incomplete periods', () => {
  it('counts from the first reading inside when nothing precedes the start', () => {
    // First ever reading 500 on 03-10 12:00; 800 on 04-01 00:00 exactly. March: 300, incomplete.
    ingestReadings(t.db, points(['2025-03-10T12:00Z', 500], ['2025-03-20T12:00Z', 740], ['2025-04-01T00:00Z', 800]));
    const m = monthly(t.db, meter, 2025, 3, 'UTC');
    expect(m).toMatchObject({ consumptionKwh: 300, startKwh: 500, endKwh: 800, complete: false });
    // 03-01 … 03-09: nothing known, 0 and incomplete. 03-10 counts from 12:00: 240 kWh over 240 h →
    // 12 kWh to midnight, incomplete. 03-11 is complete: 24 kWh.
    expect(m.days.slice(0, 9).every((d) => d.consumptionKwh === 0 && !d.complete)).toBe(true);
    expect(m.days[9]).toEqual({ date: '2025-03-10', consumptionKwh: 12, complete: false });
    expect(m.days[10]).toEqual({ date: '2025-03-11', consumptionKwh: 24, complete: true });
  });

  it('counts to the last reading inside when nothing follows the end', () => {
    // 1000 on 02-28 12:00, 1012 on 03-01 00:00 (exact start), last reading 1100 on 03-20 06:00.
    ingestReadings(t.db, points(['2025-02-28T12:00Z', 1000], ['2025-03-01T00:00Z', 1012], ['2025-03-20T06:00Z', 1100]));
    const m = monthly(t.db, meter, 2025, 3, 'UTC');
    expect(m).toMatchObject({ consumptionKwh: 88, startKwh: 1012, endKwh: 1100, complete: false });
    expect(m.days[19]!.complete).toBe(false);
    expect(m.days[30]).toEqual({ date: '2025-03-31', consumptionKwh: 0, complete: false });
    expect(consumption(t.db, meter, at('2025-03-01T00:00Z'), at('2025-04-01T00:00Z'))).toMatchObject({ endInterpolated: false, startInterpolated: false });
  });

  it('answers zero, incomplete and without counters for a meter with no readings', () => {
    const m = monthly(t.db, meter, 2025, 3, 'UTC');
    expect(m).toMatchObject({ consumptionKwh: 0, startKwh: null, endKwh: null, complete: false });
  });
});

describe('calendar in the app time zone', () => {
  it('gives Europe/Berlin March 743 hours, 30 March 23, with the month starting at local midnight', () => {
    // 1 kWh per UTC hour. March in Berlin: 03-01 00:00 CET = 02-28 23:00Z … 04-01 00:00 CEST = 03-31 22:00Z,
    // 743 hours (clocks skip 02:00–03:00 on 03-30). Counter at 02-28 23:00Z: 1000 + 23 = 1023.
    ingestReadings(t.db, series('2025-02-28T00:00:00Z', 60, 33 * 24, 1000, 1));
    const m = monthly(t.db, meter, 2025, 3, 'Europe/Berlin');
    expect(m).toMatchObject({ consumptionKwh: 743, startKwh: 1023, endKwh: 1766, complete: true });
    expect(m.days.find((d) => d.date === '2025-03-30')!.consumptionKwh).toBe(23);
    expect(m.days.filter((d) => d.consumptionKwh === 24)).toHaveLength(30);
  });

  it('gives Europe/Berlin October 745 hours, 26 October 25', () => {
    // 10-01 00:00 CEST = 09-30 22:00Z … 11-01 00:00 CET = 10-31 23:00Z: 31 × 24 + 1 = 745 hours.
    ingestReadings(t.db, series('2025-09-30T00:00:00Z', 60, 33 * 24, 0, 1));
    const m = monthly(t.db, meter, 2025, 10, 'Europe/Berlin');
    expect(m).toMatchObject({ consumptionKwh: 745, startKwh: 22, endKwh: 767, complete: true });
    expect(m.days.find((d) => d.date === '2025-10-26')!.consumptionKwh).toBe(25);
  });

  it('interpolates Asia/Kolkata midnights (18:30Z) from the raw readings inside the hour', () => {
    // Readings every 20 minutes, +1 kWh each (3 kWh/h), from 02-28 00:00Z at 0. IST midnight of 03-01 is
    // 02-28 18:30Z, between 18:20 (55) and 18:40 (56) → 55.5. April 1 IST = 03-31 18:30Z → 55.5 + 744 × 3 = 2287.5.
    ingestReadings(t.db, series('2025-02-28T00:00:00Z', 20, 33 * 72, 0, 1));
    const m = monthly(t.db, meter, 2025, 3, 'Asia/Kolkata');
    expect(m).toMatchObject({ consumptionKwh: 2232, startKwh: 55.5, endKwh: 2287.5, complete: true });
    expect(m.days.every((d) => d.consumptionKwh === 72)).toBe(true);
  });

  it('interpolates Asia/Kathmandu midnights (18:15Z) between hourly readings', () => {
    // Hourly, 2 kWh/h from 0 at 02-28 00:00Z. NPT midnight 03-01 = 02-28 18:15Z: between 18:00 (36) and
    // 19:00 (38) → 36.5. March: 744 h × 2 = 1488.
    ingestReadings(t.db, series('2025-02-28T00:00:00Z', 60, 33 * 24, 0, 2));
    const m = monthly(t.db, meter, 2025, 3, 'Asia/Kathmandu');
    expect(m).toMatchObject({ consumptionKwh: 1488, startKwh: 36.5, endKwh: 1524.5, complete: true });
  });

  it('handles Australia/Adelaide (+10:30 to +9:30 on 6 April 2025) day lengths', () => {
    // 1 kWh per 30 minutes. 6 April 2025 in Adelaide has 25 hours: 50 kWh; other April days 48.
    ingestReadings(t.db, series('2025-03-30T00:00:00Z', 30, 34 * 48, 0, 1));
    const m = monthly(t.db, meter, 2025, 4, 'Australia/Adelaide');
    expect(m.days.find((d) => d.date === '2025-04-06')!.consumptionKwh).toBe(50);
    expect(m.days.filter((d) => d.consumptionKwh === 48)).toHaveLength(29);
    expect(m.consumptionKwh).toBe(30 * 48 + 2);
  });
});

describe('readings that do not count', () => {
  it('ignores failed readings, even with a counter of zero', () => {
    // 100 → (failed read, 0) → 124: one day of 24 kWh, no reset.
    ingestReadings(t.db, [
      ...points(['2025-03-01T00:00Z', 100], ['2025-03-02T00:00Z', 124]),
      { endpointId: meter, ts: at('2025-03-01T12:00Z'), totalKwh: 0, success: false, error: 'timeout' },
    ]);
    const c = consumption(t.db, meter, at('2025-03-01T00:00Z'), at('2025-03-02T00:00Z'));
    expect(c).toMatchObject({ consumptionKwh: 24, resets: 0, complete: true });
  });

  it('makes a second reading at the same time an update: the last value counts once', () => {
    // 100 at 00:00, 110 at 12:00, 124 at 24:00; then 12:00 is read again as 112 (replaces 110).
    const first = ingestReadings(t.db, points(['2025-03-01T00:00Z', 100], ['2025-03-01T12:00Z', 110], ['2025-03-02T00:00Z', 124]));
    expect(first).toEqual({ inserted: 3, updated: 0, rejected: [] });
    const again = ingestReadings(t.db, points(['2025-03-01T12:00Z', 112]));
    expect(again).toEqual({ inserted: 0, updated: 1, rejected: [] });
    // 00:00–12:00: 112 − 100 = 12.
    expect(consumption(t.db, meter, at('2025-03-01T00:00Z'), at('2025-03-01T12:00Z')).consumptionKwh).toBe(12);
    expect(ingestReadings(t.db, points(['2025-03-01T12:00Z', 112]))).toEqual({ inserted: 0, updated: 1, rejected: [] });
    expect(consumption(t.db, meter, at('2025-03-01T00:00Z'), at('2025-03-02T00:00Z')).consumptionKwh).toBe(24);
  });
});
