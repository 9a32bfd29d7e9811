/**
 * The endpoint form's model: what its inputs hold, made from an endpoint and turned back into
 * a request body, with every problem naming the field the way the routes do (`body.name`).
 */
import type { AuthType, EndpointType, EndpointView, ScrapingConfig } from './api';
import { fromDrafts, toDrafts, type StepDraft } from './steps';

export const SELECTOR_FIELDS = [
  { key: 'valueSelector', label: 'Energy counter (kWh)', placeholder: '#energy-kwh' },
  { key: 'powerSelector', label: 'Power (W)', placeholder: 'optional' },
  { key: 'voltageSelector', label: 'Voltage (V)', placeholder: 'optional' },
  { key: 'currentSelector', label: 'Current (A)', placeholder: 'optional' },
  { key: 'powerFactorSelector', label: 'Power factor', placeholder: 'optional' },
] as const;

type SelectorKey = (typeof SELECTOR_FIELDS)[number]['key'];

export interface EndpointDraft extends Record<SelectorKey, string> {
  name: string;
  ipAddress: string;
  type: EndpointType;
  vendor: string;
  location: string;
  clientName: string;
  enabled: boolean;
  pollInterval: string;
  pricePerKwh: string;
  authType: AuthType;
  username: string;
  /** Typed here; empty keeps the stored one. */
  password: string;
  /** The stored password is to be removed on save. */
  clearPassword: boolean;
  loginUrl: string;
  usernameSelector: string;
  passwordSelector: string;
  submitSelector: string;
  successSelector: string;
  path: string;
  valueRegex: string;
  decimal: '' | '.' | ',';
  frame: string;
  timeoutMs: string;
  steps: StepDraft[];
}

