import type { ModuleDb } from '@nxforge/sdk';
import { ConsumptionError } from './errors';
import { stmt, T } from './sql';

/**
 * The endpoints repository: typed rows in and out, nothing more. Input validation with
 * field-named errors belongs to the routes; the table's CHECK constraints are the last guard.
 */

export type EndpointType = 'PDU' | 'PowerMeter' | 'SmartPlug' | 'Custom';
export type AuthType = 'none' | 'basic' | 'form';

export interface Endpoint {
  id: number;
  name: string;
  ipAddress: string;
  type: EndpointType;
  vendor: string | null;
  location: string | null;
  clientName: string | null;
  authType: AuthType;
  /** Without secrets: passwords live in ctx.secrets. */
  authConfig: Record<string, unknown>;
  scrapingConfig: Record<string, unknown>;
  enabled: boolean;
  /** Minutes. */
  pollInterval: number;
  pricePerKwh: number | null;
  /** The newest successful reading's time. */
  lastReadAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface EndpointInput {
  name: string;
  ipAddress: string;
  type?: EndpointType;
  vendor?: string | null;
  location?: string | null;
  clientName?: string | null;
  authType?: AuthType;
  authConfig?: Record<string, unknown>;
  scrapingConfig?: Record<string, unknown>;
  enabled?: boolean;
  pollInterval?: number;
  pricePerKwh?: number | null;
}

const FIELDS = {
  name: 'name',
  ipAddress: 'ip_address',
  type: 'type',
  vendor: 'vendor',
  location: 'location',
  clientName: 'client_name',
  authType: 'auth_type',
  authConfig: 'auth_config',
  scrapingConfig: 'scraping_config',
  enabled: 'enabled',
  pollInterval: 'poll_interval',
  pricePerKwh: 'price_per_kwh',
} as const satisfies Record<keyof EndpointInput, string>;

type EndpointRow = { [K in keyof typeof FIELDS as (typeof FIELDS)[K]]: unknown } & {
  id: number;
  last_read_at: number | null;
  created_at: number;
  updated_at: number;
};

const SECRET_KEYS = /^(password|passwd|pass|secret|token|api_?key|cookies?|session)$/i;

function toColumn(key: keyof EndpointInput, value: unknown): unknown {
  if (key === 'authConfig' && value && typeof value === 'object') {
    const secret = Object.keys(value).find((k) => SECRET_KEYS.test(k));
    if (secret) throw new ConsumptionError('VALIDATION', `authConfig.${secret} is a secret: store it with ctx.secrets`, { field: `authConfig.${secret}` });
  }
  if (key === 'authConfig' || key === 'scrapingConfig') return JSON.stringify(value ?? {});
  if (key === 'enabled') return value === false ? 0 : 1;
  return value ?? null;
}

function toEndpoint(r: EndpointRow): Endpoint {
  return {
    id: r.id,
    name: r.name as string,
    ipAddress: r.ip_address as string,
    type: r.type as EndpointType,
    vendor: r.vendor as string | null,
    location: r.location as string | null,
    clientName: r.client_name as string | null,
    authType: r.auth_type as AuthType,
    authConfig: JSON.parse(r.auth_config as string) as Record<string, unknown>,
    scrapingConfig: JSON.parse(r.scraping_config as string) as Record<string, unknown>,
    enabled: r.enabled === 1,
    pollInterval: r.poll_interval as number,
    pricePerKwh: r.price_per_kwh as number | null,
    lastReadAt: r.last_read_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function createEndpoint(db: ModuleDb, input: EndpointInput, now = Date.now()): Endpoint {
  const keys = (Object.keys(FIELDS) as (keyof EndpointInput)[]).filter((k) => input[k] !== undefined);
  const columns = [...keys.map((k) => FIELDS[k]), 'created_at', 'updated_at'];
  const id = stmt(db, `INSERT INTO ${T.endpoints} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(
    ...keys.map((k) => toColumn(k, input[k])),
    now,
    now,
  ).lastInsertRowid;
  return getEndpoint(db, Number(id))!;
}

export function getEndpoint(db: ModuleDb, id: number): Endpoint | null {
  const row = stmt(db, `SELECT * FROM ${T.endpoints} WHERE id = ?`).get<EndpointRow>(id);
  return row ? toEndpoint(row) : null;
}

export function listEndpoints(db: ModuleDb): Endpoint[] {
  return stmt(db, `SELECT * FROM ${T.endpoints} ORDER BY name, id`).all<EndpointRow>().map(toEndpoint);
}

/** Changes the given fields; null when there is no such endpoint. */
export function updateEndpoint(db: ModuleDb, id: number, patch: Partial<EndpointInput>, now = Date.now()): Endpoint | null {
  const keys = (Object.keys(FIELDS) as (keyof EndpointInput)[]).filter((k) => patch[k] !== undefined);
  const sets = [...keys.map((k) => `${FIELDS[k]} = ?`), 'updated_at = ?'];
  const changed = stmt(db, `UPDATE ${T.endpoints} SET ${sets.join(', ')} WHERE id = ?`).run(...keys.map((k) => toColumn(k, patch[k])), now, id).changes;
  return changed ? getEndpoint(db, id) : null;
}

/** Deletes the endpoint with its readings and rollups (foreign keys cascade). */
export function deleteEndpoint(db: ModuleDb, id: number): boolean {
  return stmt(db, `DELETE FROM ${T.endpoints} WHERE id = ?`).run(id).changes > 0;
}

export interface ClientPrice {
  clientName: string;
  pricePerKwh: number;
}

/** Sets a client's default price per kWh; null removes it. */
export function setClientPrice(db: ModuleDb, clientName: string, pricePerKwh: number | null, now = Date.now()): void {
  if (pricePerKwh === null) {
    stmt(db, `DELETE FROM ${T.clientPrices} WHERE client_name = ?`).run(clientName);
    return;
  }
  stmt(
    db,
    `INSERT INTO ${T.clientPrices} (client_name, price_per_kwh, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (client_name) DO UPDATE SET price_per_kwh = excluded.price_per_kwh, updated_at = excluded.updated_at`,
  ).run(clientName, pricePerKwh, now);
}

export function listClientPrices(db: ModuleDb): ClientPrice[] {
  return stmt(db, `SELECT client_name AS clientName, price_per_kwh AS pricePerKwh FROM ${T.clientPrices} ORDER BY client_name`).all<ClientPrice>();
}
