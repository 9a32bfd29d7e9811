import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tablePrefix } from '../../../shared/manifest';

export class MigrationError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrationFile {
  filename: string;
  sql: string;
  checksum: string;
}

export function readMigrationFolder(dir: string): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((filename) => {
      const sql = readFileSync(join(dir, filename), 'utf8');
      return { filename, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

type SchemaObject = { type: string; name: string; tbl_name: string; sql: string | null };

function schemaObjects(sqlite: Database.Database): SchemaObject[] {
  return sqlite.prepare("select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' order by type, name").all() as SchemaObject[];
}

/**
 * Applies a module's pending migration files. Each file runs whole (never split on `;`) in
 * its own savepoint, and all pending files in one transaction: a changed applied file or a
 * failing one leaves the database exactly as it was. A file may create or change only
 * objects carrying the module's table prefix.
 */
export function applyModuleMigrations(sqlite: Database.Database, module: string, files: MigrationFile[]): string[] {
  const prefix = tablePrefix(module);
  const applied = new Map(
    (sqlite.prepare('select filename, checksum from module_migrations where module = ? and success = 1').all(module) as { filename: string; checksum: string }[]).map(
      (r) => [r.filename, r.checksum],
    ),
  );
  for (const file of files) {
    const checksum = applied.get(file.filename);
    if (checksum !== undefined && checksum !== file.checksum) {
      throw new MigrationError(
        file.filename,
        `Migration ${file.filename} was changed after it was applied (checksum ${checksum.slice(0, 12)}… is now ${file.checksum.slice(0, 12)}…). ` +
          'Applied migrations never change: restore the file and add a new one.',
      );
    }
  }
  const pending = files.filter((f) => !applied.has(f.filename));
  if (pending.length === 0) return [];
  const record = sqlite.prepare(
    'insert into module_migrations (module, filename, checksum, applied_at, success, error, execution_ms) values (?, ?, ?, ?, 1, null, ?)',
  );
  const runAll = sqlite.transaction(() => {
    for (const file of pending) {
      const all = schemaObjects(sqlite);
      const before = all.filter((o) => !o.name.startsWith(prefix));
      const started = performance.now();
      try {
        sqlite.exec(file.sql);
      } catch (err) {
        throw new MigrationError(file.filename, `Migration ${file.filename} failed: ${(err as Error).message}`);
      }
      const after = schemaObjects(sqlite);
      const foreign = after.filter((o) => !o.name.startsWith(prefix));
      const stray = foreign.find((o) => !before.some((b) => b.type === o.type && b.name === o.name));
      if (stray) {
        throw new MigrationError(file.filename, `Migration ${file.filename} creates ${stray.type} "${stray.name}" without the module's prefix "${prefix}".`);
      }
      const touched = before.find((b) => !foreign.some((o) => o.type === b.type && o.name === b.name && o.sql === b.sql));
      if (touched) {
        throw new MigrationError(file.filename, `Migration ${file.filename} changes ${touched.type} "${touched.name}", which is not the module's.`);
      }
      // A prefixed index or trigger on a core table would act on data that is not the module's.
      const attached = after.find(
        (o) => o.name.startsWith(prefix) && !o.tbl_name.startsWith(prefix) && !all.some((b) => b.type === o.type && b.name === o.name && b.sql === o.sql),
      );
      if (attached) {
        throw new MigrationError(
          file.filename,
          `Migration ${file.filename} creates ${attached.type} "${attached.name}" on table "${attached.tbl_name}", which is not the module's.`,
        );
      }
      record.run(module, file.filename, file.checksum, new Date().toISOString(), performance.now() - started);
    }
  });
  runAll.immediate();
  return pending.map((f) => f.filename);
}

/** Drops every table, view, index and trigger of a module, and its migration records. */
export function dropModuleObjects(sqlite: Database.Database, module: string): string[] {
  const prefix = tablePrefix(module);
  const objects = schemaObjects(sqlite).filter((o) => o.name.startsWith(prefix));
  const order = ['trigger', 'view', 'index', 'table'];
  sqlite.transaction(() => {
    for (const type of order) {
      for (const o of objects.filter((x) => x.type === type)) {
        // Indexes vanish with their table; dropping them first keeps the statement order simple.
        const exists = sqlite.prepare('select 1 from sqlite_master where type = ? and name = ?').get(o.type, o.name);
        if (exists) sqlite.exec(`DROP ${type.toUpperCase()} "${o.name.replace(/"/g, '""')}"`);
      }
    }
    sqlite.prepare('delete from module_migrations where module = ?').run(module);
  })();
  return objects.filter((o) => o.type === 'table').map((o) => o.name);
}

export function moduleTables(sqlite: Database.Database, module: string): string[] {
  const prefix = tablePrefix(module);
  return schemaObjects(sqlite)
    .filter((o) => o.type === 'table' && o.name.startsWith(prefix))
    .map((o) => o.name);
}
