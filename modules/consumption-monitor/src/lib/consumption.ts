import type { ModuleDb } from '@nxforge/sdk';
import { bracketsFor } from './brackets';
import { dailyBrackets } from './daily';
import { periodConsumption } from './counter';
import { ConsumptionError } from './errors';
import { stmt, T } from './sql';
import { assertMonth, assertTimeZone, monthDays } from './time-zone';
import type { ConsumptionOptions, ConsumptionResult, MonthlyReport } from './types';

export function assertEndpoint(db: ModuleDb, endpointId: number): void {
  if (!Number.isSafeInteger(endpointId) || !stmt(db, `SELECT 1 FROM ${T.endpoints} WHERE id = ?`).get(endpointId)) {
    throw new ConsumptionError('NOT_FOUND', `No endpoint ${endpointId}`);
  }
}

export function maxGapMs(options: ConsumptionOptions | undefined): number {
  const hours = options?.maxGapHours;
  if (hours === undefined) return Infinity;
  if (typeof hours !== 'number' || !(hours > 0)) throw new ConsumptionError('VALIDATION', 'maxGapHours must be a positive number');
  return hours * 3_600_000;
}

/** Consumption of one endpoint over [from, to), epoch ms, with the semantics of README.md. */
export function consumption(db: ModuleDb, endpointId: number, from: number, to: number, options?: ConsumptionOptions): ConsumptionResult {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to <= from) {
    throw new ConsumptionError('VALIDATION', 'from and to must be integer epoch milliseconds with from < to');
  }
  const gap = maxGapMs(options);
  assertEndpoint(db, endpointId);
  const [start, end] = db.transaction(() => bracketsFor(db, endpointId, [from, to]));
  return periodConsumption(from, to, start!, end!, gap);
}

/**
 * The rollup a month's day boundaries are read from: `daily` when the daily rows are kept for
 * `timezone` and every day of the month starts on a whole UTC hour, else `hourly`. Both give the
 * same brackets; the daily rows read one short range where the hourly ones seek per boundary.
 */
export type MonthlyRollup = 'daily' | 'hourly';

/** One endpoint, one local month, with a row per local day. */
export function monthly(db: ModuleDb, endpointId: number, year: number, month: number, timezone: string): MonthlyReport {
  return monthlyFrom(db, endpointId, year, month, timezone, 'daily');
}

/**
 * `monthly` with the rollup chosen: `hourly` always reads the hourly rows; `daily` reads the
 * daily rows where they can answer and falls back to the hourly rows elsewhere.
 */
export function monthlyFrom(db: ModuleDb, endpointId: number, year: number, month: number, timezone: string, rollup: MonthlyRollup): MonthlyReport {
  assertTimeZone(timezone);
  assertMonth(year, month);
  const { starts, dates, onWholeHours } = monthDays(year, month, timezone);
  if (!Number.isSafeInteger(endpointId)) throw new ConsumptionError('NOT_FOUND', `No endpoint ${endpointId}`);
  const fromDaily = rollup === 'daily' && onWholeHours ? dailyBrackets(db, endpointId, timezone, starts) : null;
  const brackets =
    fromDaily ??
    db.transaction(() => {
      assertEndpoint(db, endpointId);
      return bracketsFor(db, endpointId, starts);
    });
  const days = dates.map((date, i) => {
    const day = periodConsumption(starts[i]!, starts[i + 1]!, brackets[i]!, brackets[i + 1]!);
    return { date, consumptionKwh: day.consumptionKwh, complete: day.complete };
  });
  const n = dates.length;
  const whole = periodConsumption(starts[0]!, starts[n]!, brackets[0]!, brackets[n]!);
  return {
    endpointId,
    year,
    month,
    consumptionKwh: whole.consumptionKwh,
    startKwh: whole.startKwh,
    endKwh: whole.endKwh,
    complete: whole.complete,
    days,
  };
}
