import type Database from 'better-sqlite3';

export const BUSY_TIMEOUT_MS = 5000;

/** The settings every connection to the app database uses: the core's and each module host's. */
export function configureConnection(sqlite: Database.Database): void {
  if (!sqlite.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

/** Set by the desktop app to a better-sqlite3 addon built for Electron's ABI; unset in Node. */
export const SQLITE_BINDING_ENV = 'NXFORGE_SQLITE_BINDING';

/** better-sqlite3's `nativeBinding` option from the environment, so module hosts (workers) load the same addon. */
export function nativeBindingOption(env: NodeJS.ProcessEnv = process.env): { nativeBinding?: string } {
  const file = env[SQLITE_BINDING_ENV];
  return file ? { nativeBinding: file } : {};
}
