import type { ScrapeStep } from '@nxforge/sdk';
import type { FieldIssue } from './errors';

/**
 * An endpoint's `scrapingConfig`: where the kWh counter is on the meter's page and how to get
 * there. Steps are stored in the app's step shape; NxForge's `{ type, selector, value, timeout }`
 * steps are accepted and converted (`value` becomes a goto's url, a wait's ms, a press's key).
 */
export interface ScrapingConfig {
  /** The page to open, relative to the endpoint's address (e.g. `/status.html`); default: the address. */
  path?: string;
  /** Run before the values are read: navigation, clicks, form input, waits, extra extracts. */
  steps?: ScrapeStep[];
  /** CSS selector of the kWh counter. Needed unless a step extracts a value named `totalKwh`. */
  valueSelector?: string;
  /** Applied to the counter's text; its first capture group (else the match) is the number. */
  valueRegex?: string;
  /** Optional selectors; a missing element gives no value instead of a failed read. Power is in watts. */
  powerSelector?: string;
  voltageSelector?: string;
  currentSelector?: string;
  powerFactorSelector?: string;
  /** The page's decimal separator when it is known (`1.234` vs `1,234`). */
  decimal?: '.' | ',';
  /** Read the values inside this iframe (its name, a CSS selector of it, or part of its URL). */
  frame?: string;
  /** The whole read, login included; default 60 000 ms. */
  timeoutMs?: number;
}

export const VALUE_NAMES = { valueSelector: 'totalKwh', powerSelector: 'power', voltageSelector: 'voltage', currentSelector: 'current', powerFactorSelector: 'powerFactor' } as const;

const STEP_TYPES = ['goto', 'click', 'fill', 'select', 'press', 'wait', 'waitForSelector', 'extract'] as const;
const STEP_KEYS = new Set(['type', 'selector', 'value', 'timeout', 'frame', 'url', 'ms', 'key', 'state', 'name', 'regex', 'parse', 'attribute', 'decimal', 'optional']);
const CONFIG_KEYS = new Set(['path', 'steps', 'valueSelector', 'valueRegex', 'powerSelector', 'voltageSelector', 'currentSelector', 'powerFactorSelector', 'decimal', 'frame', 'timeoutMs']);
const MAX_STEPS = 100;
const MAX_TIMEOUT_MS = 300_000;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

class Reader {
  constructor(
    private readonly issues: FieldIssue[],
    private readonly prefix: string,
  ) {}

  problem(field: string, message: string): void {
    this.issues.push({ field: `${this.prefix}${field}`, message });
  }

  text(o: Record<string, unknown>, key: string, field: string, required: boolean, max = 2000): string | undefined {
    const v = o[key];
    if (v === undefined || v === null || v === '') {
      if (required) this.problem(field, 'is required');
      return undefined;
    }
    if (typeof v !== 'string' && typeof v !== 'number') {
      this.problem(field, 'expected text');
      return undefined;
    }
    const s = String(v);
    if (s.length > max) this.problem(field, `is longer than ${max} characters`);
    return s;
  }

  ms(o: Record<string, unknown>, key: string, field: string, max = MAX_TIMEOUT_MS): number | undefined {
    const v = o[key];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) {
      this.problem(field, `expected whole milliseconds from 0 to ${max}`);
      return undefined;
    }
    return n;
  }

  regex(o: Record<string, unknown>, key: string, field: string): string | undefined {
    const source = this.text(o, key, field, false);
    if (source === undefined) return undefined;
    try {
      new RegExp(source);
    } catch (err) {
      this.problem(field, `is not a valid regular expression: ${(err as Error).message}`);
    }
    return source;
  }
}

