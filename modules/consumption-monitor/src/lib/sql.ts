import type { ModuleDb, Statement } from '@nxforge/sdk';

/** The module's tables; the names carry its prefix, as migrations require. */
export const T = {
  endpoints: 'consumption_monitor__endpoints',
  clientPrices: 'consumption_monitor__client_prices',
  readings: 'consumption_monitor__readings',
  hourly: 'consumption_monitor__hourly',
  retention: 'consumption_monitor__raw_retention',
  daily: 'consumption_monitor__daily',
  dailyZone: 'consumption_monitor__daily_zone',
} as const;

const cache = new WeakMap<ModuleDb, Map<string, Statement>>();

/** Prepares once per connection: preparing costs more than most of the queries here. */
export function stmt(db: ModuleDb, sql: string): Statement {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let s = statements.get(sql);
  if (!s) {
    s = db.prepare(sql);
    statements.set(sql, s);
  }
  return s;
}

export const HOUR_MS = 3_600_000;

export function floorHour(ts: number): number {
  return Math.floor(ts / HOUR_MS) * HOUR_MS;
}

/** Rounds kWh and money to 1e-6, which hides float noise and keeps every real digit. */
export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

const CHUNK = 32;
const insertSql = new Map<string, string>();

/**
 * Inserts rows given as one flat array of values, `columns.length` per row, with multi-row
 * VALUES statements of up to CHUNK rows: one call into SQLite per chunk instead of per row,
 * which is most of the cost of a small row.
 */
export function insertMany(db: ModuleDb, table: string, columns: readonly string[], values: readonly unknown[]): void {
  const width = columns.length;
  const rows = values.length / width;
  const sqlFor = (n: number): string => {
    const key = `${table}:${n}`;
    let sql = insertSql.get(key);
    if (!sql) {
      const one = `(${columns.map(() => '?').join(', ')})`;
      sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: n }, () => one).join(', ')}`;
      insertSql.set(key, sql);
    }
    return sql;
  };
  let row = 0;
  if (rows >= CHUNK) {
    const full = stmt(db, sqlFor(CHUNK));
    for (; row + CHUNK <= rows; row += CHUNK) full.run(...values.slice(row * width, (row + CHUNK) * width));
  }
  if (row < rows) stmt(db, sqlFor(rows - row)).run(...values.slice(row * width));
}
