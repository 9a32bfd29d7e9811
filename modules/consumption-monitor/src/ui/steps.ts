/**
 * The step builder's model: every step as a row of text fields (what the inputs hold), turned
 * into the scraping engine's steps on save with an error naming the step and field.
 */
import type { ScrapeStep } from './api';

export type StepType = ScrapeStep['type'];

export const STEP_TYPES: { type: StepType; label: string; hint: string }[] = [
  { type: 'goto', label: 'Go to page', hint: 'Open an address, absolute or relative to the endpoint address.' },
  { type: 'click', label: 'Click', hint: 'Click the element a CSS selector finds.' },
  { type: 'fill', label: 'Fill in', hint: 'Type a value into an input field.' },
  { type: 'select', label: 'Choose option', hint: 'Pick an option of a <select> by its value.' },
  { type: 'press', label: 'Press key', hint: 'Press a key (Enter, Tab…), in an element or the page.' },
  { type: 'wait', label: 'Wait', hint: 'Pause for a number of milliseconds.' },
  { type: 'waitForSelector', label: 'Wait for element', hint: 'Wait until an element is there (e.g. values drawn by script).' },
  { type: 'extract', label: 'Read value', hint: 'Read a number from an element; a regex picks it out of the text.' },
];

/** The values the collection stores; totalKwh (the cumulative counter) is the one it needs. */
export const VALUE_NAMES = [
  { name: 'totalKwh', label: 'Energy (kWh)' },
  { name: 'power', label: 'Power (W)' },
  { name: 'voltage', label: 'Voltage (V)' },
  { name: 'current', label: 'Current (A)' },
  { name: 'powerFactor', label: 'Power factor' },
] as const;

export interface StepDraft {
  /** Stable key for React while steps move around. */
  key: number;
  type: StepType;
  url: string;
  selector: string;
  value: string;
  key_: string;
  ms: string;
  state: '' | 'attached' | 'detached' | 'visible' | 'hidden';
  name: string;
  regex: string;
  attribute: string;
  decimal: '' | '.' | ',';
  optional: boolean;
  timeout: string;
  frame: string;
}

let nextKey = 1;

export function emptyStep(type: StepType): StepDraft {
  return {
    key: nextKey++,
    type,
    url: '',
    selector: '',
    value: '',
    key_: type === 'press' ? 'Enter' : '',
    ms: type === 'wait' ? '1000' : '',
    state: '',
    name: type === 'extract' ? 'totalKwh' : '',
    regex: '',
    attribute: '',
    decimal: '',
    optional: false,
    timeout: '',
    frame: '',
  };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Steps as stored → rows for the builder. Unknown fields are dropped by the engine's schema anyway. */
export function toDrafts(steps: unknown): StepDraft[] {
  if (!Array.isArray(steps)) return [];
  return steps.map((raw) => {
    const s = (raw ?? {}) as Record<string, unknown>;
    const type = STEP_TYPES.some((t) => t.type === s.type) ? (s.type as StepType) : 'goto';
    const state = ['attached', 'detached', 'visible', 'hidden'].includes(text(s.state)) ? (s.state as StepDraft['state']) : '';
    return {
      ...emptyStep(type),
      url: text(s.url),
      selector: text(s.selector),
      value: text(s.value),
      key_: text(s.key),
      ms: text(s.ms),
      state,
      name: text(s.name),
      regex: text(s.regex),
      attribute: text(s.attribute),
      decimal: s.decimal === '.' || s.decimal === ',' ? s.decimal : '',
      optional: s.optional === true,
      timeout: text(s.timeout),
      frame: text(s.frame),
    };
  });
}

export interface StepIssue {
  step: number;
  field: string;
  message: string;
}

function positiveInt(value: string): number | null {
  const n = Number(value.trim());
  return value.trim() !== '' && Number.isInteger(n) && n >= 0 ? n : null;
}

/** Rows → the engine's steps, or the problems, each naming the step (1-based) and field. */
export function fromDrafts(drafts: readonly StepDraft[]): { steps: ScrapeStep[]; issues: StepIssue[] } {
  const issues: StepIssue[] = [];
  const steps: ScrapeStep[] = [];
  drafts.forEach((d, i) => {
    const n = i + 1;
    const need = (field: keyof StepDraft, label: string): string => {
      const v = String(d[field]).trim();
      if (!v) issues.push({ step: n, field: label, message: `${label} is required` });
      return v;
    };
    const common: { timeout?: number; frame?: string } = {};
    if (d.timeout.trim()) {
      const t = positiveInt(d.timeout);
      if (t === null || t === 0 || t > 300_000) issues.push({ step: n, field: 'timeout', message: 'timeout must be whole milliseconds from 1 to 300000' });
      else common.timeout = t;
    }
    if (d.frame.trim()) common.frame = d.frame.trim();
    switch (d.type) {
      case 'goto':
        steps.push({ type: 'goto', url: need('url', 'address'), ...common });
        break;
      case 'click':
        steps.push({ type: 'click', selector: need('selector', 'selector'), ...common });
        break;
      case 'fill':
      case 'select':
        steps.push({ type: d.type, selector: need('selector', 'selector'), value: d.value, ...common });
        break;
      case 'press':
        steps.push({ type: 'press', key: need('key_', 'key'), ...(d.selector.trim() ? { selector: d.selector.trim() } : {}), ...common });
        break;
      case 'wait': {
        const ms = positiveInt(d.ms);
        if (ms === null || ms > 60_000) issues.push({ step: n, field: 'milliseconds', message: 'milliseconds must be a whole number from 0 to 60000' });
        steps.push({ type: 'wait', ms: ms ?? 0, ...common });
        break;
      }
      case 'waitForSelector':
        steps.push({ type: 'waitForSelector', selector: need('selector', 'selector'), ...(d.state ? { state: d.state } : {}), ...common });
        break;
      case 'extract': {
        const regex = d.regex.trim();
        if (regex) {
          try {
            new RegExp(regex);
          } catch (err) {
            issues.push({ step: n, field: 'regex', message: `regex is not valid: ${(err as Error).message}` });
          }
        }
        steps.push({
          type: 'extract',
          name: need('name', 'value name'),
          selector: need('selector', 'selector'),
          ...(regex ? { regex } : {}),
          ...(d.attribute.trim() ? { attribute: d.attribute.trim() } : {}),
          ...(d.decimal ? { decimal: d.decimal } : {}),
          ...(d.optional ? { optional: true } : {}),
          ...common,
        });
        break;
      }
    }
  });
  return { steps, issues };
}

export function moveStep<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return list.slice();
  const out = list.slice();
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item!);
  return out;
}
