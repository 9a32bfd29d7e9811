/**
 * What the scrape bench and its way process (`way.ts`) say to each other. The parent passes a
 * `WayConfig` as the one argument; the way process answers on stdout with one JSON object per
 * line: `ready` once everything is loaded and before any browser starts, then, after the parent
 * writes `go` on its stdin, `result`.
 */
import type { BrowserCandidate } from '../../src/main/core/scraping/browser-discovery';
import type { ScrapeStep } from '../../src/main/core/scraping/types';

export const WAYS = ['service', 'per-scrape'] as const;
export type WayName = (typeof WAYS)[number];

export interface WayConfig {
  way: WayName;
  urls: string[];
  /** Scrapes at once. */
  concurrency: number;
  /** Run on every page after its `goto`. */
  steps: ScrapeStep[];
  /** A scrape counts as read when every one of these values came back a number. */
  values: string[];
  timeoutMs: number;
}

export interface Outcome {
  ok: boolean;
  /** From the scrape's own start: the pool's waiting is not in it. */
  ms: number;
  error?: string;
}

export type WayMessage =
  | { type: 'ready'; browser: BrowserCandidate }
  | { type: 'result'; wallMs: number; outcomes: Outcome[] }
  | { type: 'error'; message: string };

/** Refuses a config of the wrong shape with what is wrong, before anything starts. */
export function parseWayConfig(text: string | undefined): WayConfig {
  if (text === undefined) throw new Error('way.ts expects one argument: the way config as JSON (the scrape bench passes it)');
  const config = JSON.parse(text) as Partial<WayConfig>;
  const problems = [
    WAYS.includes(config.way as WayName) ? '' : `"way" must be one of ${WAYS.join(', ')}`,
    Array.isArray(config.urls) && config.urls.length > 0 && config.urls.every((u) => typeof u === 'string') ? '' : '"urls" must be a non-empty list of URLs',
    Number.isInteger(config.concurrency) && (config.concurrency ?? 0) > 0 ? '' : '"concurrency" must be a positive integer',
    Array.isArray(config.steps) ? '' : '"steps" must be a list of scrape steps',
    Array.isArray(config.values) ? '' : '"values" must be a list of value names',
    typeof config.timeoutMs === 'number' && config.timeoutMs > 0 ? '' : '"timeoutMs" must be a positive number',
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`bad way config: ${problems.join('; ')}`);
  return config as WayConfig;
}
