import type { ModuleDb } from '@nxforge/sdk';
import type { Bracket, CounterPoint } from './counter';
import { ConsumptionError } from './errors';
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

const POINTS = ['first_ts', 'first_kwh', 'first_off', 'first_rc', 'last_ts', 'last_kwh', 'last_off', 'last_rc'];
const WIDTH = POINTS.length;

// One statement, so one snapshot: the endpoint, the zone the daily rows are built for and, when
// that zone is @zone, the row before the first day, the rows of the days and the row from the end
// on (one range read on the primary key between two seeks), in time order. A day's row comes
// before a boundary exactly when its first reading does. The rows come back as one JSON array of
// numbers, WIDTH a row: handing SQLite's values to JavaScript one by one costs more than the
// whole read, and SQLite writes a REAL as text that reads back to the same double.
const MONTH_SQL = `
  SELECT z.zone AS zone, CASE WHEN z.zone = @zone THEN (
    SELECT '[' || group_concat(${POINTS.join(" || ',' || ")}, ',' ORDER BY first_ts) || ']' FROM (
      SELECT * FROM (SELECT ${POINTS.join(', ')} FROM ${T.daily} WHERE endpoint_id = @endpointId AND day < @from ORDER BY day DESC LIMIT 1)
      UNION ALL
      SELECT ${POINTS.join(', ')} FROM ${T.daily} WHERE endpoint_id = @endpointId AND day >= @from AND day < @to
      UNION ALL
      SELECT * FROM (SELECT ${POINTS.join(', ')} FROM ${T.daily} WHERE endpoint_id = @endpointId AND day >= @to ORDER BY day LIMIT 1))
  ) END AS points
  FROM ${T.endpoints} e LEFT JOIN ${T.dailyZone} z ON z.id = 1 WHERE e.id = @endpointId`;

const exactText = new WeakMap<ModuleDb, boolean>();

/**
 * Whether this SQLite writes a REAL as text that reads back to the same double (SQLite 3.43 and
 * later write up to 17 significant digits). Checked once per connection; where it does not,
 * months are read from the hourly rows.
 */
function realTextRoundTrips(db: ModuleDb): boolean {
  let exact = exactText.get(db);
  if (exact === undefined) {
    const probes = [0.1 + 0.2, 1 / 3, 5000.123456789012, 1e-7 / 3, 123_456_789.123_456_78, 80_000.001 + 12.5];
    exact = probes.every((v) => Number(stmt(db, `SELECT CAST(? AS TEXT) AS t`).get<{ t: string }>(v)?.t) === v);
    exactText.set(db, exact);
  }
  return exact;
}

const point = (v: readonly number[], i: number): CounterPoint => ({ ts: v[i]!, kwh: v[i + 1]!, off: v[i + 2]!, rc: v[i + 3]! });

/**
 * The brackets of ascending day starts of one endpoint, from the daily rows: what `bracketsFor`
 * answers. Each start must be a whole UTC hour and the start of a local day of `zone` (`monthDays`
 * says so): then the rows of the days before it hold exactly the readings before it. Returns null
 * when the daily rows cannot answer (not built for `zone`); throws NOT_FOUND for an unknown endpoint.
 */
export function dailyBrackets(db: ModuleDb, endpointId: number, zone: string, starts: readonly number[]): Bracket[] | null {
  if (!realTextRoundTrips(db)) return null;
  const row = stmt(db, MONTH_SQL).get<{ zone: string | null; points: string | null }>({ endpointId, zone, from: starts[0]!, to: starts[starts.length - 1]! });
  if (!row) throw new ConsumptionError('NOT_FOUND', `No endpoint ${endpointId}`);
  if (row.zone !== zone) return null;
  const v = row.points === null ? [] : (JSON.parse(row.points) as number[]);
  const out: Bracket[] = [];
  let j = 0;
  for (const b of starts) {
    while (j < v.length && v[j]! < b) j += WIDTH;
    out.push({ before: j > 0 ? point(v, j - WIDTH / 2) : null, after: j < v.length ? point(v, j) : null });
  }
  return out;
}
