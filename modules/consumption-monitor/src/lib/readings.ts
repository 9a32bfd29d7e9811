import type { ModuleDb } from '@nxforge/sdk';
import { assertEndpoint } from './consumption';
import { ConsumptionError } from './errors';
import { hourBefore } from './hourly';
import { floorHour, stmt, T } from './sql';
import type { ChartPoint, ListReadingsQuery, Reading, ReadingsPage } from './types';

export const MAX_PAGE = 10_000;

interface ReadingRow {
  endpoint_id: number;
  ts: number;
  total_kwh: number | null;
  power: number | null;
  voltage: number | null;
  current: number | null;
  power_factor: number | null;
  success: number;
  error: string | null;
  raw: string | null;
}

function parseRaw(raw: string | null): unknown {
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function toReading(r: ReadingRow): Reading {
  return {
    endpointId: r.endpoint_id,
    ts: r.ts,
    totalKwh: r.total_kwh,
    power: r.power,
    voltage: r.voltage,
    current: r.current,
    powerFactor: r.power_factor,
    success: r.success === 1,
    error: r.error,
    raw: parseRaw(r.raw),
  };
}

/**
 * Raw readings of one endpoint in [from, to), newest first, a page at a time. The cursor is
 * the ts of the page's last reading; the next page seeks below it on the primary key, so every
 * page costs the same however deep it is.
 */
export function listReadings(db: ModuleDb, query: ListReadingsQuery): ReadingsPage {
  const { endpointId, limit } = query;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new ConsumptionError('VALIDATION', `limit must be an integer from 1 to ${MAX_PAGE}`);
  const from = query.from ?? Number.MIN_SAFE_INTEGER;
  let to = query.to ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new ConsumptionError('VALIDATION', 'from and to must be integer epoch milliseconds');
  if (query.cursor !== undefined && query.cursor !== null) {
    const cursor = Number(query.cursor);
    if (!/^-?\d+$/.test(query.cursor) || !Number.isSafeInteger(cursor)) throw new ConsumptionError('VALIDATION', 'cursor is not one this route returned');
    to = Math.min(to, cursor);
  }
  assertEndpoint(db, endpointId);
  const rows = stmt(
    db,
    `SELECT endpoint_id, ts, total_kwh, power, voltage, current, power_factor, success, error, raw
     FROM ${T.readings} WHERE endpoint_id = ? AND ts >= ? AND ts < ? ORDER BY ts DESC LIMIT ?`,
  ).all<ReadingRow>(endpointId, from, to, limit + 1);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { readings: page.map(toReading), nextCursor: more ? String(page[page.length - 1]!.ts) : null };
}

/**
 * Deletes raw readings older than the cutoff, rounded down to a whole UTC hour, and keeps the
 * hourly rollup, so reports of those months still answer. Later readings older than that
 * hour are refused by ingestReadings. One transaction per endpoint keeps writers waiting briefly.
 */
export function deleteRawReadingsBefore(db: ModuleDb, cutoffMs: number): number {
  if (!Number.isFinite(cutoffMs)) throw new ConsumptionError('VALIDATION', 'cutoffMs must be epoch milliseconds');
  const cutoff = floorHour(cutoffMs);
  let deleted = 0;
  for (const { id } of stmt(db, `SELECT id FROM ${T.endpoints} ORDER BY id`).all<{ id: number }>()) {
    db.transaction(() => {
      deleted += stmt(db, `DELETE FROM ${T.readings} WHERE endpoint_id = ? AND ts < ?`).run(id, cutoff).changes;
      if (!hourBefore(db, id, cutoff)) return;
      stmt(
        db,
        `INSERT INTO ${T.retention} (endpoint_id, purged_before) VALUES (?, ?)
         ON CONFLICT (endpoint_id) DO UPDATE SET purged_before = max(purged_before, excluded.purged_before)`,
      ).run(id, cutoff);
    });
  }
  return deleted;
}

const METRIC_COLUMNS = { totalKwh: 'total_kwh', power: 'power', voltage: 'voltage', current: 'current', powerFactor: 'power_factor' } as const;
export type SeriesMetric = keyof typeof METRIC_COLUMNS;
export const SERIES_METRICS = Object.keys(METRIC_COLUMNS) as SeriesMetric[];

/**
 * One metric of an endpoint's successful readings in [from, to), oldest first, skipping
 * readings without it: the points of a chart, to be thinned with downsample() for drawing.
 */
export function readingPoints(db: ModuleDb, endpointId: number, metric: SeriesMetric, from: number, to: number): ChartPoint[] {
  const column = METRIC_COLUMNS[metric];
  if (!column) throw new ConsumptionError('VALIDATION', `metric must be one of ${SERIES_METRICS.join(', ')}`);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new ConsumptionError('VALIDATION', 'from and to must be integer epoch milliseconds');
  assertEndpoint(db, endpointId);
  return stmt(
    db,
    `SELECT ts, ${column} AS value FROM ${T.readings}
     WHERE endpoint_id = ? AND ts >= ? AND ts < ? AND success = 1 AND ${column} IS NOT NULL ORDER BY ts`,
  ).all<ChartPoint>(endpointId, from, to);
}
