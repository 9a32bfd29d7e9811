import { ConsumptionError } from './errors';
import { HOUR_MS } from './sql';
import type { SummaryPeriod } from './types';

/**
 * Calendar arithmetic in an IANA time zone with Intl only. A local day starts at the first
 * instant whose wall clock reads that date, so DST days have 23 or 25 hours, and a day whose
 * midnight is skipped (a DST jump at 00:00) starts when the clock jumps.
 */

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new ConsumptionError('VALIDATION', `Unknown time zone "${timeZone}": expected an IANA name such as Europe/Berlin or UTC.`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

function formattedWallClock(ts: number, timeZone: string): WallClock {
  const w: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(ts)) {
    if (part.type in w) w[part.type as keyof WallClock] = Number(part.value);
  }
  return w;
}

// Offsets change only at transitions, which since 1972 all fall on a whole UTC minute and
// never twice within 15 minutes. So an offset is cached per zone and quarter hour when it is
// the same at both ends of the quarter; the few quarters holding a transition are computed per
// call. That saves formatToParts (about 20 µs) on nearly every call.
const QUARTER_MS = 900_000;
const offsets = new Map<string, Map<number, number>>();

function exactOffset(ts: number, timeZone: string): number {
  const w = formattedWallClock(ts, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ts / 1000) * 1000;
}

/** Local time minus UTC at the instant, in ms (Europe/Berlin in summer: 7_200_000). */
export function offsetAt(ts: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  const quarter = Math.floor(ts / QUARTER_MS);
  let offset = zone.get(quarter);
  if (offset === undefined) {
    const start = exactOffset(quarter * QUARTER_MS, timeZone);
    offset = start === exactOffset((quarter + 1) * QUARTER_MS - 1000, timeZone) ? start : Number.NaN;
    if (zone.size > 200_000) zone.clear();
    zone.set(quarter, offset);
  }
  return Number.isNaN(offset) ? exactOffset(ts, timeZone) : offset;
}

