import Database from 'better-sqlite3';
import type { ModuleDb } from '@nxforge/sdk';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsumptionError } from './errors';

const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface TestDb {
  db: ModuleDb;
  sqlite: Database.Database;
  close(): void;
}

/** A real SQLite file with the module's migrations applied, in the shape the module host gives. */
export function openTestDb(): TestDb {
  const dir = mkdtempSync(join(tmpdir(), 'consumption-monitor-'));
  const sqlite = new Database(join(dir, 'test.db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  for (const file of readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql')).sort()) {
    sqlite.transaction(() => sqlite.exec(readFileSync(join(MIGRATIONS, file), 'utf8')))();
  }
  const db: ModuleDb = {
    tablePrefix: 'consumption_monitor__',
    exec: (sql) => sqlite.exec(sql),
    prepare: (sql) => {
      const s = sqlite.prepare(sql);
      return {
        run: (...params) => {
          const r = s.run(...params);
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        get: <T>(...params: unknown[]) => s.get(...params) as T | undefined,
        all: <T>(...params: unknown[]) => s.all(...params) as T[],
      };
    },
    transaction: (fn) => sqlite.transaction(fn)(),
  };
  return {
    db,
    sqlite,
    close: () => {
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Epoch ms of an ISO time; tests read better with times written out. */
export const at = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`bad time ${iso}`);
  return t;
};

let names = 0;
/** Inserts an endpoint row directly and returns its id. */
export function addEndpoint(db: ModuleDb, fields: { name?: string; clientName?: string | null; price?: number | null; pollInterval?: number } = {}): number {
  const r = db
    .prepare(
      `INSERT INTO consumption_monitor__endpoints (name, ip_address, client_name, price_per_kwh, poll_interval, created_at, updated_at)
       VALUES (?, '10.0.0.1', ?, ?, ?, 0, 0)`,
    )
    .run(fields.name ?? `meter-${++names}`, fields.clientName ?? null, fields.price ?? null, fields.pollInterval ?? 15);
  return Number(r.lastInsertRowid);
}

/** Small seeded generator (mulberry32): a failing seed replays the same case. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The ConsumptionError that `fn` throws; fails when it throws nothing or another error. */
export function rejection(fn: () => unknown): ConsumptionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConsumptionError) return e;
    throw e;
  }
  throw new Error('expected a ConsumptionError');
}
