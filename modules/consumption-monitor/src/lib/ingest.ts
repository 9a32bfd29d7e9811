import type { ModuleDb } from '@nxforge/sdk';
import { floorHour, HOUR_MS, insertMany, stmt, T } from './sql';
import { HourlyBuilder, type HourlyRow, hourAtOrAfter, hourBefore, lastHour, lastPoint } from './hourly';
import { appendDays, dailyZone, DayFinder, rebuildDays, shiftDays } from './daily';
import type { IngestOptions, IngestResult, Reading, ReadingInput, RejectedReading } from './types';

/** A reading as stored: its position in the batch, and raw data already serialised. */
type Row = Omit<Reading, 'endpointId' | 'raw'> & { index: number; raw: string | null };

function optionalNumber(v: number | null | undefined): number | null | string {
  if (v === undefined || v === null) return null;
  return typeof v === 'number' && Number.isFinite(v) ? v : 'invalid';
}

function normalise(r: ReadingInput, index: number): Row | string {
  if (r === null || typeof r !== 'object') return 'a reading must be an object';
  if (!Number.isSafeInteger(r.endpointId) || r.endpointId <= 0) return 'endpointId must be a positive integer';
  if (!Number.isSafeInteger(r.ts)) return 'ts must be an integer number of epoch milliseconds';
  const success = r.success ?? true;
  if (typeof success !== 'boolean') return 'success must be a boolean';
  let totalKwh: number | null = r.totalKwh ?? null;
  if (success) {
    if (typeof totalKwh !== 'number' || !Number.isFinite(totalKwh)) return 'a successful reading needs a finite totalKwh';
    if (totalKwh < 0) return 'totalKwh must not be negative';
  } else if (typeof totalKwh !== 'number' || !Number.isFinite(totalKwh)) totalKwh = null;
  const power = optionalNumber(r.power);
  if (typeof power === 'string') return 'power must be a finite number or null';
  const voltage = optionalNumber(r.voltage);
  if (typeof voltage === 'string') return 'voltage must be a finite number or null';
  const current = optionalNumber(r.current);
  if (typeof current === 'string') return 'current must be a finite number or null';
  const powerFactor = optionalNumber(r.powerFactor);
  if (typeof powerFactor === 'string') return 'powerFactor must be a finite number or null';
  const error = r.error ?? null;
  if (error !== null && typeof error !== 'string') return 'error must be a string or null';
  let raw: string | null = null;
  if (r.raw !== undefined && r.raw !== null) {
    try {
      raw = JSON.stringify(r.raw) ?? null;
    } catch {
      return 'raw must be JSON-serialisable';
    }
  }
  return { index, ts: r.ts, totalKwh, power, voltage, current, powerFactor, success, error, raw };
}

const READING_COLUMNS = ['endpoint_id', 'ts', 'total_kwh', 'power', 'voltage', 'current', 'power_factor', 'success', 'error', 'raw'];

/** Upserts one reading; true when it was new. */
function writeRaw(db: ModuleDb, endpointId: number, r: Row): boolean {
  const success = r.success ? 1 : 0;
  const inserted = stmt(
    db,
    `INSERT INTO ${T.readings} (endpoint_id, ts, total_kwh, power, voltage, current, power_factor, success, error, raw)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (endpoint_id, ts) DO NOTHING`,
  ).run(endpointId, r.ts, r.totalKwh, r.power, r.voltage, r.current, r.powerFactor, success, r.error, r.raw).changes;
  if (inserted) return true;
  stmt(
    db,
    `UPDATE ${T.readings} SET total_kwh = ?, power = ?, voltage = ?, current = ?, power_factor = ?, success = ?, error = ?, raw = ?
     WHERE endpoint_id = ? AND ts = ?`,
  ).run(r.totalKwh, r.power, r.voltage, r.current, r.powerFactor, success, r.error, r.raw, endpointId, r.ts);
  return false;
}

/**
 * Every successful reading is newer than the rollup's last one: extend it in place, and the
 * daily rows (when kept) with one upsert per day touched.
 */
function appendRollup(db: ModuleDb, endpointId: number, last: HourlyRow | undefined, ok: Row[], days: DayFinder | null): void {
  const open = last && floorHour(ok[0]!.ts) === last.hour ? last : null;
  const builder = new HourlyBuilder(db, endpointId, last ? lastPoint(last) : null, open);
  for (const r of ok) builder.add(r.ts, r.totalKwh!);
  builder.finish();
  if (days) appendDays(db, builder.written, days);
}

/**
 * Late, out-of-order or replaced readings between tmin and tmax: rebuild the hours from
 * floorHour(tmin) through the first hour after tmax that holds readings (the pair of readings
 * across its start may have changed), from raw rows, then shift the reset offset and count of
 * every later hour by the change at that hour's last reading. Later pairs of readings are
 * unchanged, so the shift is exact. The daily rows (when kept) follow: the days holding the
 * rebuilt hours are folded again from the hourly rows, and later days get the same shift.
 */