function parseStep(raw: unknown, i: number, r: Reader): ScrapeStep | null {
  const at = `steps[${i}]`;
  if (!isObject(raw)) {
    r.problem(at, 'expected an object with a type');
    return null;
  }
  for (const key of Object.keys(raw)) if (!STEP_KEYS.has(key)) r.problem(`${at}.${key}`, 'is not a known step field');
  const type = raw.type;
  if (typeof type !== 'string' || !(STEP_TYPES as readonly string[]).includes(type)) {
    r.problem(`${at}.type`, `expected one of ${STEP_TYPES.join(', ')}`);
    return null;
  }
  const common: { timeout?: number; frame?: string } = {};
  const timeout = r.ms(raw, 'timeout', `${at}.timeout`);
  if (timeout !== undefined) common.timeout = timeout;
  const frame = r.text(raw, 'frame', `${at}.frame`, false, 500);
  if (frame !== undefined) common.frame = frame;
  const selector = (required: boolean) => r.text(raw, 'selector', `${at}.selector`, required, 1000);
  switch (type) {
    case 'goto': {
      const url = r.text(raw, raw.url !== undefined ? 'url' : 'value', `${at}.url`, true);
      return url === undefined ? null : { ...common, type, url };
    }
    case 'click': {
      const s = selector(true);
      return s === undefined ? null : { ...common, type, selector: s };
    }
    case 'fill':
    case 'select': {
      const s = selector(true);
      const value = raw.value === undefined || raw.value === null ? undefined : String(raw.value as string | number);
      if (value === undefined) r.problem(`${at}.value`, 'is required');
      return s === undefined || value === undefined ? null : { ...common, type, selector: s, value };
    }
    case 'press': {
      const key = r.text(raw, raw.key !== undefined ? 'key' : 'value', `${at}.key`, true, 50);
      const s = selector(false);
      return key === undefined ? null : { ...common, type, key, ...(s === undefined ? {} : { selector: s }) };
    }
    case 'wait': {
      // NxForge kept a wait's length in `value` (or `timeout`).
      const source = raw.ms !== undefined ? 'ms' : raw.value !== undefined ? 'value' : 'timeout';
      const ms = r.ms(raw, source, `${at}.ms`, 60_000);
      if (ms === undefined && raw[source] === undefined) r.problem(`${at}.ms`, 'is required');
      return ms === undefined ? null : { type, ms, ...(frame === undefined ? {} : { frame }) };
    }
    case 'waitForSelector': {
      const s = selector(true);
      const state = raw.state;
      if (state !== undefined && !['attached', 'detached', 'visible', 'hidden'].includes(state as string)) {
        r.problem(`${at}.state`, 'expected one of attached, detached, visible, hidden');
      }
      return s === undefined ? null : { ...common, type, selector: s, ...(state === undefined ? {} : { state: state as 'visible' }) };
    }
    default: {
      const name = r.text(raw, 'name', `${at}.name`, true, 100);
      const s = selector(true);
      const regex = r.regex(raw, 'regex', `${at}.regex`);
      const parse = raw.parse;
      if (parse !== undefined && parse !== 'number' && parse !== 'text') r.problem(`${at}.parse`, 'expected number or text');
      const decimal = raw.decimal;
      if (decimal !== undefined && decimal !== '.' && decimal !== ',') r.problem(`${at}.decimal`, 'expected "." or ","');
      const attribute = r.text(raw, 'attribute', `${at}.attribute`, false, 100);
      if (raw.optional !== undefined && typeof raw.optional !== 'boolean') r.problem(`${at}.optional`, 'expected true or false');
      if (name === undefined || s === undefined) return null;
      return {
        ...common,
        type: 'extract',
        name,
        selector: s,
        ...(regex === undefined ? {} : { regex }),
        ...(parse === undefined ? {} : { parse: parse as 'number' }),
        ...(decimal === undefined ? {} : { decimal: decimal as '.' }),
        ...(attribute === undefined ? {} : { attribute }),
        ...(raw.optional === true ? { optional: true } : {}),
      };
    }
  }
}

/** Checks and normalises a scrapingConfig; problems are added to `issues` under `prefix`. */
export function parseScrapingConfig(value: unknown, issues: FieldIssue[], prefix: string): ScrapingConfig {
  const r = new Reader(issues, prefix);
  if (!isObject(value)) {
    r.problem('', 'expected an object');
    return {};
  }
  for (const key of Object.keys(value)) if (!CONFIG_KEYS.has(key)) r.problem(`.${key}`, 'is not a known field');
  const out: ScrapingConfig = {};
  const path = r.text(value, 'path', '.path', false);
  if (path !== undefined) out.path = path;
  for (const key of Object.keys(VALUE_NAMES) as (keyof typeof VALUE_NAMES)[]) {
    const selector = r.text(value, key, `.${key}`, false, 1000);
    if (selector !== undefined) out[key] = selector;
  }
  const regex = r.regex(value, 'valueRegex', '.valueRegex');
  if (regex !== undefined) out.valueRegex = regex;
  if (value.decimal !== undefined && value.decimal !== null) {
    if (value.decimal === '.' || value.decimal === ',') out.decimal = value.decimal;
    else r.problem('.decimal', 'expected "." or ","');
  }
  const frame = r.text(value, 'frame', '.frame', false, 500);
  if (frame !== undefined) out.frame = frame;
  const timeoutMs = r.ms(value, 'timeoutMs', '.timeoutMs');
  if (timeoutMs !== undefined) {
    if (timeoutMs < 1000) r.problem('.timeoutMs', 'expected at least 1000 ms');
    else out.timeoutMs = timeoutMs;
  }
  if (value.steps !== undefined && value.steps !== null) {
    if (!Array.isArray(value.steps)) r.problem('.steps', 'expected a list of steps');
    else if (value.steps.length > MAX_STEPS) r.problem('.steps', `holds more than ${MAX_STEPS} steps`);
    else {
      const steps = value.steps.map((s, i) => parseStep(s, i, new Reader(issues, `${prefix}.`)));
      if (steps.every((s) => s !== null)) out.steps = steps;
    }
  }
  return out;
}

/** True when the config reads a kWh counter: a valueSelector, or a step extracting `totalKwh`. */
export function readsCounter(config: ScrapingConfig): boolean {
  return Boolean(config.valueSelector) || (config.steps ?? []).some((s) => s.type === 'extract' && s.name === VALUE_NAMES.valueSelector);
}
