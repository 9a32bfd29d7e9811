/** Public shapes of the consumption engine. Times are epoch milliseconds (UTC) unless named ISO. */

export interface ReadingInput {
  endpointId: number;
  /** Integer epoch milliseconds. A second reading with the same endpoint and ts replaces the first. */
  ts: number;
  /** The meter's cumulative counter. Required when success is true. */
  totalKwh: number | null;
  /** Watts. */
  power?: number | null;
  voltage?: number | null;
  current?: number | null;
  powerFactor?: number | null;
  /** Defaults to true. A failed read is stored for status and history and ignored for consumption. */
  success?: boolean;
  error?: string | null;
  /** Anything JSON-serialisable the scraper saw; stored as JSON text. */
  raw?: unknown;
}

export interface Reading {
  endpointId: number;
  ts: number;
  totalKwh: number | null;
  power: number | null;
  voltage: number | null;
  current: number | null;
  powerFactor: number | null;
  success: boolean;
  error: string | null;
  raw: unknown;
}

export interface RejectedReading {
  /** Position in the array given to ingestReadings. */
  index: number;
  endpointId: unknown;
  ts: unknown;
  reason: string;
}

export interface IngestResult {
  inserted: number;
  updated: number;
  rejected: RejectedReading[];
}

export interface IngestOptions {
  /** When any reading is rejected, write nothing (an import that must apply whole). */
  allOrNothing?: boolean;
}

export interface ConsumptionResult {
  consumptionKwh: number;
  /** The counter at the start, on the meter's own scale (after a reset: the new counter). */
  startKwh: number | null;
  endKwh: number | null;
  /** Both boundaries are known: from a reading on each side, or a reading exactly on it. */
  complete: boolean;
  startInterpolated: boolean;
  endInterpolated: boolean;
  /** Counter drops (resets or meter replacements) counted inside the period. */
  resets: number;
  /** An interpolated boundary lies between readings further apart than options.maxGapHours. */
  gapWarning: boolean;
}

export interface ConsumptionOptions {
  maxGapHours?: number;
}

export interface DayConsumption {
  /** Local date, YYYY-MM-DD. */
  date: string;
  consumptionKwh: number;
  complete: boolean;
}

export interface MonthlyReport {
  endpointId: number;
  year: number;
  month: number;
  consumptionKwh: number;
  startKwh: number | null;
  endKwh: number | null;
  complete: boolean;
  days: DayConsumption[];
}

export interface MonthlySummaryEndpoint {
  endpointId: number;
  name: string;
  clientName: string | null;
  consumptionKwh: number;
  complete: boolean;
  /** The endpoint's price, else its client's default, else null. */
  pricePerKwh: number | null;
  cost: number | null;
  gapWarning: boolean;
}

export interface MonthlySummaryClient {
  clientName: string | null;
  consumptionKwh: number;
  /** Null when any endpoint of the client has no price: a partial bill must not look whole. */
  cost: number | null;
  /** How many endpoints the client has. */
  endpoints: number;
  complete: boolean;
}

export interface MonthlySummary {
  year: number;
  month: number;
  endpoints: MonthlySummaryEndpoint[];
  clients: MonthlySummaryClient[];
  totalKwh: number;
  /** Sum of the costs that are known; null when no endpoint has a price. */
  totalCost: number | null;
}

export type SummaryPeriod = 'hour' | 'day' | 'week' | 'month' | 'year';

export interface SummaryRow {
  /** Local start of the period, ISO 8601 with the zone's offset. */
  start: string;
  consumptionKwh: number;
  complete: boolean;
}

export type LiveStatus = 'ok' | 'failing' | 'stale' | 'never';

export interface LiveReading {
  ts: number;
  totalKwh: number | null;
  power: number | null;
  voltage: number | null;
  current: number | null;
  powerFactor: number | null;
  success: boolean;
  error: string | null;
}

export interface LiveEndpoint {
  endpointId: number;
  name: string;
  clientName: string | null;
  enabled: boolean;
  status: LiveStatus;
  lastReading: LiveReading | null;
  /** Watts, from the latest reading when it succeeded. */
  power: number | null;
  monthToDateKwh: number;
  /** The month's start is known (a reading on each side of it), so the figure covers the whole month so far. */
  monthComplete: boolean;
}

export interface ListReadingsQuery {
  endpointId: number;
  from?: number;
  to?: number;
  limit: number;
  /** The nextCursor of the previous page. */
  cursor?: string | null;
}

export interface ReadingsPage {
  readings: Reading[];
  nextCursor: string | null;
}

export interface ChartPoint {
  ts: number;
  value: number;
}
