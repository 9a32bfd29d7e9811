import type { Fields, ModuleManifest } from '../../../shared/manifest';
import type { CoreDb } from '../db/database';
import type { EventBus } from '../events/event-bus';
import type { ModuleManager } from '../modules/module-manager';
import { AppError } from '../router/app-error';
import { getJob, getRun, insertRun, jobKey, recordJobOutcome, updateRun, type JobRunRow } from './job-repository';

/** Manifest defaults overlaid with the values saved for the job. */
export function jobConfig(fields: Fields | undefined, saved: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields ?? {})) out[key] = field.default ?? null;
  if (saved && typeof saved === 'object') Object.assign(out, saved);
  return out;
}

/** Runs a module's job once through its host and records the run. */
export async function runJobOnce(
  deps: { db: CoreDb; modules: ModuleManager; events: EventBus },
  module: string,
  jobId: string,
): Promise<JobRunRow> {
  const manifest = deps.modules.manifest(module) as ModuleManifest;
  const spec = manifest.jobs?.[jobId];
  const row = getJob(deps.db, jobKey(module, jobId));
  if (!spec || !row) throw new AppError('NOT_FOUND', `Module ${module} has no job "${jobId}".`);
  const host = deps.modules.host(module);
  const id = row.id;
  const runId = insertRun(deps.db, { jobId: id, trigger: 'manual', attempt: 1, status: 'running' });
  const started = new Date();
  updateRun(deps.db, runId, { startedAt: started.toISOString() });
  deps.events.publish('core:job.run', { jobId: id, runId, status: 'running' });
  const { result } = host.runJob(
    { handler: row.handler, runId, jobId: id, attempt: 1, config: jobConfig(spec.config, row.config) },
    row.timeoutMs,
    (fraction, message) => {
      updateRun(deps.db, runId, { progress: fraction });
      deps.events.publish('core:job.progress', { jobId: id, runId, fraction, message: message ?? null });
    },
  );
  const outcome = await result;
  const finished = new Date();
  const status = outcome.ok ? 'succeeded' : outcome.error.code === 'TIMEOUT' ? 'timed-out' : 'failed';
  updateRun(deps.db, runId, {
    status,
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    result: outcome.ok ? (outcome.data ?? null) : null,
    error: outcome.ok ? null : outcome.error.message,
    progress: outcome.ok ? 1 : undefined,
  });
  recordJobOutcome(deps.db, id, status, finished.toISOString());
  deps.events.publish('core:job.run', { jobId: id, runId, status });
  return getRun(deps.db, runId) as JobRunRow;
}
