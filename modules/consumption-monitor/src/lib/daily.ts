import type { ModuleDb } from '@nxforge/sdk';
import type { Bracket, CounterPoint } from './counter';
import { HOUR_MS, insertMany, stmt, T } from './sql';
import { localDayStart, offsetAt, wallClock } from './time-zone';

/**
 * The daily rollup (migrations/0003_daily.sql): per endpoint and local day of one zone, the first
 * reading of the day's first hourly row and the last reading of its last one. An hourly row
 * belongs to the day in which its hour starts. Where a day starts on a whole UTC hour, which is
 * every day of a zone whose offsets are whole hours, that makes the row's first and last readings
 * exactly the day's first and last, and the readings around that day's start are the last reading
 * of the row before it and the first of the row from it: what the hourly rows answer, in one range
 * read for a whole month.
 */
export interface DailyRow {
  endpoint_id: number;
  day: number;
  first_ts: number;
  first_kwh: number;
  first_off: number;
  first_rc: number;
  last_ts: number;
  last_kwh: number;
  last_off: number;
  last_rc: number;
}

/** The part of an hourly row the daily rows are folded from. */
interface HourRow extends Omit<DailyRow, 'day'> {
  hour: number;
}

const COLUMNS = 'endpoint_id, day, first_ts, first_kwh, first_off, first_rc, last_ts, last_kwh, last_off, last_rc';
const COLUMN_LIST = COLUMNS.split(', ');
const HOUR_COLUMNS = 'endpoint_id, hour, first_ts, first_kwh, first_off, first_rc, last_ts, last_kwh, last_off, last_rc';

/** The zone the daily rows are kept for, or null when none is kept. */
export function dailyZone(db: ModuleDb): string | null {
  return stmt(db, `SELECT zone FROM ${T.dailyZone} WHERE id = 1`).get<{ zone: string }>()?.zone ?? null;
}

/**
 * Whether a daily rollup is kept for the zone: its offset now and half a year from now are whole
 * hours, so its midnights fall on whole UTC hours. Zones with 30- or 45-minute offsets (Asia/Kolkata,
 * Asia/Kathmandu, Australia/Adelaide, Australia/Lord_Howe) and unknown zones keep none; reports
 * use the hourly rows there. A past month whose midnights are not whole hours all the same
 * (a zone that once had such an offset) is answered from the hourly rows too: see `monthDays`.
 */
export function keepsDaily(zone: string, now = Date.now()): boolean {
  try {
    return [now, now + 183 * 86_400_000].every((t) => offsetAt(t, zone) % HOUR_MS === 0);
  } catch {
    return false;
  }
}

/** The local day an instant falls in, remembering the last day found: consecutive hours rarely change day. */
export class DayFinder {
  private start = Number.POSITIVE_INFINITY;
  private next = Number.NEGATIVE_INFINITY;

  constructor(readonly zone: string) {}

  /** The start of the local day holding ts. */
  dayOf(ts: number): number {
    if (ts >= this.start && ts < this.next) return this.start;
    const w = wallClock(ts, this.zone);
    this.start = localDayStart(w.year, w.month, w.day, this.zone);
    this.next = localDayStart(w.year, w.month, w.day + 1, this.zone);
    return this.start;
  }

  /** The start of the local day after the one holding ts. */
  nextDayAfter(ts: number): number {
    this.dayOf(ts);
    return this.next;
  }
}

/** Folds one endpoint's hourly rows, in hour order, into daily rows. */
function foldDays(hours: Iterable<HourRow>, days: DayFinder): DailyRow[] {
  const out: DailyRow[] = [];
  let row: DailyRow | null = null;
  for (const h of hours) {
    const day = days.dayOf(h.hour);
    if (!row || row.day !== day || row.endpoint_id !== h.endpoint_id) {
      row = {
        endpoint_id: h.endpoint_id,
        day,
        first_ts: h.first_ts,
        first_kwh: h.first_kwh,
        first_off: h.first_off,
        first_rc: h.first_rc,
        last_ts: h.last_ts,
        last_kwh: h.last_kwh,
        last_off: h.last_off,
        last_rc: h.last_rc,
      };
      out.push(row);
    } else {
      row.last_ts = h.last_ts;
      row.last_kwh = h.last_kwh;
      row.last_off = h.last_off;
      row.last_rc = h.last_rc;
    }
  }
  return out;
}

function insertDays(db: ModuleDb, rows: readonly DailyRow[]): void {
  if (rows.length === 0) return;
  const values: unknown[] = [];
  for (const r of rows) values.push(r.endpoint_id, r.day, r.first_ts, r.first_kwh, r.first_off, r.first_rc, r.last_ts, r.last_kwh, r.last_off, r.last_rc);
  insertMany(db, T.daily, COLUMN_LIST, values);
}

/**
 * Appending: `written` are the hourly rows an append extended or created, in hour order, all
 * newer than every other hour. One upsert per day they touch: a day that already has a row keeps
 * its first reading and takes the new last one.
 */
