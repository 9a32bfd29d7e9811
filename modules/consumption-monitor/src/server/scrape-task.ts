import { basename } from 'node:path';
import type { ScrapeAuth, ScrapeResult, ScrapeStep, ScrapeTask } from '@nxforge/sdk';
import type { Endpoint, ReadingInput } from '../lib';
import { addressUrl } from './endpoint-input';
import { VALUE_NAMES, type ScrapingConfig } from './scraping-config';

/** What a scrape needs of an endpoint: saved or a draft being tested. */
export type ScrapeTarget = Pick<Endpoint, 'ipAddress' | 'authType' | 'authConfig' | 'scrapingConfig'>;

/** A task that cannot be built: the field to fix and why. */
export class TaskBuildError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'TaskBuildError';
  }
}

export interface TaskOptions {
  sessionKey?: string;
  screenshotOnError?: boolean;
  screenshotOnSuccess?: boolean;
}

function authOf(target: ScrapeTarget, password: string | null): ScrapeAuth | undefined {
  if (target.authType === 'none') return undefined;
  if (password === null) throw new TaskBuildError('authConfig.password', `no password is stored for this ${target.authType} login: set one on the endpoint`);
  const c = target.authConfig as Record<string, string | undefined>;
  const username = c.username ?? '';
  if (target.authType === 'basic') return { type: 'basic', username, password };
  return {
    type: 'form',
    username,
    password,
    usernameSelector: c.usernameSelector ?? '',
    passwordSelector: c.passwordSelector ?? '',
    submitSelector: c.submitSelector ?? '',
    ...(c.loginUrl ? { loginUrl: c.loginUrl } : {}),
    ...(c.successSelector ? { successSelector: c.successSelector } : {}),
  };
}

/** The scrape of one endpoint: its page, login, the configured steps, then one extract per configured value. */
export function buildTask(target: ScrapeTarget, password: string | null, options: TaskOptions = {}): ScrapeTask {
  const base = addressUrl(target.ipAddress);
  if (!base) throw new TaskBuildError('ipAddress', 'expected an IP address, a host name or an http(s) URL');
  const config = target.scrapingConfig as ScrapingConfig;
  let url: string;
  try {
    url = new URL(config.path ?? '', base).href;
  } catch {
    throw new TaskBuildError('scrapingConfig.path', 'is not a path or URL');
  }
  const steps: ScrapeStep[] = [...(config.steps ?? [])];
  const extracted = new Set(steps.flatMap((s) => (s.type === 'extract' ? [s.name] : [])));
  for (const [key, name] of Object.entries(VALUE_NAMES) as [keyof typeof VALUE_NAMES, string][]) {
    const selector = config[key];
    if (!selector || extracted.has(name)) continue;
    steps.push({
      type: 'extract',
      name,
      selector,
      ...(key === 'valueSelector' ? (config.valueRegex ? { regex: config.valueRegex } : {}) : { optional: true }),
      ...(config.decimal ? { decimal: config.decimal } : {}),
      ...(config.frame ? { frame: config.frame } : {}),
    });
  }
  const auth = authOf(target, password);
  return {
    url,
    ...(auth ? { auth } : {}),
    steps,
    ...(options.sessionKey && auth?.type === 'form' ? { sessionKey: options.sessionKey } : {}),
    ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
    screenshotOnError: options.screenshotOnError ?? true,
    ...(options.screenshotOnSuccess ? { screenshotOnSuccess: true } : {}),
  };
}

export interface MeterValues {
  totalKwh: number | null;
  power: number | null;
  voltage: number | null;
  current: number | null;
  powerFactor: number | null;
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function meterValues(result: ScrapeResult): MeterValues {
  const v = result.values;
  return {
    totalKwh: numberOf(v.totalKwh),
    power: numberOf(v.power),
    voltage: numberOf(v.voltage),
    current: numberOf(v.current),
    powerFactor: numberOf(v.powerFactor),
  };
}

/** Why a scrape that ran gives no usable counter; null when it does. */
export function readProblem(result: ScrapeResult, values: MeterValues): string | null {
  if (!result.ok) return result.error ?? 'the page could not be read';
  if (values.totalKwh === null) return 'the page was read, but the kWh counter (totalKwh) is not a number';
  if (values.totalKwh < 0) return `the kWh counter reads ${values.totalKwh}, and a counter cannot be negative`;
  return null;
}

/** The reading a scrape gives: a success with its values, or a failure with its error and the run's screenshot. */
export function readingOf(endpointId: number, ts: number, result: ScrapeResult, runId?: number): ReadingInput {
  const values = meterValues(result);
  const problem = readProblem(result, values);
  const screenshot = result.artifacts.find((a) => a.kind === 'screenshot');
  const raw = {
    values: result.values,
    steps: result.steps,
    durationMs: result.durationMs,
    finalUrl: result.finalUrl,
    ...(runId === undefined ? {} : { runId }),
    ...(screenshot ? { screenshot: { runId: runId ?? null, name: basename(screenshot.path), path: screenshot.path } } : {}),
  };
  if (problem) return { endpointId, ts, totalKwh: null, success: false, error: problem, raw, power: values.power, voltage: values.voltage, current: values.current, powerFactor: values.powerFactor };
  return { endpointId, ts, ...values, success: true, error: null, raw };
}
