import type { AuthType, Endpoint, EndpointInput, EndpointType } from '../lib';
import { invalid, type FieldIssue } from './errors';
import { parseScrapingConfig, readsCounter, type ScrapingConfig } from './scraping-config';

/**
 * Checks endpoint bodies with NxForge's field names. Every problem names its field
 * (`body.ipAddress`, `body.scrapingConfig.steps[1].selector`); nothing is written unless all
 * fields are right. The password arrives in `authConfig.password` and is split off here: it
 * goes to ctx.secrets, never to the table.
 */

export const ENDPOINT_TYPES: readonly EndpointType[] = ['PDU', 'PowerMeter', 'SmartPlug', 'Custom'];
export const AUTH_TYPES: readonly AuthType[] = ['none', 'basic', 'form'];
const AUTH_KEYS = ['username', 'password', 'loginUrl', 'usernameSelector', 'passwordSelector', 'submitSelector', 'successSelector'] as const;
const FIELDS = ['name', 'ipAddress', 'type', 'vendor', 'location', 'clientName', 'authType', 'authConfig', 'scrapingConfig', 'enabled', 'pollInterval', 'pricePerKwh'];
/** Sent back by a form that edits what GET returned; ignored. */
const READ_ONLY = new Set(['id', 'lastReadAt', 'createdAt', 'updatedAt', 'hasPassword']);
export const MAX_POLL_MINUTES = 10_080;

export const DEFAULTS = {
  type: 'PowerMeter',
  vendor: null,
  location: null,
  clientName: null,
  authType: 'none',
  authConfig: {},
  scrapingConfig: {},
  enabled: true,
  pollInterval: 15,
  pricePerKwh: null,
} as const satisfies Omit<Required<EndpointInput>, 'name' | 'ipAddress'>;

export interface ParsedEndpoint {
  fields: Partial<EndpointInput>;
  /** authConfig keys given as null or empty: a patch removes them from the stored authConfig. */
  clearedAuth: string[];
  /** Undefined: keep the stored password; null: remove it; a string: store it. */
  password: string | null | undefined;
}

/**
 * `create` and `replace` (PUT) take a whole endpoint, omitted optional fields taking their
 * defaults; `patch` changes what is given, and merges authConfig key by key (null removes a key).
 */
export type EndpointMode = 'create' | 'replace' | 'patch';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The URL an address stands for: an IP, a host (with a port) or a full http(s) URL. Null when it is none of them. */
export function addressUrl(address: string): URL | null {
  const text = address.trim();
  if (!text || /\s/.test(text)) return null;
  let candidate = text;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    // A bare IPv6 address needs brackets to be a URL host.
    candidate = text.includes(':') && text.split(':').length > 2 && !text.startsWith('[') ? `http://[${text}]` : `http://${text}`;
  }
  try {
    const url = new URL(candidate);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return null;
    return url;
  } catch {
    return null;
  }
}

function optionalText(body: Record<string, unknown>, key: string, issues: FieldIssue[], max = 200): string | null | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string') {
    issues.push({ field: `body.${key}`, message: 'expected text or null' });
    return undefined;
  }
  const s = v.trim();
  if (s.length > max) issues.push({ field: `body.${key}`, message: `is longer than ${max} characters` });
  return s === '' ? null : s;
}

function parseAuthConfig(value: unknown, issues: FieldIssue[]): { config: Record<string, string>; password: string | null | undefined; cleared: string[] } | null {
  if (!isObject(value)) {
    issues.push({ field: 'body.authConfig', message: 'expected an object' });
    return null;
  }
  const config: Record<string, string> = {};
  const cleared: string[] = [];
  let password: string | null | undefined;
  for (const [key, v] of Object.entries(value)) {
    const field = `body.authConfig.${key}`;
    if (v === undefined) continue;
    if (!(AUTH_KEYS as readonly string[]).includes(key)) {
      issues.push({ field, message: `is not a known field (known: ${AUTH_KEYS.join(', ')})` });
    } else if (key === 'password') {
      if (v === null || typeof v === 'string') password = v;
      else issues.push({ field, message: 'expected text, or null to remove the stored password' });
    } else if (v === null || v === '') {
      cleared.push(key);
    } else {
      if (typeof v !== 'string') issues.push({ field, message: 'expected text' });
      else if (v.length > 2000) issues.push({ field, message: 'is longer than 2000 characters' });
      else config[key] = v;
    }
  }
  return { config, password, cleared };
}

