import { and, eq } from 'drizzle-orm';
import type { CoreDb } from '../db/database';
import { settings } from '../db/schema';

/** Named queries on the settings table; values are JSON. */
export function readSetting(db: CoreDb, scope: string, key: string): { value: unknown } | null {
  const row = db
    .select({ value: settings.value })
    .from(settings)
    .where(and(eq(settings.scope, scope), eq(settings.key, key)))
    .get();
  return row ? { value: row.value } : null;
}

export function writeSetting(db: CoreDb, scope: string, key: string, value: unknown): void {
  const updatedAt = new Date().toISOString();
  db.insert(settings)
    .values({ scope, key, value, updatedAt })
    .onConflictDoUpdate({ target: [settings.scope, settings.key], set: { value, updatedAt } })
    .run();
}