export interface FieldProblem {
  field: string;
  message: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export function newDraft(): EndpointDraft {
  return fromEndpoint(null);
}

export function fromEndpoint(e: EndpointView | null): EndpointDraft {
  const auth = (e?.authConfig ?? {}) as Record<string, unknown>;
  const config = (e?.scrapingConfig ?? {}) as ScrapingConfig;
  return {
    name: e?.name ?? '',
    ipAddress: e?.ipAddress ?? '',
    type: e?.type ?? 'PowerMeter',
    vendor: e?.vendor ?? '',
    location: e?.location ?? '',
    clientName: e?.clientName ?? '',
    enabled: e?.enabled ?? true,
    pollInterval: String(e?.pollInterval ?? 15),
    pricePerKwh: e?.pricePerKwh === null || e?.pricePerKwh === undefined ? '' : String(e.pricePerKwh),
    authType: e?.authType ?? 'none',
    username: str(auth.username),
    password: '',
    clearPassword: false,
    loginUrl: str(auth.loginUrl),
    usernameSelector: str(auth.usernameSelector),
    passwordSelector: str(auth.passwordSelector),
    submitSelector: str(auth.submitSelector),
    successSelector: str(auth.successSelector),
    ...configFields(config),
  };
}

/** The scraping part of a draft from a stored (or typed-in JSON) scrapingConfig. */
export function configFields(config: ScrapingConfig): Pick<EndpointDraft, SelectorKey | 'path' | 'valueRegex' | 'decimal' | 'frame' | 'timeoutMs' | 'steps'> {
  return {
    path: str(config.path),
    valueSelector: str(config.valueSelector),
    powerSelector: str(config.powerSelector),
    voltageSelector: str(config.voltageSelector),
    currentSelector: str(config.currentSelector),
    powerFactorSelector: str(config.powerFactorSelector),
    valueRegex: str(config.valueRegex),
    decimal: config.decimal === '.' || config.decimal === ',' ? config.decimal : '',
    frame: str(config.frame),
    timeoutMs: config.timeoutMs === undefined ? '' : String(config.timeoutMs),
    steps: toDrafts(config.steps),
  };
}

/** The draft's scrapingConfig, leaving out what is empty. */
export function scrapingConfigOf(d: EndpointDraft, problems: FieldProblem[]): ScrapingConfig {
  const config: ScrapingConfig = {};
  if (d.path.trim()) config.path = d.path.trim();
  for (const { key } of SELECTOR_FIELDS) if (d[key].trim()) config[key] = d[key].trim();
  if (d.valueRegex.trim()) {
    try {
      new RegExp(d.valueRegex.trim());
      config.valueRegex = d.valueRegex.trim();
    } catch (err) {
      problems.push({ field: 'body.scrapingConfig.valueRegex', message: `is not a valid regular expression: ${(err as Error).message}` });
    }
  }
  if (d.decimal) config.decimal = d.decimal;
  if (d.frame.trim()) config.frame = d.frame.trim();
  if (d.timeoutMs.trim()) {
    const ms = Number(d.timeoutMs);
    if (!Number.isInteger(ms) || ms < 1000 || ms > 300_000) problems.push({ field: 'body.scrapingConfig.timeoutMs', message: 'expected whole milliseconds from 1000 to 300000' });
    else config.timeoutMs = ms;
  }
  const { steps, issues } = fromDrafts(d.steps);
  for (const issue of issues) problems.push({ field: `body.scrapingConfig.steps[${issue.step - 1}].${issue.field}`, message: `step ${issue.step}: ${issue.message}` });
  if (steps.length) config.steps = steps;
  return config;
}

export function readsCounter(d: EndpointDraft): boolean {
  return Boolean(d.valueSelector.trim()) || d.steps.some((s) => s.type === 'extract' && s.name.trim() === 'totalKwh' && s.selector.trim());
}

/** The request body for POST (create) or PUT (replace), or the problems found before sending. */
export function toBody(d: EndpointDraft, hadPassword: boolean): { body: Record<string, unknown>; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (!d.name.trim()) problems.push({ field: 'body.name', message: 'Give the endpoint a name, e.g. "Rack A3 PDU".' });
  if (!d.ipAddress.trim()) problems.push({ field: 'body.ipAddress', message: 'Give the meter’s address: an IP, a host name or a URL.' });
  const poll = Number(d.pollInterval);
  if (!Number.isInteger(poll) || poll < 1 || poll > 10_080) problems.push({ field: 'body.pollInterval', message: 'Poll interval: whole minutes from 1 to 10080.' });
  const price = d.pricePerKwh.trim() === '' ? null : Number(d.pricePerKwh.replace(',', '.'));
  if (price !== null && (!Number.isFinite(price) || price < 0)) problems.push({ field: 'body.pricePerKwh', message: 'Price per kWh: a number of 0 or more, or empty.' });

  const authConfig: Record<string, unknown> = {};
  if (d.authType !== 'none') {
    if (!d.username.trim()) problems.push({ field: 'body.authConfig.username', message: 'A user name is needed for this login.' });
    authConfig.username = d.username.trim();
    if (d.password) authConfig.password = d.password;
    else if (d.clearPassword) authConfig.password = null;
    else if (!hadPassword) problems.push({ field: 'body.authConfig.password', message: 'Type the password for this login.' });
  } else if (hadPassword) {
    authConfig.password = null;
  }
  if (d.authType === 'form') {
    if (d.loginUrl.trim()) authConfig.loginUrl = d.loginUrl.trim();
    for (const [key, label] of [
      ['usernameSelector', 'user name field'],
      ['passwordSelector', 'password field'],
      ['submitSelector', 'log-in button'],
    ] as const) {
      if (!d[key].trim()) problems.push({ field: `body.authConfig.${key}`, message: `Give the CSS selector of the ${label}.` });
      else authConfig[key] = d[key].trim();
    }
    if (d.successSelector.trim()) authConfig.successSelector = d.successSelector.trim();
  }

  const scrapingConfig = scrapingConfigOf(d, problems);
  if (d.enabled && !readsCounter(d)) {
    problems.push({
      field: 'body.scrapingConfig.valueSelector',
      message: 'Say where the kWh counter is: a selector for the energy counter, or a “Read value” step for it.',
    });
  }
  return {
    body: {
      name: d.name.trim(),
      ipAddress: d.ipAddress.trim(),
      type: d.type,
      vendor: d.vendor.trim() || null,
      location: d.location.trim() || null,
      clientName: d.clientName.trim() || null,
      enabled: d.enabled,
      pollInterval: poll,
      pricePerKwh: price,
      authType: d.authType,
      authConfig,
      scrapingConfig,
    },
    problems,
  };
}
