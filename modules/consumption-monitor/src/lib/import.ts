import type { ModuleDb } from '@nxforge/sdk';
import { assertEndpoint } from './consumption';
import { ConsumptionError } from './errors';
import { type GreenButtonData, type GreenButtonMapping, type GreenButtonSource, parseGreenButton } from './greenbutton';
import { type CsvMapping, type ParsedRow, parseReadingsCsv } from './import-csv';
import { ingestReadings } from './ingest';
import { stmt, T } from './sql';
import type { ReadingInput } from './types';

export type ImportFormat = 'csv' | 'greenbutton';

export interface ImportOptions {
  endpointId: number;
  format: ImportFormat;
  content: string;
  /** CSV: column names and format. Green Button: which usage point or meter reading to import. */
  mapping?: CsvMapping & GreenButtonMapping;
  /** IANA zone for CSV times without an offset (mapping.timeZone wins). */
  timeZone?: string;
  /** Validate and count, write nothing. */
  dryRun?: boolean;
}

export interface ImportReport {
  format: ImportFormat;
  /** Readings new to the endpoint. */
  inserted: number;
  /** Readings whose time the endpoint already had; they were replaced (by the same values on a re-import). */
  updated: number;
  /** line: the file's 1-based line (CSV) or the IntervalReading's 1-based position in the file (Green Button). */
  rejected: Array<{ line: number; reason: string }>;
  /** Epoch ms of the first and last reading written. */
  first: number | null;
  last: number | null;
  /** Green Button: the usage point and meter reading imported, and the ones the feed offers. */
  source?: GreenButtonSource;
  /** Green Button: what imports but may surprise a report (the counter built from the file meets other readings). */
  warnings: string[];
}

/** Larger files are refused before they are parsed. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

function fail(message: string, details?: unknown): never {
  throw new ConsumptionError('VALIDATION', message, details);
}

function byteLength(s: string): number {
  return s.length * 3 <= MAX_IMPORT_BYTES ? s.length : Buffer.byteLength(s, 'utf8');
}

function checkOptions(o: ImportOptions): void {
  if (o === null || typeof o !== 'object') fail('The import needs { endpointId, format, content }.');
  if (!Number.isSafeInteger(o.endpointId) || o.endpointId <= 0) fail('endpointId must be a positive integer: the endpoint to import into.');
  if (o.format !== 'csv' && o.format !== 'greenbutton') fail(`format must be "csv" or "greenbutton", got ${JSON.stringify(o.format)}.`);
  if (typeof o.content !== 'string') fail('content must be the file as text.');
  if (o.mapping !== undefined && (o.mapping === null || typeof o.mapping !== 'object' || Array.isArray(o.mapping))) fail('mapping must be an object.');
  if (o.timeZone !== undefined && typeof o.timeZone !== 'string') fail('timeZone must be an IANA zone name.');
  if (o.content.trim() === '') fail('The file is empty.');
  const bytes = byteLength(o.content);
  if (bytes > MAX_IMPORT_BYTES) fail(`The file is ${(bytes / 1048576).toFixed(1)} MB; at most 50 MB can be imported at once. Split it (by time) and import the parts.`);
}

/** The endpoint's counter at `ts`: its last successful reading at or before it (from the rollup if raw rows were purged). */
function counterAt(db: ModuleDb, endpointId: number, ts: number): number | null {
  const raw = stmt(db, `SELECT total_kwh FROM ${T.readings} WHERE endpoint_id = ? AND ts <= ? AND success = 1 ORDER BY ts DESC LIMIT 1`).get<{ total_kwh: number }>(endpointId, ts);
  if (raw) return raw.total_kwh;
  const hour = stmt(db, `SELECT last_kwh FROM ${T.hourly} WHERE endpoint_id = ? AND hour <= ? AND last_ts <= ? ORDER BY hour DESC LIMIT 1`).get<{ last_kwh: number }>(endpointId, ts, ts);
  return hour ? hour.last_kwh : null;
}

/** Existing readings the imported counter does not line up with, which reports would read as resets or mixed series. */
function overlapWarnings(db: ModuleDb, endpointId: number, rows: ParsedRow[]): string[] {
  const warnings: string[] = [];
  const first = rows[0]!.reading.ts;
  const last = rows[rows.length - 1]!.reading.ts;
  const ours = new Set(rows.map((r) => r.reading.ts));
  const inside = stmt(db, `SELECT ts FROM ${T.readings} WHERE endpoint_id = ? AND ts > ? AND ts < ? AND success = 1`)
    .all<{ ts: number }>(endpointId, first, last)
    .filter((r) => !ours.has(r.ts)).length;
  if (inside > 0) warnings.push(`${inside} existing readings of the endpoint fall inside the imported period at other times; reports will mix them with the imported counter.`);
  const next = stmt(db, `SELECT ts, total_kwh FROM ${T.readings} WHERE endpoint_id = ? AND ts > ? AND success = 1 ORDER BY ts LIMIT 1`).get<{ ts: number; total_kwh: number }>(endpointId, last);
  const end = rows[rows.length - 1]!.reading.totalKwh!;
  if (next && next.total_kwh < end) {
    warnings.push(
      `The endpoint's next reading (${new Date(next.ts).toISOString()}, ${next.total_kwh} kWh) is below the imported counter's end (${end} kWh); reports will count that drop as a meter reset.`,
    );
  }
  return warnings;
}

