import { asc } from 'drizzle-orm';
import type { ModuleSummary } from '../../../shared/core-api';
import type { CoreDb } from '../db/database';
import { modules } from '../db/schema';

export function listModuleSummaries(db: CoreDb): ModuleSummary[] {
  return db
    .select({ name: modules.name, version: modules.version, state: modules.state, source: modules.source, error: modules.error })
    .from(modules)
    .orderBy(asc(modules.name))
    .all();
}
