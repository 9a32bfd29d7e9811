import type { ModuleContext } from '@nxforge/sdk';
import { getEndpoint, importReadings, monthlyCsv, readingsCsv, type ImportFormat } from '../lib';
import { guarded, invalid } from './errors';
import { publishReadings } from './events';
import { timeRange, yearMonth } from './report-routes';

/** What GET /export answers: a file for the page to save. */
export interface CsvFile {
  filename: string;
  contentType: 'text/csv';
  content: string;
}

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'endpoint';
const day = (ts: number): string => new Date(ts).toISOString().slice(0, 10);
const TRANSFER_TIMEOUT_MS = 300_000;

export function transferRoutes(ctx: ModuleContext): void {
  const { routes, db } = ctx;
  const tz = () => ctx.app.timeZone();

  routes.get<Record<string, string>, { kind: 'readings' | 'monthly'; endpointId?: number; from?: string; to?: string; year?: number; month?: number }>(
    '/export',
    {
      summary: 'CSV of raw readings (endpointId, from, to: all when omitted) or of a billing month (year, month); answers { filename, contentType, content }',
      query: {
        type: 'object',
        properties: {
          kind: { enum: ['readings', 'monthly'] },
          endpointId: { type: 'integer', minimum: 1 },
          from: { type: ['string', 'integer'] },
          to: { type: ['string', 'integer'] },
          year: { type: 'integer', minimum: 1970, maximum: 9999 },
          month: { type: 'integer', minimum: 1, maximum: 12 },
        },
        required: ['kind'],
        additionalProperties: false,
      },
      timeoutMs: TRANSFER_TIMEOUT_MS,
    },
    guarded(({ query }): CsvFile => {
      const defaultPrice = (): number | null => {
        const value = ctx.settings.get<number | null>('defaultPricePerKwh');
        return typeof value === 'number' ? value : null;
      };
      if (query.kind === 'monthly') {
        const { year, month } = yearMonth(query, tz());
        return { filename: `consumption-${year}-${String(month).padStart(2, '0')}.csv`, contentType: 'text/csv', content: monthlyCsv(db, { year, month, timeZone: tz(), defaultPricePerKwh: defaultPrice() }) };
      }
      const range = timeRange(query, tz());
      const endpoint = query.endpointId === undefined ? null : getEndpoint(db, query.endpointId);
      if (query.endpointId !== undefined && !endpoint) throw invalid([{ field: 'query.endpointId', message: `no endpoint has id ${query.endpointId}` }]);
      const content = readingsCsv(db, { endpointId: query.endpointId, ...range, timeZone: tz() });
      const span = range.from === undefined && range.to === undefined ? '' : `-${range.from === undefined ? 'start' : day(range.from)}-to-${range.to === undefined ? 'now' : day(range.to)}`;
      return { filename: `readings-${endpoint ? slug(endpoint.name) : 'all'}${span}.csv`, contentType: 'text/csv', content };
    }),
  );

  routes.post<Record<string, string>, Record<string, unknown>, { endpointId: number; format: ImportFormat; content: string; mapping?: Record<string, string>; dryRun?: boolean }>(
    '/import',
    {
      summary: 'Imports readings into an endpoint from a CSV (timestamp,totalKwh by default) or a Green Button XML file; a bad file changes nothing',
      body: {
        type: 'object',
        properties: {
          endpointId: { type: 'integer', minimum: 1 },
          format: { enum: ['csv', 'greenbutton'] },
          content: { type: 'string' },
          mapping: { type: 'object', additionalProperties: { type: 'string' } },
          dryRun: { type: 'boolean' },
        },
        required: ['endpointId', 'format', 'content'],
        additionalProperties: false,
      },
      timeoutMs: TRANSFER_TIMEOUT_MS,
    },
    guarded(({ body }) => {
      const report = importReadings(db, { ...body, mapping: body.mapping as Parameters<typeof importReadings>[1]['mapping'], timeZone: tz() });
      if (!body.dryRun && report.inserted + report.updated > 0) publishReadings(ctx, 'import', [body.endpointId]);
      return report;
    }),
  );
}
