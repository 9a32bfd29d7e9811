import { ConsumptionError } from './errors';
import { assertTimeZone, offsetAt } from './time-zone';
import type { ReadingInput } from './types';

/** Maps our fields to the file's column names (matched case-insensitively), and the file's format. */
export interface CsvMapping {
  timestamp?: string;
  totalKwh?: string;
  power?: string;
  voltage?: string;
  current?: string;
  powerFactor?: string;
  /** Optional columns our own export writes; a failed reading may leave totalKwh empty. */
  success?: string;
  error?: string;
  /** Found from the header line when not given: the one of , ; tab it holds most often. */
  delimiter?: ',' | ';' | '\t';
  decimal?: '.' | ',';
  /** IANA zone for times written without an offset. */
  timeZone?: string;
}

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  fields: string[];
  /** Text after a closing quote: the row's fields are not reliable. */
  error?: string;
}

export interface ParsedRow {
  line: number;
  reading: Omit<ReadingInput, 'endpointId'>;
}

export interface CsvRows {
  rows: ParsedRow[];
  rejected: Array<{ line: number; reason: string }>;
}

type Field = 'timestamp' | 'totalKwh' | 'power' | 'voltage' | 'current' | 'powerFactor' | 'success' | 'error';
const FIELDS: readonly Field[] = ['timestamp', 'totalKwh', 'power', 'voltage', 'current', 'powerFactor', 'success', 'error'];
const NUMERIC: ReadonlySet<Field> = new Set(['totalKwh', 'power', 'voltage', 'current', 'powerFactor']);
const DAY_MS = 86_400_000;

function fail(message: string, details?: unknown): never {
  throw new ConsumptionError('VALIDATION', message, details);
}

/**
 * RFC 4180 records: quoted fields (with "" for a quote, and delimiters and line breaks inside),
 * CRLF, LF or CR line ends, a leading BOM, blank lines skipped. An unclosed quote fails the file:
 * where its record would end cannot be known.
 */
