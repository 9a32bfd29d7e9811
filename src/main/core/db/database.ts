import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { coreMigrationsDir } from '../paths';
import { configureConnection, nativeBindingOption } from './connection';
import * as schema from './schema';

export type CoreDb = BetterSQLite3Database<typeof schema>;

export interface OpenedDatabase {
  file: string;
  sqlite: Database.Database;
  db: CoreDb;
  schemaVersion: number;
  close(): void;
}

/** Raised when the file was written by a newer app; the file is left untouched. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly file: string,
    readonly fileVersion: number,
    readonly appVersion: number,
  ) {
    super(
      `The database ${file} uses core schema ${fileVersion}, but this app knows schema ${appVersion} at most. ` +
        `It was written by a newer NxForge Desktop: update the app, or point --data-dir at another folder. The file was not changed.`,
    );
    this.name = 'SchemaTooNewError';
  }
}

/** The number of core migrations this build carries: the schema version it writes. */
export function knownSchemaVersion(migrationsDir = coreMigrationsDir()): number {
  return readMigrationFiles({ migrationsFolder: migrationsDir }).length;
}

/**
 * Opens (creating if needed) the app database and applies pending core migrations in one
 * transaction. A file from a newer schema is refused before anything is written to it.
 */
export function openDatabase(file: string, options: { migrationsDir?: string } = {}): OpenedDatabase {
  const migrationsDir = options.migrationsDir ?? coreMigrationsDir();
  const migrations = readMigrationFiles({ migrationsFolder: migrationsDir });
  const target = migrations.length;

  if (existsSync(file) && statSync(file).size > 0) {
    const probe = new Database(file, { readonly: true, fileMustExist: true, ...nativeBindingOption() });
    try {
      const version = probe.pragma('user_version', { simple: true }) as number;
      if (version > target) throw new SchemaTooNewError(file, version, target);
    } finally {
      probe.close();
    }
  }

  mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file, nativeBindingOption());
  try {
    configureConnection(sqlite);
    const current = sqlite.pragma('user_version', { simple: true }) as number;
    if (current < target) {
      const apply = sqlite.transaction(() => {
        for (const migration of migrations.slice(current)) {
          for (const statement of migration.sql) {
            if (statement.trim()) sqlite.exec(statement);
          }
        }
        sqlite.pragma(`user_version = ${target}`);
      });
      apply.immediate();
    }
  } catch (err) {
    sqlite.close();
    throw err;
  }

  const db = drizzle(sqlite, { schema });
  return {
    file,
    sqlite,
    db,
    schemaVersion: target,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}