export function appendDays(db: ModuleDb, written: readonly HourRow[], days: DayFinder): void {
  const upsert = stmt(
    db,
    `INSERT INTO ${T.daily} (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (endpoint_id, day) DO UPDATE SET
       last_ts = excluded.last_ts, last_kwh = excluded.last_kwh, last_off = excluded.last_off, last_rc = excluded.last_rc`,
  );
  for (const r of foldDays(written, days)) {
    upsert.run(r.endpoint_id, r.day, r.first_ts, r.first_kwh, r.first_off, r.first_rc, r.last_ts, r.last_kwh, r.last_off, r.last_rc);
  }
}

/** Rewrites one endpoint's daily rows of the days starting in [from, to) from its hourly rows; from and to are day starts. */
export function rebuildDays(db: ModuleDb, endpointId: number, from: number, to: number, days: DayFinder): void {
  stmt(db, `DELETE FROM ${T.daily} WHERE endpoint_id = ? AND day >= ? AND day < ?`).run(endpointId, from, to);
  const hours = stmt(db, `SELECT ${HOUR_COLUMNS} FROM ${T.hourly} WHERE endpoint_id = ? AND hour >= ? AND hour < ? ORDER BY hour`).all<HourRow>(
    endpointId,
    from,
    to,
  );
  insertDays(db, foldDays(hours, days));
}

/** Adds a change of reset offset and count to every daily row of the endpoint from day `from` on, as ingest does to the hourly rows. */
export function shiftDays(db: ModuleDb, endpointId: number, from: number, off: number, rc: number): void {
  stmt(
    db,
    `UPDATE ${T.daily} SET first_off = first_off + @off, last_off = last_off + @off, first_rc = first_rc + @rc, last_rc = last_rc + @rc
     WHERE endpoint_id = @endpointId AND day >= @from`,
  ).run({ off, rc, endpointId, from });
}

/**
 * Makes the daily rollup follow the app's time zone: when `zone` is not the one the rows are
 * built for, rebuilds them all from the hourly rows in one transaction (or drops them, for a zone
 * that keeps none). Returns whether anything changed. Raw readings are not needed, so purged
 * months keep their daily rows.
 */
export function setDailyZone(db: ModuleDb, zone: string): boolean {
  const target = keepsDaily(zone) ? zone : null;
  return db.transaction(() => {
    if (dailyZone(db) === target) return false;
    stmt(db, `DELETE FROM ${T.daily}`).run();
    if (target === null) {
      stmt(db, `DELETE FROM ${T.dailyZone}`).run();
      return true;
    }
    stmt(db, `INSERT INTO ${T.dailyZone} (id, zone) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET zone = excluded.zone`).run(target);
    const days = new DayFinder(target);
    // One endpoint at a time keeps memory to one endpoint's hourly rows.
    for (const { id } of stmt(db, `SELECT id FROM ${T.endpoints} ORDER BY id`).all<{ id: number }>()) {
      rebuildDays(db, id, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, days);
    }
    return true;
  });
}

const firstOf = (r: DailyRow): CounterPoint => ({ ts: r.first_ts, kwh: r.first_kwh, off: r.first_off, rc: r.first_rc });
const lastOf = (r: DailyRow): CounterPoint => ({ ts: r.last_ts, kwh: r.last_kwh, off: r.last_off, rc: r.last_rc });

// The row before the first day, the rows of the days, and the row from the end on: one range read
// on the primary key between two seeks.
const AROUND_DAYS_SQL = `
  SELECT * FROM (SELECT ${COLUMNS} FROM ${T.daily} WHERE endpoint_id = @endpointId AND day < @from ORDER BY day DESC LIMIT 1)
  UNION ALL
  SELECT ${COLUMNS} FROM ${T.daily} WHERE endpoint_id = @endpointId AND day >= @from AND day < @to
  UNION ALL
  SELECT * FROM (SELECT ${COLUMNS} FROM ${T.daily} WHERE endpoint_id = @endpointId AND day >= @to ORDER BY day LIMIT 1)`;

/**
 * The brackets of ascending day starts of one endpoint, from the daily rows. Each start must be
 * a whole UTC hour and the start of a local day of the zone the rows are built for (`monthDays`
 * says so): then the rows before it hold exactly the readings before it.
 */
export function dailyBrackets(db: ModuleDb, endpointId: number, starts: readonly number[]): Bracket[] {
  const rows = stmt(db, AROUND_DAYS_SQL).all<DailyRow>({ endpointId, from: starts[0]!, to: starts[starts.length - 1]! });
  const out: Bracket[] = [];
  let j = 0;
  for (const b of starts) {
    while (j < rows.length && rows[j]!.day < b) j++;
    out.push({ before: j > 0 ? lastOf(rows[j - 1]!) : null, after: j < rows.length ? firstOf(rows[j]!) : null });
  }
  return out;
}