export function parseCsvRecords(content: string, delimiter: string): CsvRecord[] {
  const s = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = s.length;
  while (i < n) {
    const record: CsvRecord = { line, fields: [] };
    let endOfRecord = false;
    while (!endOfRecord) {
      let field = '';
      if (s[i] === '"') {
        const openedAt = line;
        i++;
        for (;;) {
          if (i >= n) fail(`Line ${openedAt}: a quoted field is never closed. Check the file's quotes; it is not valid CSV.`, { line: openedAt });
          const c = s[i]!;
          if (c === '"') {
            if (s[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n' || (c === '\r' && s[i + 1] !== '\n')) line++;
          field += c;
          i++;
        }
        const restStart = i;
        while (i < n && s[i] !== delimiter && s[i] !== '\n' && s[i] !== '\r') i++;
        if (i > restStart) record.error ??= `text after a closing quote ("${s.slice(restStart, Math.min(i, restStart + 20))}")`;
      } else {
        const from = i;
        while (i < n && s[i] !== delimiter && s[i] !== '\n' && s[i] !== '\r') i++;
        field = s.slice(from, i);
      }
      record.fields.push(field);
      if (i < n && s[i] === delimiter) {
        i++;
        continue;
      }
      endOfRecord = true;
      if (s[i] === '\r') i++;
      if (s[i] === '\n') i++;
      line++;
    }
    if (record.fields.some((f) => f.trim() !== '')) records.push(record);
  }
  return records;
}

function detectDelimiter(content: string): ',' | ';' | '\t' {
  const first = content.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/, 1)[0] ?? '';
  const count = (d: string): number => first.split(d).length - 1;
  const counts = [[',', count(',')], [';', count(';')], ['\t', count('\t')]] as const;
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The instants whose wall clock in the zone reads `wall` (a UTC-coded local time): none, one or two. */
export function wallClockInstants(wall: number, timeZone: string): number[] {
  const offsets = new Set([offsetAt(wall - DAY_MS, timeZone), offsetAt(wall, timeZone), offsetAt(wall + DAY_MS, timeZone)]);
  const found = [...offsets].map((o) => wall - o).filter((t) => offsetAt(t, timeZone) === wall - t);
  return [...new Set(found)].sort((a, b) => a - b);
}

/** Epoch ms of a CSV time, or the reason it cannot be read. */
export function parseTime(value: string, column: string, timeZone: string | undefined): number | string {
  const v = value.trim();
  if (v === '') return `${column} is empty`;
  if (/^-?\d+$/.test(v)) {
    const ms = Number(v);
    if (!Number.isSafeInteger(ms)) return `${column} "${v}" is out of range`;
    // Epoch seconds of any date since 1973 are below 1e11; as milliseconds they would be 1970.
    if (Math.abs(ms) < 1e11) return `${column} "${v}" reads as ${new Date(ms).toISOString()}: epoch seconds? Times must be epoch milliseconds or ISO 8601`;
    return ms;
  }
  const m = ISO.exec(v);
  if (!m) return `${column} "${v}" is neither ISO 8601 (2025-03-01T00:15:00+01:00) nor epoch milliseconds`;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((x) => (x === undefined ? undefined : Number(x)));
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth(year!, month!) || hour > 23 || minute > 59 || second > 59) {
    return `${column} "${v}" is not a valid date and time`;
  }
  const wall = Date.UTC(year!, month! - 1, day!, hour, minute, second, ms);
  const zone = m[8];
  if (zone) {
    if (zone.toUpperCase() === 'Z') return wall;
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    if (offsetMinutes > 18 * 60 || Number(digits.slice(2) || '0') > 59) return `${column} "${v}" has an invalid offset`;
    return wall - sign * offsetMinutes * 60_000;
  }
  if (!timeZone) return `${column} "${v}" has no UTC offset, so the instant is ambiguous: add the offset (e.g. +01:00 or Z) or give a time zone (mapping.timeZone)`;
  const instants = wallClockInstants(wall, timeZone);
  if (instants.length === 0) return `${column} "${v}" does not exist in ${timeZone} (the clocks jump over it)`;
  if (instants.length > 1) return `${column} "${v}" occurs twice in ${timeZone} (the clocks go back): add the UTC offset to tell which`;
  return instants[0]!;
}

function parseNumber(value: string, column: string, decimal: '.' | ','): number | null | string {
  const v = value.trim();
  if (v === '') return null;
  const normal = decimal === ',' ? (v.includes('.') ? '' : v.replace(',', '.')) : v;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(normal)) {
    const hint = decimal === '.' && /^\d+,\d+$/.test(v) ? ` (decimal comma? set mapping.decimal to ",")` : '';
    return `${column} "${v}" is not a number${hint}`;
  }
  const n = Number(normal);
  return Number.isFinite(n) ? n : `${column} "${v}" is out of range`;
}

function parseSuccess(value: string, column: string): boolean | string {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  return `${column} "${value}" is not true or false`;
}

/** Our export guards text cells against spreadsheet formulas with a leading quote; take it off. */
function unguard(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

function columnIndex(header: string[], mapping: CsvMapping): Map<Field, { index: number; name: string }> {
  const names = header.map((h) => h.trim().toLowerCase());
  const found = new Map<Field, { index: number; name: string }>();
  for (const field of FIELDS) {
    const given = mapping[field];
    if (given !== undefined && (typeof given !== 'string' || given.trim() === '')) fail(`mapping.${field} must be a column name`);
    const wanted = (given ?? field).trim().toLowerCase();
    const index = names.indexOf(wanted);
    if (index >= 0 && names.indexOf(wanted, index + 1) >= 0) fail(`The header has two columns named "${header[index]!.trim()}": rename one.`);
    if (index >= 0) found.set(field, { index, name: header[index]!.trim() });
    else if (given !== undefined) fail(`mapping.${field} names the column "${given}", which the header does not have. The header has: ${header.map((h) => h.trim()).join(', ')}.`);
  }
  const missing = (['timestamp', 'totalKwh'] as const).filter((f) => !found.has(f));
  if (missing.length > 0) {
    fail(
      `The CSV has no ${missing.join(' and no ')} column. The first line must be a header naming the columns, such as timestamp,totalKwh; map other names with mapping.timestamp and mapping.totalKwh. The first line is: ${header.join(',').slice(0, 200)}`,
    );
  }
  return found;
}

/** Reads a CSV of readings: rows to ingest, and each bad row with the reason. A bad file throws. */
export function parseReadingsCsv(content: string, mapping: CsvMapping = {}, timeZone?: string): CsvRows {
  if (content.includes('\0')) fail('The file is binary, not CSV text. Export the readings as CSV (UTF-8).');
  const zone = mapping.timeZone ?? timeZone;
  if (zone !== undefined && typeof zone !== 'string') fail('mapping.timeZone must be an IANA zone name such as Europe/Berlin');
  if (zone !== undefined) assertTimeZone(zone);
  const delimiter = mapping.delimiter ?? detectDelimiter(content);
  if (![',', ';', '\t'].includes(delimiter)) fail('mapping.delimiter must be ",", ";" or a tab');
  const decimal = mapping.decimal ?? '.';
  if (decimal !== '.' && decimal !== ',') fail('mapping.decimal must be "." or ","');
  if (decimal === ',' && delimiter === ',') fail('A decimal comma needs another delimiter: set mapping.delimiter to ";" or a tab.');

  const records = parseCsvRecords(content, delimiter);
  if (records.length === 0) fail('The file is empty: expected a header line (timestamp,totalKwh) and rows of readings.');
  const [head, ...body] = records;
  const columns = columnIndex(head!.fields, mapping);
  const width = head!.fields.length;
  const endpointColumn = head!.fields.findIndex((h) => h.trim().toLowerCase() === 'endpointid');
  if (endpointColumn >= 0) {
    const ids = new Set(body.map((r) => r.fields[endpointColumn]?.trim()).filter((x) => x));
    if (ids.size > 1) fail(`The file holds readings of several endpoints (endpointId ${[...ids].slice(0, 5).join(', ')}): import one endpoint's rows at a time.`);
  }
  if (body.length === 0) fail('The file has a header but no rows of readings.');

  const rows: ParsedRow[] = [];
  const rejected: CsvRows['rejected'] = [];
  const seen = new Map<number, number>();
  for (const record of body) {
    const reason = readRow(record, columns, width, decimal, zone, seen);
    if (typeof reason === 'string') rejected.push({ line: record.line, reason });
    else {
      seen.set(reason.ts, record.line);
      rows.push({ line: record.line, reading: reason });
    }
  }
  return { rows, rejected };
}

function readRow(
  record: CsvRecord,
  columns: Map<Field, { index: number; name: string }>,
  width: number,
  decimal: '.' | ',',
  zone: string | undefined,
  seen: Map<number, number>,
): Omit<ReadingInput, 'endpointId'> | string {
  if (record.error) return record.error;
  if (record.fields.length !== width) return `the row has ${record.fields.length} fields, the header has ${width}`;
  const cell = (f: Field): string | undefined => {
    const c = columns.get(f);
    return c === undefined ? undefined : record.fields[c.index];
  };
  const name = (f: Field): string => columns.get(f)!.name;
  const ts = parseTime(cell('timestamp')!, name('timestamp'), zone);
  if (typeof ts === 'string') return ts;
  const earlier = seen.get(ts);
  if (earlier !== undefined) return `${name('timestamp')} "${cell('timestamp')!.trim()}" repeats the time of line ${earlier}`;
  let success = true;
  if (columns.has('success')) {
    const s = parseSuccess(cell('success')!, name('success'));
    if (typeof s === 'string') return s;
    success = s;
  }
  const values: Partial<Record<Field, number | null>> = {};
  for (const f of FIELDS) {
    if (!NUMERIC.has(f) || !columns.has(f)) continue;
    const v = parseNumber(cell(f)!, name(f), decimal);
    if (typeof v === 'string') return v;
    values[f] = v;
  }
  const total = values.totalKwh ?? null;
  if (success && total === null) return `${name('totalKwh')} is empty`;
  if (total !== null && total < 0) return `${name('totalKwh')} "${cell('totalKwh')!.trim()}" is negative: a meter's counter cannot be`;
  const error = columns.has('error') ? unguard(cell('error')!) : '';
  return {
    ts,
    totalKwh: total,
    power: values.power ?? null,
    voltage: values.voltage ?? null,
    current: values.current ?? null,
    powerFactor: values.powerFactor ?? null,
    success,
    error: error === '' ? null : error,
  };
}
