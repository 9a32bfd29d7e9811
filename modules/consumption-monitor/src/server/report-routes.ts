import type { ModuleContext } from '@nxforge/sdk';
import { downsample, listReadings, live, MAX_PAGE, monthly, monthlySummary, readingPoints, SERIES_METRICS, summary, wallClock, type SeriesMetric, type SummaryPeriod } from '../lib';
import { guarded, invalid, type FieldIssue } from './errors';
import { appTimeZone, parseTime } from './time';

const PERIODS: SummaryPeriod[] = ['hour', 'day', 'week', 'month', 'year'];
const DAY_MS = 86_400_000;
/** The span a summary covers when `from` is not given, ending at `to`. */
const DEFAULT_SPAN_MS: Record<SummaryPeriod, number> = { hour: 2 * DAY_MS, day: 31 * DAY_MS, week: 84 * DAY_MS, month: 365 * DAY_MS, year: 5 * 365 * DAY_MS };
const TIME = { type: ['string', 'integer'] };
const YEAR_MONTH = {
  year: { type: 'integer', minimum: 1970, maximum: 9999 },
  month: { type: 'integer', minimum: 1, maximum: 12 },
};

/** `from` and `to` of a query; VALIDATION names each bad one, and a range that ends before it starts. */
export function timeRange(query: { from?: unknown; to?: unknown }, timeZone: string): { from?: number; to?: number } {
  const issues: FieldIssue[] = [];
  const from = parseTime(query.from, 'query.from', timeZone, issues);
  const to = parseTime(query.to, 'query.to', timeZone, issues);
  if (from !== undefined && to !== undefined && to <= from) issues.push({ field: 'query.to', message: 'must be after from' });
  if (issues.length) throw invalid(issues);
  return { from, to };
}

/** The year and month asked for, else the current month in the app's time zone. */
export function yearMonth(query: { year?: number; month?: number }, timeZone: string): { year: number; month: number } {
  if ((query.year === undefined) !== (query.month === undefined)) {
    throw invalid([{ field: query.year === undefined ? 'query.year' : 'query.month', message: 'give year and month together, or neither for the current month' }]);
  }
  if (query.year !== undefined && query.month !== undefined) return { year: query.year, month: query.month };
  const now = wallClock(Date.now(), timeZone);
  return { year: now.year, month: now.month };
}

export function reportRoutes(ctx: ModuleContext): void {
  const { routes, db } = ctx;
  const tz = () => appTimeZone(ctx);
  tz();

  routes.get<Record<string, string>, { endpointId: number; from?: string; to?: string; limit: number; cursor?: string }>(
    '/readings',
    {
      summary: 'Raw readings of one endpoint, newest first; pass nextCursor as cursor for the next page',
      query: {
        type: 'object',
        properties: {
          endpointId: { type: 'integer', minimum: 1 },
          from: TIME,
          to: TIME,
          limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 100 },
          cursor: { type: 'string' },
        },
        required: ['endpointId'],
        additionalProperties: false,
      },
    },
    guarded(({ query }) => {
      const range = timeRange(query, tz());
      return listReadings(db, { endpointId: query.endpointId, ...range, limit: query.limit, cursor: query.cursor });
    }),
  );

  routes.get<Record<string, string>, { endpointId: number; metric: SeriesMetric; from?: string; to?: string; maxPoints: number }>(
    '/series',
    {
      summary: 'One metric of an endpoint over any range, thinned for drawing (M4: first, last, min and max per pixel column)',
      query: {
        type: 'object',
        properties: {
          endpointId: { type: 'integer', minimum: 1 },
          metric: { enum: SERIES_METRICS, default: 'power' },
          from: TIME,
          to: TIME,
          maxPoints: { type: 'integer', minimum: 4, maximum: 20_000, default: 2000 },
        },
        required: ['endpointId'],
        additionalProperties: false,
      },
    },
    guarded(({ query }) => {
      const range = timeRange(query, tz());
      const points = readingPoints(db, query.endpointId, query.metric, range.from ?? Number.MIN_SAFE_INTEGER, range.to ?? Number.MAX_SAFE_INTEGER);
      return { endpointId: query.endpointId, metric: query.metric, total: points.length, points: downsample(points, query.maxPoints) };
    }),
  );

  routes.get<{ endpointId: number }, { year?: number; month?: number }>(
    '/monthly/:endpointId',
    {
      summary: 'One endpoint’s consumption for a month of the app’s time zone, with each day',
      params: { type: 'object', properties: { endpointId: { type: 'integer', minimum: 1 } }, required: ['endpointId'] },
      query: { type: 'object', properties: YEAR_MONTH, additionalProperties: false },
    },
    guarded(({ params, query }) => {
      const { year, month } = yearMonth(query, tz());
      return monthly(db, params.endpointId, year, month, tz());
    }),
  );

  routes.get<Record<string, string>, { year?: number; month?: number; maxGapHours?: number }>(
    '/monthly-summary',
    {
      summary: 'Every endpoint’s consumption for a month, per-client totals, and cost where a price is set',
      query: { type: 'object', properties: { ...YEAR_MONTH, maxGapHours: { type: 'number', exclusiveMinimum: 0 } }, additionalProperties: false },
    },
    guarded(({ query }) => {
      const { year, month } = yearMonth(query, tz());
      const defaultPrice = ctx.settings.get<number | null>('defaultPricePerKwh');
      const result = monthlySummary(db, year, month, tz(), {
        ...(query.maxGapHours === undefined ? {} : { maxGapHours: query.maxGapHours }),
        defaultPricePerKwh: typeof defaultPrice === 'number' ? defaultPrice : null,
      });
      return { ...result, currency: ctx.settings.get<string>('currency') ?? null, timeZone: tz() };
    }),
  );

  routes.get<Record<string, string>, { period: SummaryPeriod; from?: string; to?: string }>(
    '/summary',
    {
      summary: 'Total consumption of all endpoints per hour, day, week, month or year of the app’s time zone',
      query: {
        type: 'object',
        properties: { period: { enum: PERIODS }, from: TIME, to: TIME },
        required: ['period'],
        additionalProperties: false,
      },
    },
    guarded(({ query }) => {
      const range = timeRange(query, tz());
      const to = range.to ?? Date.now();
      const from = range.from ?? to - DEFAULT_SPAN_MS[query.period];
      if (to <= from) throw invalid([{ field: 'query.from', message: 'must be before to' }]);
      return { period: query.period, from, to, timeZone: tz(), periods: summary(db, query.period, from, to, tz()) };
    }),
  );

  routes.get('/live', { summary: 'Per endpoint: the latest reading, power, status and consumption so far this month' }, guarded(() => live(db, tz(), Date.now())));
}
