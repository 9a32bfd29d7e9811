import { and, desc, eq, notInArray } from 'drizzle-orm';
import type { ModuleManifest } from '../../../shared/manifest';
import type { CoreDb } from '../db/database';
import { jobRuns, jobs } from '../db/schema';

export type JobRow = typeof jobs.$inferSelect;
export type JobRunRow = typeof jobRuns.$inferSelect;

export const jobKey = (module: string, job: string): string => `${module}:${job}`;

/** Makes the jobs table match a module's manifest; user overrides (schedule, config, pause) are kept. */
export function syncModuleJobs(db: CoreDb, manifest: ModuleManifest): void {
  const declared = Object.entries(manifest.jobs ?? {});
  db.transaction((tx) => {
    for (const [id, job] of declared) {
      const values = {
        module: manifest.name,
        name: job.name,
        description: job.description ?? '',
        handler: job.handler,
        schedule: job.schedule ?? null,
        timeoutMs: job.timeout ?? 300_000,
        retries: job.retries ?? 0,
      };
      tx.insert(jobs)
        .values({ id: jobKey(manifest.name, id), ...values, createdAt: new Date().toISOString() })
        .onConflictDoUpdate({ target: jobs.id, set: values })
        .run();
    }
    const keep = declared.map(([id]) => jobKey(manifest.name, id));
    tx.delete(jobs)
      .where(keep.length ? and(eq(jobs.module, manifest.name), notInArray(jobs.id, keep)) : eq(jobs.module, manifest.name))
      .run();
  });
}

export function getJob(db: CoreDb, id: string): JobRow | null {
  return db.select().from(jobs).where(eq(jobs.id, id)).get() ?? null;
}

export function insertRun(
  db: CoreDb,
  run: { jobId: string; trigger: JobRunRow['trigger']; attempt: number; status: JobRunRow['status']; queuedAt: string },
): number {
  return db
    .insert(jobRuns)
    .values(run)
    .returning({ id: jobRuns.id })
    .get().id;
}

export function updateRun(db: CoreDb, id: number, changes: Partial<Omit<JobRunRow, 'id' | 'jobId'>>): void {
  db.update(jobRuns).set(changes).where(eq(jobRuns.id, id)).run();
}

export function getRun(db: CoreDb, id: number): JobRunRow | null {
  return db.select().from(jobRuns).where(eq(jobRuns.id, id)).get() ?? null;
}

export function listRuns(db: CoreDb, jobId: string, limit: number): JobRunRow[] {
  return db.select().from(jobRuns).where(eq(jobRuns.jobId, jobId)).orderBy(desc(jobRuns.id)).limit(limit).all();
}

export function recordJobOutcome(db: CoreDb, jobId: string, status: string, at: string): void {
  db.update(jobs).set({ lastStatus: status, lastRunAt: at }).where(eq(jobs.id, jobId)).run();
}

export function setJobSchedule(db: CoreDb, id: string, changes: { nextRunAt?: string | null; lastScheduledAt?: string | null }): void {
  db.update(jobs).set(changes).where(eq(jobs.id, id)).run();
}

export function updateJob(
  db: CoreDb,
  id: string,
  changes: Partial<Pick<JobRow, 'scheduleOverride' | 'enabled' | 'paused' | 'config'>>,
): void {
  db.update(jobs).set(changes).where(eq(jobs.id, id)).run();
}

export function listJobs(db: CoreDb): JobRow[] {
  return db.select().from(jobs).all();
}
