import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { knownSchemaVersion, openDatabase, SchemaTooNewError } from './database';

const CORE_TABLES = ['job_runs', 'jobs', 'logs', 'module_migrations', 'modules', 'secrets', 'settings'];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nxforge-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tables(sqlite: Database.Database): string[] {
  return (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

describe('openDatabase', () => {
  it('creates every core table on a fresh file, with WAL, foreign keys and a busy timeout', () => {
    const opened = openDatabase(join(dir, 'app.db'));
    try {
      expect(tables(opened.sqlite)).toEqual(CORE_TABLES);
      expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(opened.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(opened.sqlite.pragma('user_version', { simple: true })).toBe(knownSchemaVersion());
      expect(opened.schemaVersion).toBeGreaterThanOrEqual(1);
    } finally {
      opened.close();
    }
  });

  it('keeps data across a reopen and applies nothing twice', () => {
    const file = join(dir, 'app.db');
    const first = openDatabase(file);
    first.sqlite.prepare("insert into settings (scope, key, value) values ('core', 'timezone', '\"Europe/Berlin\"')").run();
    first.close();
    const second = openDatabase(file);
    try {
      expect(second.sqlite.prepare("select value from settings where key = 'timezone'").get()).toEqual({ value: '"Europe/Berlin"' });
      expect(tables(second.sqlite)).toEqual(CORE_TABLES);
    } finally {
      second.close();
    }
  });

  it('enforces foreign keys: a run of an unknown job is refused', () => {
    const opened = openDatabase(join(dir, 'app.db'));
    try {
      expect(() => opened.sqlite.prepare("insert into job_runs (job_id, status, trigger) values ('ghost:job', 'queued', 'manual')").run()).toThrow(
        /FOREIGN KEY/,
      );
    } finally {
      opened.close();
    }
  });

  it('refuses a file written by a newer schema and leaves it byte for byte untouched', () => {
    const file = join(dir, 'newer.db');
    const newer = new Database(file);
    newer.exec('create table from_the_future (x); insert into from_the_future values (1);');
    newer.pragma(`user_version = ${knownSchemaVersion() + 5}`);
    newer.close();
    const before = createHash('sha256').update(readFileSync(file)).digest('hex');

    let caught: unknown;
    try {
      openDatabase(file);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SchemaTooNewError);
    expect((caught as Error).message).toMatch(/newer NxForge Desktop: update the app.*not changed/);
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(before);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(tables(check)).toEqual(['from_the_future']);
    check.close();
  });

  it('rolls a failing migration back whole and leaves the file as it was', () => {
    const migrations = join(dir, 'migrations');
    const meta = join(migrations, 'meta');
    mkdirSync(meta, { recursive: true });
    const write = (name: string, text: string) => writeFileSync(join(migrations, name), text);
    write('0000_ok.sql', 'CREATE TABLE a (x integer);');
    write('0001_bad.sql', 'CREATE TABLE b (y integer);\n--> statement-breakpoint\nINSERT INTO missing_table VALUES (1);');
    writeFileSync(
      join(meta, '_journal.json'),
      JSON.stringify({
        version: '7',
        dialect: 'sqlite',
        entries: [
          { idx: 0, version: '6', when: 1, tag: '0000_ok', breakpoints: true },
          { idx: 1, version: '6', when: 2, tag: '0001_bad', breakpoints: true },
        ],
      }),
    );
    const file = join(dir, 'app.db');
    expect(() => openDatabase(file, { migrationsDir: migrations })).toThrow(/no such table: missing_table/);
    const check = new Database(file, { readonly: true });
    expect(tables(check)).toEqual([]);
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    check.close();
  });
});