export function wallClock(ts: number, timeZone: string): WallClock {
  const d = new Date(ts + offsetAt(ts, timeZone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** Start of the local day y-m-d; the date may overflow (day 32, month 13) and is normalised. */
export function localDayStart(year: number, month: number, day: number, timeZone: string): number {
  const t0 = Date.UTC(year, month - 1, day);
  const offsets = new Set([offsetAt(t0 - 86_400_000, timeZone), offsetAt(t0, timeZone), offsetAt(t0 + 86_400_000, timeZone)]);
  let best: number | null = null;
  for (const o of offsets) {
    const candidate = t0 - o;
    if (offsetAt(candidate, timeZone) === o && (best === null || candidate < best)) best = candidate;
  }
  if (best !== null) return best;
  // Midnight does not exist: the day starts at the jump, which is midnight on the earlier offset.
  return t0 - Math.min(...offsets);
}

export function isoDate(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.toISOString().slice(0, 10);
}

/** Starts of the month's days plus the next month's first: days + 1 instants. */
export function monthDayStarts(year: number, month: number, timeZone: string): { starts: number[]; dates: string[] } {
  assertMonth(year, month);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const starts: number[] = [];
  const dates: string[] = [];
  for (let d = 1; d <= days + 1; d++) {
    starts.push(localDayStart(year, month, d, timeZone));
    if (d <= days) dates.push(isoDate(year, month, d));
  }
  return { starts, dates };
}

/** A month's days in a zone, as `monthDayStarts` gives them, and whether the daily rollup can answer it. */
export interface MonthDays {
  readonly starts: readonly number[];
  readonly dates: readonly string[];
  /**
   * Every start is a whole UTC hour and the first instant of its own date, so the hourly rows,
   * and the daily rows folded from them, split exactly there.
   */
  readonly onWholeHours: boolean;
}

const monthCache = new Map<string, MonthDays>();

/** `monthDayStarts`, computed once per (zone, year, month): reports ask for the same months again and again. */
export function monthDays(year: number, month: number, timeZone: string): MonthDays {
  const key = `${timeZone}|${year}|${month}`;
  let m = monthCache.get(key);
  if (!m) {
    const { starts, dates } = monthDayStarts(year, month, timeZone);
    const onWholeHours = starts.every((s) => {
      const w = wallClock(s, timeZone);
      return s % HOUR_MS === 0 && localDayStart(w.year, w.month, w.day, timeZone) === s;
    });
    m = Object.freeze({ starts: Object.freeze(starts), dates: Object.freeze(dates), onWholeHours });
    if (monthCache.size >= 10_000) monthCache.clear();
    monthCache.set(key, m);
  }
  return m;
}

export function monthStart(year: number, month: number, timeZone: string): number {
  return localDayStart(year, month, 1, timeZone);
}

export function assertMonth(year: number, month: number): void {
  if (!Number.isInteger(year) || year < 1970 || year > 9999) throw new ConsumptionError('VALIDATION', `year must be an integer from 1970 to 9999, got ${year}`);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new ConsumptionError('VALIDATION', `month must be an integer from 1 to 12, got ${month}`);
}

function floorLocalHour(ts: number, timeZone: string): number {
  const w = wallClock(ts, timeZone);
  return Math.floor(ts / 1000) * 1000 - (w.minute * 60 + w.second) * 1000;
}

/** The start of the local period holding ts. Weeks start on Monday. */
export function periodStart(period: SummaryPeriod, ts: number, timeZone: string): number {
  if (period === 'hour') return floorLocalHour(ts, timeZone);
  const w = wallClock(ts, timeZone);
  switch (period) {
    case 'day':
      return localDayStart(w.year, w.month, w.day, timeZone);
    case 'week': {
      const sinceMonday = (new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() + 6) % 7;
      return localDayStart(w.year, w.month, w.day - sinceMonday, timeZone);
    }
    case 'month':
      return localDayStart(w.year, w.month, 1, timeZone);
    case 'year':
      return localDayStart(w.year, 1, 1, timeZone);
  }
}

/** The start of the period after the one starting at `start`. */
export function nextPeriodStart(period: SummaryPeriod, start: number, timeZone: string): number {
  if (period === 'hour') {
    // The next instant whose wall clock shows a whole hour: an hour later, except where the
    // offset changes by half an hour (Australia/Lord_Howe), which makes that local hour 30 or 90 minutes.
    for (const step of [HOUR_MS / 2, HOUR_MS, (HOUR_MS * 3) / 2]) {
      const w = wallClock(start + step, timeZone);
      if (w.minute === 0 && w.second === 0) return start + step;
    }
    return start + HOUR_MS;
  }
  const w = wallClock(start, timeZone);
  switch (period) {
    case 'day':
      return localDayStart(w.year, w.month, w.day + 1, timeZone);
    case 'week':
      return localDayStart(w.year, w.month, w.day + 7, timeZone);
    case 'month':
      return localDayStart(w.year, w.month + 1, 1, timeZone);
    case 'year':
      return localDayStart(w.year + 1, 1, 1, timeZone);
  }
}

export const MAX_PERIODS = 10_000;

/** Boundaries of the whole periods overlapping [from, to): periods + 1 instants. */
export function periodBoundaries(period: SummaryPeriod, from: number, to: number, timeZone: string): number[] {
  assertTimeZone(timeZone);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) throw new ConsumptionError('VALIDATION', 'from must be before to');
  const bounds = [periodStart(period, from, timeZone)];
  while (bounds[bounds.length - 1]! < to) {
    if (bounds.length > MAX_PERIODS) throw new ConsumptionError('VALIDATION', `More than ${MAX_PERIODS} ${period} periods: narrow the range or use a longer period.`);
    bounds.push(nextPeriodStart(period, bounds[bounds.length - 1]!, timeZone));
  }
  return bounds;
}

/** ISO 8601 local time with the zone's offset, e.g. 2025-03-30T00:00:00+01:00. */
export function isoLocal(ts: number, timeZone: string): string {
  const offsetMinutes = Math.round(offsetAt(ts, timeZone) / 60_000);
  const local = new Date(ts + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
