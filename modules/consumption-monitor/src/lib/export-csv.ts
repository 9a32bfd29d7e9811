import type { ModuleDb } from '@nxforge/sdk';
import { assertEndpoint, consumption } from './consumption';
import { ConsumptionError } from './errors';
import { monthlySummary } from './reports';
import { stmt, T } from './sql';
import { assertMonth, assertTimeZone, isoLocal, localDayStart } from './time-zone';

/**
 * CSV exports (RFC 4180, CRLF line ends). Text cells that a spreadsheet would run as a formula
 * (starting with = + - @, a tab or a carriage return) get a leading quote; numbers never do.
 */

export const READINGS_CSV_HEADER = ['endpointId', 'endpointName', 'timestamp', 'totalKwh', 'power', 'voltage', 'current', 'powerFactor', 'success', 'error'];
export const MONTHLY_CSV_HEADER = ['kind', 'endpointId', 'endpoint', 'client', 'consumptionKwh', 'startKwh', 'endKwh', 'complete', 'pricePerKwh', 'cost'];

type Cell = string | number | boolean | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** ISO 8601 in the zone with its offset, with milliseconds when the time has any. */
export function isoWithMs(ts: number, timeZone: string): string {
  const ms = ((ts % 1000) + 1000) % 1000;
  const whole = isoLocal(ts - ms, timeZone);
  return ms === 0 ? whole : `${whole.slice(0, 19)}.${String(ms).padStart(3, '0')}${whole.slice(19)}`;
}

interface ExportRow {
  endpoint_id: number;
  name: string;
  ts: number;
  total_kwh: number | null;
  power: number | null;
  voltage: number | null;
  current: number | null;
  power_factor: number | null;
  success: number;
  error: string | null;
}

export interface ReadingsCsvQuery {
  /** One endpoint, or every endpoint when omitted. */
  endpointId?: number;
  /** Epoch ms, [from, to). */
  from?: number;
  to?: number;
  /** IANA zone of the timestamps; UTC when omitted. */
  timeZone?: string;
}

/** Raw readings, oldest first per endpoint. One endpoint's export imports back through importReadings. */
export function readingsCsv(db: ModuleDb, query: ReadingsCsvQuery = {}): string {
  const timeZone = query.timeZone ?? 'UTC';
  assertTimeZone(timeZone);
  const from = query.from ?? Number.MIN_SAFE_INTEGER;
  const to = query.to ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new ConsumptionError('VALIDATION', 'from and to must be integer epoch milliseconds');
  if (to <= from) throw new ConsumptionError('VALIDATION', 'from must be before to');
  if (query.endpointId !== undefined) assertEndpoint(db, query.endpointId);
  const columns = `r.endpoint_id, e.name, r.ts, r.total_kwh, r.power, r.voltage, r.current, r.power_factor, r.success, r.error`;
  const rows =
    query.endpointId === undefined
      ? stmt(db, `SELECT ${columns} FROM ${T.readings} r JOIN ${T.endpoints} e ON e.id = r.endpoint_id WHERE r.ts >= ? AND r.ts < ? ORDER BY r.endpoint_id, r.ts`).all<ExportRow>(from, to)
      : stmt(db, `SELECT ${columns} FROM ${T.readings} r JOIN ${T.endpoints} e ON e.id = r.endpoint_id WHERE r.endpoint_id = ? AND r.ts >= ? AND r.ts < ? ORDER BY r.ts`).all<ExportRow>(
          query.endpointId,
          from,
          to,
        );
  const out = [csvLine(READINGS_CSV_HEADER)];
  for (const r of rows) {
    out.push(csvLine([r.endpoint_id, r.name, isoWithMs(r.ts, timeZone), r.total_kwh, r.power, r.voltage, r.current, r.power_factor, r.success === 1, r.error]));
  }
  return out.join('');
}

export interface MonthlyCsvQuery {
  year: number;
  month: number;
  timeZone: string;
  /** The module's default price, for endpoints and clients without one (as /monthly-summary uses it). */
  defaultPricePerKwh?: number | null;
}

/**
 * The billing month: a row per endpoint (kind "endpoint"), then one per client (kind "client")
 * and the grand total (kind "total"), from monthlySummary; start and end counters per endpoint.
 */
export function monthlyCsv(db: ModuleDb, query: MonthlyCsvQuery): string {
  const { year, month, timeZone } = query;
  assertTimeZone(timeZone);
  assertMonth(year, month);
  const from = localDayStart(year, month, 1, timeZone);
  const to = localDayStart(year, month + 1, 1, timeZone);
  const [summary, counters] = db.transaction(() => {
    const s = monthlySummary(db, year, month, timeZone, { defaultPricePerKwh: query.defaultPricePerKwh ?? null });
    return [s, new Map(s.endpoints.map((e) => [e.endpointId, consumption(db, e.endpointId, from, to)]))] as const;
  });
  const out = [csvLine(MONTHLY_CSV_HEADER)];
  for (const e of summary.endpoints) {
    const c = counters.get(e.endpointId)!;
    out.push(csvLine(['endpoint', e.endpointId, e.name, e.clientName, e.consumptionKwh, c.startKwh, c.endKwh, e.complete, e.pricePerKwh, e.cost]));
  }
  for (const c of summary.clients) out.push(csvLine(['client', null, null, c.clientName, c.consumptionKwh, null, null, c.complete, null, c.cost]));
  const complete = summary.endpoints.every((e) => e.complete);
  out.push(csvLine(['total', null, null, null, summary.totalKwh, null, null, complete, null, summary.totalCost]));
  return out.join('');
}