/** Checks a request body; throws a VALIDATION RouteError naming every bad field. */
export function parseEndpointBody(body: unknown, mode: EndpointMode): ParsedEndpoint {
  const issues: FieldIssue[] = [];
  if (!isObject(body)) throw invalid([{ field: 'body', message: 'expected an endpoint object' }]);
  for (const [key, value] of Object.entries(body)) {
    if (value !== undefined && !FIELDS.includes(key) && !READ_ONLY.has(key)) issues.push({ field: `body.${key}`, message: 'is not a field of an endpoint' });
  }
  const fields: Partial<EndpointInput> = mode === 'patch' ? {} : { ...DEFAULTS };
  let password: string | null | undefined;
  let clearedAuth: string[] = [];

  if (body.name !== undefined || mode !== 'patch') {
    if (typeof body.name !== 'string' || !body.name.trim()) issues.push({ field: 'body.name', message: 'is required: a name such as "Rack A3 PDU"' });
    else if (body.name.trim().length > 200) issues.push({ field: 'body.name', message: 'is longer than 200 characters' });
    else fields.name = body.name.trim();
  }
  if (body.ipAddress !== undefined || mode !== 'patch') {
    if (typeof body.ipAddress !== 'string' || !body.ipAddress.trim()) {
      issues.push({ field: 'body.ipAddress', message: 'is required: the meter’s IP address, host name or URL' });
    } else if (body.ipAddress.length > 2000 || !addressUrl(body.ipAddress)) {
      issues.push({ field: 'body.ipAddress', message: 'expected an IP address, a host name or an http(s) URL, e.g. 192.168.1.20 or https://pdu-3.local/status' });
    } else fields.ipAddress = body.ipAddress.trim();
  }
  if (body.type !== undefined) {
    if (!ENDPOINT_TYPES.includes(body.type as EndpointType)) issues.push({ field: 'body.type', message: `expected one of ${ENDPOINT_TYPES.join(', ')}` });
    else fields.type = body.type as EndpointType;
  }
  for (const key of ['vendor', 'location', 'clientName'] as const) {
    const v = optionalText(body, key, issues);
    if (v !== undefined) fields[key] = v;
  }
  if (body.authType !== undefined) {
    if (!AUTH_TYPES.includes(body.authType as AuthType)) issues.push({ field: 'body.authType', message: `expected one of ${AUTH_TYPES.join(', ')}` });
    else fields.authType = body.authType as AuthType;
  }
  if (body.authConfig !== undefined && body.authConfig !== null) {
    const auth = parseAuthConfig(body.authConfig, issues);
    if (auth) {
      fields.authConfig = auth.config;
      password = auth.password;
      clearedAuth = auth.cleared;
    }
  }
  if (body.scrapingConfig !== undefined && body.scrapingConfig !== null) {
    fields.scrapingConfig = parseScrapingConfig(body.scrapingConfig, issues, 'body.scrapingConfig') as Record<string, unknown>;
  }
  if (body.enabled !== undefined) {
    if (typeof body.enabled !== 'boolean') issues.push({ field: 'body.enabled', message: 'expected true or false' });
    else fields.enabled = body.enabled;
  }
  if (body.pollInterval !== undefined) {
    const v = body.pollInterval;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_POLL_MINUTES) {
      issues.push({ field: 'body.pollInterval', message: `expected whole minutes from 1 to ${MAX_POLL_MINUTES}` });
    } else fields.pollInterval = v;
  }
  if (body.pricePerKwh !== undefined) {
    const v = body.pricePerKwh;
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) issues.push({ field: 'body.pricePerKwh', message: 'expected a price of 0 or more, or null' });
    else fields.pricePerKwh = v;
  }
  if (issues.length) throw invalid(issues);
  return { fields, password, clearedAuth };
}

/** Rules across fields, checked on the endpoint as it would be after the change. */
export function checkEndpoint(e: Pick<Endpoint, 'authType' | 'authConfig' | 'scrapingConfig' | 'enabled'>): void {
  const issues: FieldIssue[] = [];
  const auth = e.authConfig as Record<string, string | undefined>;
  if (e.authType !== 'none' && !auth.username) issues.push({ field: 'body.authConfig.username', message: `is required for ${e.authType} authentication` });
  if (e.authType === 'form') {
    for (const key of ['usernameSelector', 'passwordSelector', 'submitSelector'] as const) {
      if (!auth[key]) issues.push({ field: `body.authConfig.${key}`, message: 'is required for a form login: the CSS selector of that element' });
    }
  }
  if (e.enabled && !readsCounter(e.scrapingConfig as ScrapingConfig)) {
    issues.push({
      field: 'body.scrapingConfig.valueSelector',
      message: 'is required for an enabled endpoint: the CSS selector of the kWh counter (or a step that extracts totalKwh)',
    });
  }
  if (issues.length) throw invalid(issues);
}
