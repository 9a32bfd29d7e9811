import type { ModuleDb } from '@nxforge/sdk';
import { type Bracket, type CounterPoint, nextPoint } from './counter';
import { floorHour, HOUR_MS, insertMany, stmt, T } from './sql';

/** One row of the hourly rollup (see migrations/0002_readings.sql). */
export interface HourlyRow {
  endpoint_id: number;
  hour: number;
  readings: number;
  first_ts: number;
  first_kwh: number;
  first_off: number;
  first_rc: number;
  last_ts: number;
  last_kwh: number;
  last_off: number;
  last_rc: number;
}

const COLUMNS = 'endpoint_id, hour, readings, first_ts, first_kwh, first_off, first_rc, last_ts, last_kwh, last_off, last_rc';

export const firstPoint = (r: HourlyRow): CounterPoint => ({ ts: r.first_ts, kwh: r.first_kwh, off: r.first_off, rc: r.first_rc });
export const lastPoint = (r: HourlyRow): CounterPoint => ({ ts: r.last_ts, kwh: r.last_kwh, off: r.last_off, rc: r.last_rc });

/** The first hour at or after `hour` that holds a reading. */
export function hourAtOrAfter(db: ModuleDb, endpointId: number, hour: number): HourlyRow | undefined {
  return stmt(db, `SELECT ${COLUMNS} FROM ${T.hourly} WHERE endpoint_id = ? AND hour >= ? ORDER BY hour LIMIT 1`).get<HourlyRow>(endpointId, hour);
}

/** The last hour before `hour` that holds a reading. */
export function hourBefore(db: ModuleDb, endpointId: number, hour: number): HourlyRow | undefined {
  return stmt(db, `SELECT ${COLUMNS} FROM ${T.hourly} WHERE endpoint_id = ? AND hour < ? ORDER BY hour DESC LIMIT 1`).get<HourlyRow>(endpointId, hour);
}

/** Both of the above in one statement: two index seeks, one call. */
function hoursAround(db: ModuleDb, endpointId: number, hour: number): { before?: HourlyRow; atOrAfter?: HourlyRow } {
  const rows = stmt(
    db,
    `SELECT * FROM (SELECT ${COLUMNS} FROM ${T.hourly} WHERE endpoint_id = @endpointId AND hour < @hour ORDER BY hour DESC LIMIT 1)
     UNION ALL
     SELECT * FROM (SELECT ${COLUMNS} FROM ${T.hourly} WHERE endpoint_id = @endpointId AND hour >= @hour ORDER BY hour LIMIT 1)`,
  ).all<HourlyRow>({ endpointId, hour });
  const out: { before?: HourlyRow; atOrAfter?: HourlyRow } = {};
  for (const r of rows) {
    if (r.hour < hour) out.before = r;
    else out.atOrAfter = r;
  }
  return out;
}

export function lastHour(db: ModuleDb, endpointId: number): HourlyRow | undefined {
  return stmt(db, `SELECT ${COLUMNS} FROM ${T.hourly} WHERE endpoint_id = ? ORDER BY hour DESC LIMIT 1`).get<HourlyRow>(endpointId);
}

export function firstHour(db: ModuleDb, endpointId: number): HourlyRow | undefined {
  return stmt(db, `SELECT ${COLUMNS} FROM ${T.hourly} WHERE endpoint_id = ? ORDER BY hour LIMIT 1`).get<HourlyRow>(endpointId);
}

const COLUMN_LIST = COLUMNS.split(', ');

function insertHours(db: ModuleDb, rows: HourlyRow[]): void {
  const values: unknown[] = [];
  for (const r of rows) {
    values.push(r.endpoint_id, r.hour, r.readings, r.first_ts, r.first_kwh, r.first_off, r.first_rc, r.last_ts, r.last_kwh, r.last_off, r.last_rc);
  }
  insertMany(db, T.hourly, COLUMN_LIST, values);
}

/** Only the last reading and the count change when an open hour is extended. */
function extendHour(db: ModuleDb, r: HourlyRow): void {
  stmt(db, `UPDATE ${T.hourly} SET readings = ?, last_ts = ?, last_kwh = ?, last_off = ?, last_rc = ? WHERE endpoint_id = ? AND hour = ?`).run(
    r.readings,
    r.last_ts,
    r.last_kwh,
    r.last_off,
    r.last_rc,
    r.endpoint_id,
    r.hour,
  );
}

