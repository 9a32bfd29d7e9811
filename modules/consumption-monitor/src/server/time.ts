import type { ModuleContext, ModuleDb } from '@nxforge/sdk';
import { localDayStart, setDailyZone, wallClock } from '../lib';
import type { FieldIssue } from './errors';

const followed = new WeakMap<ModuleDb, string>();

/**
 * The app's time zone setting. The setting can change while the module runs, so the first call
 * that sees a zone other than the last one seen makes the daily rollup follow it (a rebuild from
 * the hourly rows, once per change). Reports answer the same either way: until the rollup follows,
 * `monthly` reads the hourly rows. A rebuild that fails (the database busy with another writer)
 * is logged and tried again on the next call.
 */
export function appTimeZone(ctx: Pick<ModuleContext, 'app' | 'db' | 'logger'>): string {
  const zone = ctx.app.timeZone();
  if (followed.get(ctx.db) !== zone) {
    try {
      setDailyZone(ctx.db, zone);
      followed.set(ctx.db, zone);
    } catch (err) {
      ctx.logger.warn(`The daily rollup could not follow the time zone ${zone}; monthly reports read the hourly rows until it does.`, {
        error: (err as Error).message,
      });
    }
  }
  return zone;
}

const EPOCH_MS = /^-?\d{1,16}$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A time given as epoch milliseconds, as ISO 8601 with an offset (`2025-03-01T00:00:00+01:00`,
 * `…Z`), or as a date (`2025-03-01`: the start of that day in the app's time zone). A date and
 * time without an offset is refused: it would mean different instants in different places.
 */
export function parseTime(value: unknown, field: string, timeZone: string, issues: FieldIssue[]): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (EPOCH_MS.test(text)) return Number(text);
    const date = DATE_ONLY.exec(text);
    if (date) {
      const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
      if (m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        const start = localDayStart(y, m, d, timeZone);
        const check = wallClock(start, timeZone);
        if (check.month === m && check.day === d) return start;
      }
    } else if (WITH_OFFSET.test(text)) {
      const ms = Date.parse(text);
      if (Number.isFinite(ms)) return ms;
    } else if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
      issues.push({ field, message: 'needs an offset: end it with Z or +01:00, or give epoch milliseconds' });
      return undefined;
    }
  }
  issues.push({ field, message: 'expected ISO 8601 with an offset (2025-03-01T00:00:00+01:00), a date (2025-03-01) or epoch milliseconds' });
  return undefined;
}
