/**
 * What the module's routes answer, as the pages read it. The shapes come from the engine's
 * types (src/lib) and the route handlers (src/server).
 */
import type { ScrapeStep, StepReport } from '@nxforge/sdk';
import type { AuthType, Endpoint, EndpointType } from '../lib/endpoints';
import type { ChartPoint, LiveEndpoint, LiveStatus, MonthlyReport, MonthlySummary, ReadingsPage, SummaryPeriod, SummaryRow } from '../lib/types';
import type { EndpointView } from '../server/endpoint-routes';
import type { ReadingsEvent } from '../server/events';
import type { CsvFile } from '../server/transfer-routes';
import type { ImportReport } from '../lib/import';
import type { ScrapingConfig } from '../server/scraping-config';
import type { TestScrapeResult } from '../server/test-scrape';

export type {
  AuthType,
  ChartPoint,
  CsvFile,
  Endpoint,
  EndpointType,
  EndpointView,
  ImportReport,
  LiveEndpoint,
  LiveStatus,
  MonthlyReport,
  MonthlySummary,
  ReadingsEvent,
  ReadingsPage,
  ScrapeStep,
  ScrapingConfig,
  StepReport,
  SummaryPeriod,
  SummaryRow,
  TestScrapeResult,
};

export const ENDPOINT_TYPES: { value: EndpointType; label: string }[] = [
  { value: 'PDU', label: 'Rack PDU' },
  { value: 'PowerMeter', label: 'Power meter' },
  { value: 'SmartPlug', label: 'Smart plug' },
  { value: 'Custom', label: 'Custom' },
];

export type SeriesMetric = 'totalKwh' | 'power' | 'voltage' | 'current' | 'powerFactor';

/** GET /series: one metric of an endpoint, thinned for drawing; `total` is how many readings it stands for. */
export interface SeriesAnswer {
  endpointId: number;
  metric: SeriesMetric;
  total: number;
  points: ChartPoint[];
}

/** GET /summary: all endpoints' consumption per period of the app's time zone. */
export interface SummaryAnswer {
  period: SummaryPeriod;
  from: number;
  to: number;
  timeZone: string;
  periods: SummaryRow[];
}

/** GET /monthly-summary, with the module's currency setting and the time zone the month is counted in. */
export type MonthlySummaryAnswer = MonthlySummary & { currency: string | null; timeZone: string };

/** GET /clients. */
export interface ClientView {
  clientName: string;
  endpoints: number;
  pricePerKwh: number | null;
}
