/**
 * The databases the bench writes: a SQLite file with the module's migrations applied, opened
 * with the app's connection settings, and a `ModuleDb` over it shaped exactly as the module
 * host builds one (src/main/core/modules/host/module-host-entry.ts).
 */
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModuleDb } from '@nxforge/sdk';
import { configureConnection } from '../../src/main/core/db/connection';
import { createEndpoint, setClientPrice } from '../../modules/consumption-monitor/src/lib/index';

export const MODULE_DIR = resolve(import.meta.dirname, '..', '..', 'modules', 'consumption-monitor');
export const READINGS = 'consumption_monitor__readings';
export const ENDPOINTS = 'consumption_monitor__endpoints';
export const HOURLY = 'consumption_monitor__hourly';
export const CLIENT_PRICES = 'consumption_monitor__client_prices';

export function openDatabase(file: string): Database.Database {
  const sqlite = new Database(file);
  configureConnection(sqlite);
  return sqlite;
}

/** Runs the module's migrations, each file whole in one transaction, as the core does. */
export function migrate(sqlite: Database.Database): void {
  const dir = join(MODULE_DIR, 'migrations');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    const sql = readFileSync(join(dir, file), 'utf8');
    sqlite.transaction(() => sqlite.exec(sql))();
  }
}

export function moduleDb(sqlite: Database.Database): ModuleDb {
  return {
    tablePrefix: 'consumption_monitor__',
    exec: (sql) => {
      sqlite.exec(sql);
    },
    prepare: (sql) => {
      const statement = sqlite.prepare(sql);
      return {
        run: (...params) => {
          const r = statement.run(...params);
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        get: <T>(...params: unknown[]) => statement.get(...params) as T | undefined,
        all: <T>(...params: unknown[]) => statement.all(...params) as T[],
      };
    },
    transaction: (fn) => sqlite.transaction(fn)(),
  };
}

export const CLIENTS = 20;

/**
 * Endpoints 1..n spread over 20 clients, through the module's repository. Prices as a billing
 * office would set them: most clients have a default price, a few endpoints their own, and
 * the last client none at all.
 */
export function createEndpoints(db: ModuleDb, count: number): void {
  for (let c = 1; c < CLIENTS; c++) setClientPrice(db, clientName(c), 0.18 + c / 100, 0);
  for (let i = 1; i <= count; i++) {
    const c = ((i - 1) % CLIENTS) + 1;
    const endpoint = createEndpoint(
      db,
      {
        name: `rack-${String(i).padStart(3, '0')}`,
        ipAddress: `10.${Math.floor(i / 250)}.${i % 250}.10`,
        type: 'PDU',
        vendor: 'Raritan',
        location: `Hall ${1 + (i % 4)}`,
        clientName: clientName(c),
        pricePerKwh: i % 17 === 0 ? 0.31 : null,
      },
      0,
    );
    if (endpoint.id !== i) throw new Error(`expected endpoint id ${i}, got ${endpoint.id}: the database was not fresh`);
  }
}

const clientName = (c: number): string => `client-${String(c).padStart(2, '0')}`;
