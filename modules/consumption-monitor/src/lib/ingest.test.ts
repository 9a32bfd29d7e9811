import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consumption } from './consumption';
import { ingestReadings } from './ingest';
import { addEndpoint, at, openTestDb, rng, type TestDb } from './test-db';
import type { ConsumptionResult, ReadingInput } from './types';

interface Truth {
  ts: number;
  kwh: number | null;
  success: boolean;
}

/**
 * The semantics written plainly over a sorted array, independent of the rollups: adjusted
 * counter by walking the readings, brackets by linear search.
 */
function reference(all: Truth[], a: number, b: number): Pick<ConsumptionResult, 'consumptionKwh' | 'complete' | 'resets'> {
  const ok = all.filter((r) => r.success).sort((x, y) => x.ts - y.ts);
  const adj: number[] = [];
  const rc: number[] = [];
  ok.forEach((r, i) => {
    if (i === 0) {
      adj.push(r.kwh!);
      rc.push(0);
      return;
    }
    const prev = ok[i - 1]!.kwh!;
    const drop = r.kwh! < prev;
    adj.push(adj[i - 1]! + (drop ? r.kwh! : r.kwh! - prev));
    rc.push(rc[i - 1]! + (drop ? 1 : 0));
  });
  const firstAtOrAfter = (x: number): number => ok.findIndex((r) => r.ts >= x);
  const valueAt = (i: number, j: number, x: number): number => adj[i]! + ((adj[j]! - adj[i]!) * (x - ok[i]!.ts)) / (ok[j]!.ts - ok[i]!.ts);
  const empty = { consumptionKwh: 0, complete: false, resets: 0 };
  const j = firstAtOrAfter(a);
  if (j < 0) return empty;
  let start: number;
  let startRc: number;
  let known = true;
  if (ok[j]!.ts === a) [start, startRc] = [adj[j]!, rc[j]!];
  else if (j > 0) [start, startRc] = [valueAt(j - 1, j, a), rc[j - 1]!];
  else if (ok[j]!.ts < b) [start, startRc, known] = [adj[j]!, rc[j]!, false];
  else return empty;
  const k = firstAtOrAfter(b);
  let end: number;
  let endRc: number;
  if (k >= 0 && ok[k]!.ts === b) [end, endRc] = [adj[k]!, rc[k]!];
  else if (k > 0) [end, endRc] = [valueAt(k - 1, k, b), rc[k]!];
  else {
    const last = ok.length - 1;
    [end, endRc, known] = [adj[last]!, rc[last]!, false];
  }
  return { consumptionKwh: end - start, complete: known, resets: endRc - startRc };
}

function hourlyRows(t: TestDb): Record<string, number | null>[] {
  return t.sqlite.prepare('SELECT * FROM consumption_monitor__hourly ORDER BY endpoint_id, hour').all() as Record<string, number | null>[];
}

let t: TestDb;
beforeEach(() => {
  t = openTestDb();
});
afterEach(() => t.close());

