import { asc, eq } from 'drizzle-orm';
import type { ModuleSummary } from '../../../shared/core-api';
import type { ModuleManifest, ModuleState } from '../../../shared/manifest';
import type { CoreDb } from '../db/database';
import { jobs, modules } from '../db/schema';

export type ModuleRow = typeof modules.$inferSelect;

export function listModuleSummaries(db: CoreDb): ModuleSummary[] {
  return db
    .select({ name: modules.name, version: modules.version, state: modules.state, source: modules.source, error: modules.error })
    .from(modules)
    .orderBy(asc(modules.name))
    .all();
}

export function listModuleRows(db: CoreDb): ModuleRow[] {
  return db.select().from(modules).orderBy(asc(modules.name)).all();
}

export function getModuleRow(db: CoreDb, name: string): ModuleRow | null {
  return db.select().from(modules).where(eq(modules.name, name)).get() ?? null;
}

export function upsertModuleRow(
  db: CoreDb,
  row: { name: string; manifest: ModuleManifest; source: 'built-in' | 'installed'; path: string; sha256: string | null; state: ModuleState },
): void {
  const now = new Date().toISOString();
  const values = {
    name: row.name,
    version: row.manifest.version,
    displayName: row.manifest.displayName,
    description: row.manifest.description ?? '',
    author: typeof row.manifest.author === 'string' ? row.manifest.author : (row.manifest.author?.name ?? null),
    source: row.source,
    state: row.state,
    path: row.path,
    sha256: row.sha256,
    manifest: row.manifest,
    permissions: row.manifest.permissions ?? [],
    error: null,
    updatedAt: now,
  };
  db.insert(modules)
    .values({ ...values, installedAt: now })
    .onConflictDoUpdate({ target: modules.name, set: values })
    .run();
}

export function setModuleState(db: CoreDb, name: string, state: ModuleState, error: string | null = null): void {
  db.update(modules).set({ state, error, updatedAt: new Date().toISOString() }).where(eq(modules.name, name)).run();
}

export function deleteModuleRow(db: CoreDb, name: string): void {
  db.transaction((tx) => {
    tx.delete(jobs).where(eq(jobs.module, name)).run();
    tx.delete(modules).where(eq(modules.name, name)).run();
  });
}