/**
 * Folds successful readings, in time order, into hourly rows and writes them. Starts from the
 * reading before them (`prev`) and, when appending, from the endpoint's last hourly row
 * (`open`), which is updated in place; every other hour it meets must not exist yet.
 */
export class HourlyBuilder {
  private current: HourlyRow | null;
  private currentExists: boolean;
  private prev: CounterPoint | null;
  private readonly pending: HourlyRow[] = [];
  /** Every row written (extended or new), in hour order, as written. */
  readonly written: HourlyRow[] = [];

  constructor(
    private readonly db: ModuleDb,
    private readonly endpointId: number,
    prev: CounterPoint | null,
    open: HourlyRow | null = null,
  ) {
    this.prev = prev;
    this.current = open ? Object.assign({}, open) : null;
    this.currentExists = open !== null;
  }

  private flush(): void {
    if (!this.current) return;
    this.written.push(this.current);
    if (this.currentExists) extendHour(this.db, this.current);
    else this.pending.push(this.current);
  }

  add(ts: number, kwh: number): void {
    const p = nextPoint(this.prev, ts, kwh);
    const hour = floorHour(ts);
    let row = this.current;
    if (!row || row.hour !== hour) {
      this.flush();
      row = {
        endpoint_id: this.endpointId,
        hour,
        readings: 0,
        first_ts: p.ts,
        first_kwh: p.kwh,
        first_off: p.off,
        first_rc: p.rc,
        last_ts: p.ts,
        last_kwh: p.kwh,
        last_off: p.off,
        last_rc: p.rc,
      };
      this.current = row;
      this.currentExists = false;
    }
    row.readings += 1;
    row.last_ts = p.ts;
    row.last_kwh = p.kwh;
    row.last_off = p.off;
    row.last_rc = p.rc;
    this.prev = p;
  }

  /** Writes the open row; returns the last point folded. */
  finish(): CounterPoint | null {
    this.flush();
    this.current = null;
    insertHours(this.db, this.pending);
    this.pending.length = 0;
    return this.prev;
  }
}

/** Raw successful readings of an hour after its first one, for a boundary inside that hour. */
function rawAfterFirst(db: ModuleDb, row: HourlyRow): { ts: number; total_kwh: number }[] {
  return stmt(
    db,
    `SELECT ts, total_kwh FROM ${T.readings} WHERE endpoint_id = ? AND ts > ? AND ts <= ? AND success = 1 ORDER BY ts`,
  ).all<{ ts: number; total_kwh: number }>(row.endpoint_id, row.first_ts, row.last_ts);
}

/**
 * The readings around boundary `ts`: the last successful one before it and the first at or
 * after it. On a whole UTC hour that is the last row before it and the first row from it.
 * Inside an hour (zones with 30- or 45-minute offsets, arbitrary ranges) it walks that hour's
 * raw readings by primary key; if they were purged, the hour's first and last readings are
 * the nearest ones left.
 */
export function bracketAt(db: ModuleDb, endpointId: number, ts: number): Bracket {
  const hour = floorHour(ts);
  const { before, atOrAfter: row } = hoursAround(db, endpointId, hour);
  const lastBefore = before ? lastPoint(before) : null;
  if (!row) return { before: lastBefore, after: null };
  if (row.hour > hour || ts <= row.first_ts) return { before: lastBefore, after: firstPoint(row) };
  if (ts > row.last_ts) {
    const next = hourAtOrAfter(db, endpointId, hour + HOUR_MS);
    return { before: lastPoint(row), after: next ? firstPoint(next) : null };
  }
  const raw = rawAfterFirst(db, row);
  if (raw.length !== row.readings - 1) return { before: firstPoint(row), after: lastPoint(row) };
  let prev = firstPoint(row);
  for (const r of raw) {
    const p = nextPoint(prev, r.ts, r.total_kwh);
    if (p.ts >= ts) return { before: prev, after: p };
    prev = p;
  }
  return { before: prev, after: null };
}
