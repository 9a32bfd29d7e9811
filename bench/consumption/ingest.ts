/**
 * Step 1: the same batches ingested two ways, interleaved batch by batch so that noise on a
 * shared machine lands on both alike: (a) `ingestReadings`, the module's real path (validation,
 * raw upserts, hourly rollup, last_read_at, one transaction per call), and (b) a plain
 * better-sqlite3 loop of single-row INSERTs into the same table in another file, one
 * transaction per batch, no rollup.
 */
import type Database from 'better-sqlite3';
import type { ModuleDb } from '@nxforge/sdk';
import { ingestReadings, type ReadingInput } from '../../modules/consumption-monitor/src/lib/index';
import { batches, type DataShape, type DataStats } from './data';
import { READINGS } from './db';

export interface WayFigures {
  wallNs: number;
  cpuUs: number;
  rowsPerSecond: number;
}

export interface IngestFigures {
  rows: number;
  batches: number;
  stats: DataStats;
  module: WayFigures;
  plain: WayFigures;
}

const COLUMNS = 'endpoint_id, ts, total_kwh, power, voltage, current, power_factor, success, error, raw';

function plainInserter(sqlite: Database.Database): (batch: readonly ReadingInput[]) => void {
  const insert = sqlite.prepare(`INSERT INTO ${READINGS} (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return sqlite.transaction((batch: readonly ReadingInput[]) => {
    for (const r of batch) {
      insert.run(r.endpointId, r.ts, r.totalKwh, r.power ?? null, r.voltage ?? null, r.current ?? null, r.powerFactor ?? null, r.success === false ? 0 : 1, r.error ?? null, null);
    }
  });
}

interface Clock {
  wallNs: bigint;
  cpuUs: number;
}

function timed(clock: Clock, fn: () => void): void {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  clock.wallNs += process.hrtime.bigint() - t0;
  const cpu = process.cpuUsage(cpu0);
  clock.cpuUs += cpu.user + cpu.system;
}

const figures = (clock: Clock, rows: number): WayFigures => ({
  wallNs: Number(clock.wallNs),
  cpuUs: clock.cpuUs,
  rowsPerSecond: rows / (Number(clock.wallNs) / 1e9),
});

export function ingest(
  db: ModuleDb,
  plain: Database.Database,
  shape: DataShape,
  batchDays: number,
  report: (line: string) => void,
): IngestFigures {
  const stats: DataStats = { readings: 0, failed: 0, resets: 0, gaps: 0, missingSlots: 0 };
  const insertPlain = plainInserter(plain);
  const mod: Clock = { wallNs: 0n, cpuUs: 0 };
  const base: Clock = { wallNs: 0n, cpuUs: 0 };
  const expected = shape.endpoints * Math.ceil(shape.days / batchDays);
  const every = Math.max(1, Math.floor(expected / 20));
  const started = Date.now();
  let rows = 0;
  let n = 0;
  for (const batch of batches(shape, batchDays, stats)) {
    const viaModule = (): void => {
      const r = ingestReadings(db, batch);
      if (r.rejected.length > 0 || r.inserted !== batch.length) {
        throw new Error(`ingestReadings refused a generated batch: ${JSON.stringify(r.rejected.slice(0, 3))}`);
      }
    };
    const viaPlain = (): void => insertPlain(batch);
    // Alternate which goes first, so neither always meets a cache the other warmed.
    if (n % 2 === 0) {
      timed(mod, viaModule);
      timed(base, viaPlain);
    } else {
      timed(base, viaPlain);
      timed(mod, viaModule);
    }
    rows += batch.length;
    n += 1;
    if (n % every === 0) {
      const elapsed = (Date.now() - started) / 1000;
      const eta = (elapsed / n) * (expected - n);
      report(`  ingest ${Math.round((n / expected) * 100)}%: ${rows.toLocaleString('en-US')} rows, ${elapsed.toFixed(0)} s, about ${eta.toFixed(0)} s left`);
    }
  }
  return { rows, batches: n, stats, module: figures(mod, rows), plain: figures(base, rows) };
}