/** value × 10^exponent without the float error of multiplying by 0.001. */
export function scaled(value: number, exponent: number): number {
  return exponent >= 0 ? value * 10 ** exponent : value / 10 ** -exponent;
}

/**
 * Interval energy as a cumulative counter starting at `base`: a reading at the start of the
 * first interval (and of any interval after a gap, where the file holds no energy) and one at
 * each interval's end carrying base + the energy so far.
 */
export function cumulativeReadings(data: Pick<GreenButtonData, 'intervals' | 'exponent'>, base: number): Array<{ line: number; ts: number; totalKwh: number }> {
  const out: Array<{ line: number; ts: number; totalKwh: number }> = [];
  let sum = 0;
  let prevEnd: number | null = null;
  for (const iv of data.intervals) {
    if (prevEnd !== iv.start) out.push({ line: iv.line, ts: iv.start, totalKwh: base + scaled(sum, data.exponent) });
    sum += iv.value;
    out.push({ line: iv.line, ts: iv.end, totalKwh: base + scaled(sum, data.exponent) });
    prevEnd = iv.end;
  }
  return out;
}

class DryRun {
  constructor(readonly report: ImportReport) {}
}

/**
 * Imports a CSV of readings or a Green Button feed into one endpoint through ingestReadings, in
 * one transaction. A bad file throws ConsumptionError and writes nothing; a bad row is listed in
 * `rejected` and the rest is imported. See README.md, "Import and export".
 */
export function importReadings(db: ModuleDb, options: ImportOptions): ImportReport {
  checkOptions(options);
  const { endpointId, format, content, mapping = {}, dryRun = false } = options;
  assertEndpoint(db, endpointId);

  const parsed = format === 'csv' ? parseReadingsCsv(content, mapping, options.timeZone) : null;
  const feed = format === 'greenbutton' ? parseGreenButton(content, mapping) : null;
  const parseRejected = parsed?.rejected ?? feed!.rejected;
  if ((parsed?.rows.length ?? feed!.intervals.length) === 0) {
    const sample = parseRejected.slice(0, 3).map((r) => `line ${r.line}: ${r.reason}`).join('; ');
    fail(`No usable rows: all ${parseRejected.length} were rejected (${sample}). Nothing was imported.`, { rejected: parseRejected });
  }

  const run = (): ImportReport => {
    let rows: ParsedRow[];
    if (parsed) rows = [...parsed.rows].sort((a, b) => a.reading.ts - b.reading.ts);
    else {
      const base = counterAt(db, endpointId, feed!.intervals[0]!.start) ?? 0;
      rows = cumulativeReadings(feed!, base).map(({ line, ts, totalKwh }) => ({ line, reading: { ts, totalKwh } }));
    }
    // A CSV carries the meter's own counter; a Green Button counter is built here and may not line up.
    const warnings = feed ? overlapWarnings(db, endpointId, rows) : [];
    const inputs: ReadingInput[] = rows.map((r) => ({ ...r.reading, endpointId }));
    const result = ingestReadings(db, inputs);
    const refused = new Set(result.rejected.map((r) => r.index));
    const rejected = [...parseRejected, ...result.rejected.map((r) => ({ line: rows[r.index]!.line, reason: r.reason }))].sort((a, b) => a.line - b.line);
    const written = rows.filter((_, i) => !refused.has(i));
    if (written.length === 0) {
      fail(`No usable rows: all were rejected (${rejected.slice(0, 3).map((r) => `line ${r.line}: ${r.reason}`).join('; ')}). Nothing was imported.`, { rejected });
    }
    const report: ImportReport = {
      format,
      inserted: result.inserted,
      updated: result.updated,
      rejected,
      first: written[0]!.reading.ts,
      last: written[written.length - 1]!.reading.ts,
      warnings,
    };
    if (feed) report.source = feed.source;
    if (dryRun) throw new DryRun(report);
    return report;
  };

  try {
    return db.transaction(run);
  } catch (e) {
    if (e instanceof DryRun) return e.report;
    throw e;
  }
}