describe('late and out-of-order readings', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`keep the rollup equal to a rebuild from the raw readings (seed ${seed})`, () => {
      const random = rng(seed);
      const endpoints = [addEndpoint(t.db), addEndpoint(t.db)];
      const t0 = at('2025-03-01T00:00Z');
      const inputs: ReadingInput[] = [];
      for (const endpointId of endpoints) {
        let ts = t0 + Math.floor(random() * 3_600_000);
        let kwh = 1000 * random();
        for (let i = 0; i < 150; i++) {
          const roll = random();
          // Mostly 1–60 minutes apart; sometimes a gap of up to two days.
          ts += roll < 0.05 ? Math.floor(random() * 172_800_000) : 60_000 + Math.floor(random() * 3_540_000);
          if (roll > 0.97) kwh = 50 * random();
          else kwh += 5 * random();
          const success = random() > 0.08;
          inputs.push({ endpointId, ts, totalKwh: success ? Math.round(kwh * 1000) / 1000 : random() > 0.5 ? 0 : null, success });
          // A second reading at the same time, with another value or outcome, ingested later or earlier.
          if (random() < 0.08) inputs.push({ endpointId, ts, totalKwh: Math.round((kwh + random()) * 1000) / 1000, success: random() > 0.3 });
        }
      }
      // Ingest in a random order, in batches of random size.
      const order = inputs.map((r, i) => ({ r, k: random(), i })).sort((x, y) => x.k - y.k);
      const truth = new Map<string, Truth & { endpointId: number }>();
      for (let i = 0; i < order.length; ) {
        const size = 1 + Math.floor(random() * 40);
        const batch = order.slice(i, i + size).map((o) => o.r);
        ingestReadings(t.db, batch);
        for (const r of batch) truth.set(`${r.endpointId}:${r.ts}`, { endpointId: r.endpointId, ts: r.ts, kwh: r.totalKwh, success: r.success ?? true });
        i += size;
      }

      const rebuilt = openTestDb();
      try {
        for (const _ of endpoints) addEndpoint(rebuilt.db);
        const sorted = [...truth.values()].sort((x, y) => x.endpointId - y.endpointId || x.ts - y.ts);
        ingestReadings(
          rebuilt.db,
          sorted.map((r) => ({ endpointId: r.endpointId, ts: r.ts, totalKwh: r.kwh, success: r.success })),
        );
        const got = hourlyRows(t);
        const want = hourlyRows(rebuilt);
        expect(got.length).toBe(want.length);
        got.forEach((row, i) => {
          for (const [key, value] of Object.entries(want[i]!)) {
            if (typeof value === 'number' && !Number.isInteger(value)) expect(row[key], `${key} of row ${i}`).toBeCloseTo(value, 6);
            else expect(row[key], `${key} of row ${i}`).toBe(value);
          }
        });
      } finally {
        rebuilt.close();
      }

      for (const endpointId of endpoints) {
        const rows = [...truth.values()].filter((r) => r.endpointId === endpointId);
        const span = Math.max(...rows.map((r) => r.ts)) - t0;
        for (let q = 0; q < 40; q++) {
          // Whole hours, arbitrary instants, and periods reaching past either end of the data.
          let a = t0 - 7_200_000 + Math.floor(random() * (span + 10_800_000));
          if (q % 2 === 0) a = Math.floor(a / 3_600_000) * 3_600_000;
          const b = a + 1 + Math.floor(random() * span * 0.3);
          const got = consumption(t.db, endpointId, a, b);
          const want = reference(rows, a, b);
          expect(got.consumptionKwh, `[${a}, ${b})`).toBeCloseTo(want.consumptionKwh, 5);
          expect(got.complete, `[${a}, ${b})`).toBe(want.complete);
          expect(got.resets, `[${a}, ${b})`).toBe(want.resets);
        }
      }
    });
  }

  it('shifts every later hour when an old reading adds a reset', () => {
    const meter = addEndpoint(t.db);
    // 100 (00:00) … 130 (03:00), +1 kWh every 6 minutes: 30 kWh. Then a reading of 2 at 01:15 arrives
    // late: a reset between 01:12 and 01:18, which changes the reset offset of every later hour.
    ingestReadings(
      t.db,
      Array.from({ length: 31 }, (_, i) => ({ endpointId: meter, ts: at('2025-03-01T00:00Z') + i * 360_000, totalKwh: 100 + i })),
    );
    expect(consumption(t.db, meter, at('2025-03-01T00:00Z'), at('2025-03-01T03:00Z')).consumptionKwh).toBe(30);
    ingestReadings(t.db, [{ endpointId: meter, ts: at('2025-03-01T01:15Z'), totalKwh: 2 }]);
    // Readings 00:00 100 … 01:12 112, 01:15 2 (reset: +2), 01:18 113 (+111), … 03:00 130 (+17).
    // 12 + 2 + 111 + 17 = 142.
    const c = consumption(t.db, meter, at('2025-03-01T00:00Z'), at('2025-03-01T03:00Z'));
    expect(c).toMatchObject({ consumptionKwh: 142, resets: 1 });
  });
});

describe('ingest results', () => {
  it('rejects bad readings with a reason and writes the rest, or nothing when asked', () => {
    const meter = addEndpoint(t.db);
    const ts = at('2025-03-01T00:00Z');
    const batch: ReadingInput[] = [
      { endpointId: meter, ts, totalKwh: 1 },
      { endpointId: meter, ts: ts + 1.5, totalKwh: 1 },
      { endpointId: meter, ts: ts + 2, totalKwh: null },
      { endpointId: meter, ts: ts + 3, totalKwh: -1 },
      { endpointId: 999, ts, totalKwh: 1 },
      { endpointId: meter, ts: ts + 4, totalKwh: 2, power: Number.NaN },
    ];
    const none = ingestReadings(t.db, batch, { allOrNothing: true });
    expect(none.inserted + none.updated).toBe(0);
    expect(none.rejected.map((r) => r.index)).toEqual([1, 2, 3, 4, 5]);
    expect(t.sqlite.prepare('SELECT count(*) AS n FROM consumption_monitor__readings').get()).toEqual({ n: 0 });
    const some = ingestReadings(t.db, batch);
    expect(some.inserted).toBe(1);
    expect(some.rejected.map((r) => r.reason)).toEqual([
      'ts must be an integer number of epoch milliseconds',
      'a successful reading needs a finite totalKwh',
      'totalKwh must not be negative',
      'unknown endpoint 999',
      'power must be a finite number or null',
    ]);
  });

  it('keeps failed readings with their error and raw data, and counts duplicates in one call once', () => {
    const meter = addEndpoint(t.db);
    const ts = at('2025-03-01T00:00Z');
    const r = ingestReadings(t.db, [
      { endpointId: meter, ts, totalKwh: null, success: false, error: 'login failed', raw: { status: 401 } },
      { endpointId: meter, ts: ts + 1000, totalKwh: 5 },
      { endpointId: meter, ts: ts + 1000, totalKwh: 6 },
    ]);
    expect(r).toEqual({ inserted: 2, updated: 0, rejected: [] });
    expect(t.sqlite.prepare('SELECT ts, total_kwh, success, error, raw FROM consumption_monitor__readings ORDER BY ts').all()).toEqual([
      { ts, total_kwh: null, success: 0, error: 'login failed', raw: '{"status":401}' },
      { ts: ts + 1000, total_kwh: 6, success: 1, error: null, raw: null },
    ]);
  });
});
