import type Database from 'better-sqlite3';

export const BUSY_TIMEOUT_MS = 5000;

/** The settings every connection to the app database uses: the core's and each module host's. */
export function configureConnection(sqlite: Database.Database): void {
  if (!sqlite.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}