function recomputeRollup(db: ModuleDb, endpointId: number, tmin: number, tmax: number, days: DayFinder | null): void {
  const h0 = floorHour(tmin);
  const before = hourBefore(db, endpointId, h0);
  const next = hourAtOrAfter(db, endpointId, floorHour(tmax) + HOUR_MS);
  const end = next ? next.hour + HOUR_MS : Number.MAX_SAFE_INTEGER;
  const raw = stmt(
    db,
    `SELECT ts, total_kwh FROM ${T.readings} WHERE endpoint_id = ? AND ts >= ? AND ts < ? AND success = 1 ORDER BY ts`,
  ).all<{ ts: number; total_kwh: number }>(endpointId, h0, end);
  stmt(db, `DELETE FROM ${T.hourly} WHERE endpoint_id = ? AND hour >= ? AND hour < ?`).run(endpointId, h0, end);
  const builder = new HourlyBuilder(db, endpointId, before ? lastPoint(before) : null);
  for (const r of raw) builder.add(r.ts, r.total_kwh);
  const lastNew = builder.finish();
  const off = next && lastNew ? lastNew.off - next.last_off : 0;
  const rc = next && lastNew ? lastNew.rc - next.last_rc : 0;
  if (off !== 0 || rc !== 0) {
    stmt(
      db,
      `UPDATE ${T.hourly} SET first_off = first_off + @off, last_off = last_off + @off, first_rc = first_rc + @rc, last_rc = last_rc + @rc
       WHERE endpoint_id = @endpointId AND hour >= @end`,
    ).run({ off, rc, endpointId, end });
  }
  if (!days) return;
  // The days from the one holding h0 through the one holding the last rebuilt hour; every hour
  // of a later day is at or after `end`, so it moved by the shift only.
  const dayEnd = next ? days.nextDayAfter(next.hour) : Number.MAX_SAFE_INTEGER;
  rebuildDays(db, endpointId, days.dayOf(h0), dayEnd, days);
  if ((off !== 0 || rc !== 0) && next) shiftDays(db, endpointId, dayEnd, off, rc);
}

/** Sorted by ts; of readings with the same ts, the last given wins (Array#sort is stable). */
function inTimeOrder(rows: Row[]): Row[] {
  if (rows.every((r, i) => i === 0 || rows[i - 1]!.ts < r.ts)) return rows;
  rows.sort((a, b) => a.ts - b.ts);
  return rows.filter((r, i) => i === rows.length - 1 || rows[i + 1]!.ts !== r.ts);
}

/**
 * Stores readings (idempotent upserts on (endpoint, ts); the last of duplicates in one call
 * wins) and keeps the hourly rollup exact, all in one transaction. Readings that fail
 * validation, name an unknown endpoint or fall before the endpoint's purged raw range are
 * rejected with a reason; the rest are written unless options.allOrNothing is set.
 */
export function ingestReadings(db: ModuleDb, readings: readonly ReadingInput[], options: IngestOptions = {}): IngestResult {
  const rejected: RejectedReading[] = [];
  const groups = new Map<number, Row[]>();
  readings.forEach((input, index) => {
    const row = normalise(input, index);
    if (typeof row === 'string') {
      rejected.push({ index, endpointId: input?.endpointId, ts: input?.ts, reason: row });
      return;
    }
    const group = groups.get(input.endpointId);
    if (group) group.push(row);
    else groups.set(input.endpointId, [row]);
  });

  return db.transaction(() => {
    const reject = (endpointId: number, rows: Iterable<Row>, reason: string): void => {
      for (const r of rows) rejected.push({ index: r.index, endpointId, ts: r.ts, reason });
    };
    for (const [endpointId, group] of groups) {
      if (!stmt(db, `SELECT 1 FROM ${T.endpoints} WHERE id = ?`).get(endpointId)) {
        reject(endpointId, group, `unknown endpoint ${endpointId}`);
        groups.delete(endpointId);
        continue;
      }
      const rows = inTimeOrder(group);
      groups.set(endpointId, rows);
      const purged = stmt(db, `SELECT purged_before FROM ${T.retention} WHERE endpoint_id = ?`).get<{ purged_before: number }>(endpointId);
      if (!purged || rows[0]!.ts >= purged.purged_before) continue;
      const keep = rows.findIndex((r) => r.ts >= purged.purged_before);
      const old = keep < 0 ? rows : rows.slice(0, keep);
      reject(endpointId, old, `older than ${new Date(purged.purged_before).toISOString()}, before which raw readings were purged`);
      groups.set(endpointId, keep < 0 ? [] : rows.slice(keep));
    }
    rejected.sort((a, b) => a.index - b.index);
    if (options.allOrNothing && rejected.length > 0) return { inserted: 0, updated: 0, rejected };

    let inserted = 0;
    let updated = 0;
    const zone = dailyZone(db);
    const days = zone === null ? null : new DayFinder(zone);
    for (const [endpointId, rows] of groups) {
      if (rows.length === 0) continue;
      const newestRaw = stmt(db, `SELECT ts FROM ${T.readings} WHERE endpoint_id = ? ORDER BY ts DESC LIMIT 1`).get<{ ts: number }>(endpointId);
      if (!newestRaw || rows[0]!.ts > newestRaw.ts) {
        // Nothing to replace: the common case of a collector run or an import of new data.
        const values: unknown[] = [];
        for (const r of rows) values.push(endpointId, r.ts, r.totalKwh, r.power, r.voltage, r.current, r.powerFactor, r.success ? 1 : 0, r.error, r.raw);
        insertMany(db, T.readings, READING_COLUMNS, values);
        inserted += rows.length;
      } else {
        for (const r of rows) {
          if (writeRaw(db, endpointId, r)) inserted++;
          else updated++;
        }
      }
      const ok = rows.filter((r) => r.success);
      const last = lastHour(db, endpointId);
      if (!last || rows[0]!.ts > last.last_ts) {
        if (ok.length > 0) appendRollup(db, endpointId, last, ok, days);
      } else recomputeRollup(db, endpointId, rows[0]!.ts, rows[rows.length - 1]!.ts, days);
      if (ok.length > 0) {
        const newest = ok[ok.length - 1]!.ts;
        stmt(db, `UPDATE ${T.endpoints} SET last_read_at = ? WHERE id = ? AND (last_read_at IS NULL OR last_read_at < ?)`).run(newest, endpointId, newest);
      }
    }
    return { inserted, updated, rejected };
  });
}
