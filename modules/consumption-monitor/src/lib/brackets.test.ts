import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bracketsAcross, bracketsFor } from './brackets';
import { bracketAt } from './hourly';
import { ingestReadings } from './ingest';
import { deleteRawReadingsBefore } from './readings';
import { addEndpoint, at, openTestDb, rng, type TestDb } from './test-db';
import type { ReadingInput } from './types';

let t: TestDb;
beforeEach(() => {
  t = openTestDb();
});
afterEach(() => t.close());

describe('brackets for all endpoints at once', () => {
  it('answer what bracketAt answers per endpoint, on and inside hours, with resets, failures and purged hours', () => {
    const random = rng(42);
    const t0 = at('2025-03-01T00:00Z');
    const endpoints = Array.from({ length: 5 }, () => addEndpoint(t.db));
    const inputs: ReadingInput[] = [];
    endpoints.forEach((endpointId, k) => {
      // Each meter reads at its own pace, from every 5 minutes to every 3 hours; the last has no readings.
      if (k === 4) return;
      const step = [300_000, 900_000, 2_400_000, 10_800_000][k]!;
      let kwh = 100 * random();
      for (let ts = t0 + Math.floor(random() * step); ts < t0 + 4 * 86_400_000; ts += step) {
        kwh = random() < 0.03 ? 5 * random() : kwh + random();
        const success = random() > 0.1;
        inputs.push({ endpointId, ts, totalKwh: success ? kwh : null, success });
      }
    });
    ingestReadings(t.db, inputs);
    deleteRawReadingsBefore(t.db, t0 + 86_400_000);
    for (let q = 0; q < 150; q++) {
      let b = t0 - 3_600_000 + Math.floor(random() * 5 * 86_400_000);
      if (q % 3 === 0) b = Math.floor(b / 3_600_000) * 3_600_000;
      if (q % 3 === 1) b = Math.floor(b / 900_000) * 900_000 + 1_800_000;
      const across = bracketsAcross(t.db, b);
      for (const id of endpoints) {
        expect(across.get(id), `endpoint ${id} at ${new Date(b).toISOString()}`).toEqual(bracketAt(t.db, id, b));
        expect(bracketsFor(t.db, id, [b])[0]).toEqual(bracketAt(t.db, id, b));
      }
    }
  });
});
