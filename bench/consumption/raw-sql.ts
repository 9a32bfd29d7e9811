/**
 * The baselines: each report's answer computed straight from the raw readings with plain SQL,
 * the way one would without rollups. Every statement reads exactly the raw rows of the period
 * through the primary key (endpoint_id, ts) and applies the module's counter rule for resets
 * (an increase is the difference to the previous successful reading, or the new value when the
 * counter dropped). They skip the interpolation at the period's boundaries, so they do a little
 * less than the module does; the speedups they give are, if anything, low.
 */
import type Database from 'better-sqlite3';
import { CLIENT_PRICES, ENDPOINTS, READINGS } from './db';

/** Increase since the previous successful reading of the same endpoint, reset rule applied. */
const INCREASE = `CASE WHEN d IS NULL THEN 0 WHEN d >= 0 THEN d ELSE total_kwh END`;

/** A bucket index from ascending boundaries @b0 < @b1 < … : CASE WHEN ts < @b1 THEN 0 … */
function bucket(bounds: number): string {
  const whens = Array.from({ length: bounds - 1 }, (_, i) => `WHEN ts < @b${i + 1} THEN ${i}`).join(' ');
  return `CASE ${whens} END`;
}

function boundParams(bounds: readonly number[]): Record<string, number> {
  return Object.fromEntries(bounds.map((b, i) => [`b${i}`, b]));
}

/** Successful readings of every endpoint in [@b0, @bN), each with its increase over the one before. */
const allEndpointsIncreases = (last: number): string => `
  SELECT endpoint_id, ts, total_kwh, total_kwh - lag(total_kwh) OVER (PARTITION BY endpoint_id ORDER BY ts) AS d
  FROM ${READINGS}
  WHERE endpoint_id IN (SELECT id FROM ${ENDPOINTS}) AND ts >= @b0 AND ts < @b${last} AND success = 1`;

export const RAW_SQL = {
  monthly: (bounds: number) => `
    SELECT ${bucket(bounds)} AS day, sum(${INCREASE}) AS kwh
    FROM (SELECT ts, total_kwh, total_kwh - lag(total_kwh) OVER (ORDER BY ts) AS d
          FROM ${READINGS} WHERE endpoint_id = @id AND ts >= @b0 AND ts < @b${bounds - 1} AND success = 1)
    GROUP BY day`,
  monthlySummary: `
    SELECT e.id, e.name, e.client_name, coalesce(e.price_per_kwh, p.price_per_kwh) AS price, coalesce(x.kwh, 0) AS kwh
    FROM ${ENDPOINTS} e
    LEFT JOIN (SELECT endpoint_id, sum(${INCREASE}) AS kwh FROM (${allEndpointsIncreases(1)}) GROUP BY endpoint_id) x ON x.endpoint_id = e.id
    LEFT JOIN ${CLIENT_PRICES} p ON p.client_name = e.client_name
    ORDER BY e.client_name IS NULL, e.client_name, e.name, e.id`,
  summary: (bounds: number) => `
    SELECT ${bucket(bounds)} AS period, sum(${INCREASE}) AS kwh
    FROM (${allEndpointsIncreases(bounds - 1)})
    GROUP BY period`,
  liveLatest: `
    SELECT endpoint_id, max(ts) AS ts, total_kwh, power, voltage, current, power_factor, success, error
    FROM ${READINGS} WHERE endpoint_id IN (SELECT id FROM ${ENDPOINTS}) AND ts >= @b0 AND ts <= @now
    GROUP BY endpoint_id`,
  liveMonth: `
    SELECT endpoint_id, sum(${INCREASE}) AS kwh FROM (${allEndpointsIncreases(1)}) GROUP BY endpoint_id`,
  readings: `
    SELECT endpoint_id, ts, total_kwh, power, voltage, current, power_factor, success, error, raw
    FROM ${READINGS} WHERE endpoint_id = @id AND ts < @to ORDER BY ts DESC LIMIT @limit`,
} as const;

export interface RawQueries {
  monthly(id: number, dayStarts: readonly number[]): { day: number; kwh: number }[];
  monthlySummary(from: number, to: number): { id: number; client_name: string | null; price: number | null; kwh: number }[];
  summary(bounds: readonly number[]): { period: number; kwh: number }[];
  live(from: number, now: number): { latest: unknown[]; month: { endpoint_id: number; kwh: number }[] };
  readings(id: number, to: number, limit: number): unknown[];
  plans(): Record<string, string[]>;
}

export function rawQueries(sqlite: Database.Database): RawQueries {
  const cache = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = sqlite.prepare(sql)));
    return s;
  };
  const monthlySummary = prepared(RAW_SQL.monthlySummary);
  const liveLatest = prepared(RAW_SQL.liveLatest);
  const liveMonth = prepared(RAW_SQL.liveMonth);
  const readings = prepared(RAW_SQL.readings);
  const plan = (sql: string, params: Record<string, number>): string[] =>
    (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);
  return {
    monthly: (id, dayStarts) => prepared(RAW_SQL.monthly(dayStarts.length)).all({ id, ...boundParams(dayStarts) }) as { day: number; kwh: number }[],
    monthlySummary: (from, to) => monthlySummary.all({ b0: from, b1: to }) as ReturnType<RawQueries['monthlySummary']>,
    summary: (bounds) => prepared(RAW_SQL.summary(bounds.length)).all(boundParams(bounds)) as { period: number; kwh: number }[],
    live: (from, now) => ({
      latest: liveLatest.all({ b0: from, now }),
      month: liveMonth.all({ b0: from, b1: now + 1 }) as { endpoint_id: number; kwh: number }[],
    }),
    readings: (id, to, limit) => readings.all({ id, to, limit }),
    plans: () => {
      const b = (n: number) => boundParams(Array.from({ length: n }, (_, i) => i));
      return {
        monthly: plan(RAW_SQL.monthly(32), { id: 1, ...b(32) }),
        monthlySummary: plan(RAW_SQL.monthlySummary, b(2)),
        summary: plan(RAW_SQL.summary(13), b(13)),
        liveLatest: plan(RAW_SQL.liveLatest, { b0: 0, now: 1 }),
        liveMonth: plan(RAW_SQL.liveMonth, b(2)),
        readings: plan(RAW_SQL.readings, { id: 1, to: 1, limit: 1000 }),
      };
    },
  };
}
