import type { JobRunContext, ModuleContext, ScrapeResult } from '@nxforge/sdk';
import { deleteRawReadingsBefore, ingestReadings, listEndpoints, live, type Endpoint, type ReadingInput } from '../lib';
import { getPassword, sessionKey } from './credentials';
import { isDue } from './due';
import { publishReadings } from './events';
import { appTimeZone } from './time';
import { buildTask, readingOf } from './scrape-task';

export interface CollectConfig {
  batchSize: number | null;
  screenshotOnError: boolean | null;
}

export interface CollectSummary {
  /** Endpoints read successfully. */
  read: number;
  /** Endpoints whose read failed; each is stored as a failed reading with its error. */
  failed: number;
  /** Enabled endpoints not due yet (their poll interval has not passed since their last read). */
  skipped: number;
  errors: { endpointId: number; name: string; error: string }[];
}

/** Reads one endpoint; every problem, including a task that cannot be built, becomes a failed reading. */
async function readOne(ctx: ModuleContext, endpoint: Endpoint, run: JobRunContext<CollectConfig>): Promise<ReadingInput> {
  let result: ScrapeResult;
  try {
    const task = buildTask(endpoint, await getPassword(ctx.secrets, endpoint.id), {
      sessionKey: sessionKey(endpoint.id),
      screenshotOnError: run.config.screenshotOnError !== false,
    });
    result = await ctx.scraping.run(task, { runId: run.runId });
  } catch (err) {
    return { endpointId: endpoint.id, ts: Date.now(), totalKwh: null, success: false, error: (err as Error).message, raw: { runId: run.runId } };
  }
  return readingOf(endpoint.id, Date.now(), result, run.runId);
}

/** collect-consumption: reads the due endpoints, batchSize at a time, and stores each reading as it comes. */
export async function collectConsumption(ctx: ModuleContext, run: JobRunContext<CollectConfig>): Promise<CollectSummary> {
  const now = Date.now();
  const lastAttempt = new Map(live(ctx.db, appTimeZone(ctx), now).map((e) => [e.endpointId, e.lastReading?.ts ?? null]));
  const enabled = listEndpoints(ctx.db).filter((e) => e.enabled);
  const due = enabled.filter((e) => isDue(e.pollInterval, lastAttempt.get(e.id) ?? e.lastReadAt, now));
  const summary: CollectSummary = { read: 0, failed: 0, skipped: enabled.length - due.length, errors: [] };
  const stored: ReadingInput[] = [];
  if (!due.length) {
    run.progress(1, `nothing due (${summary.skipped} endpoint(s) read recently)`);
    return summary;
  }
  run.progress(0, `reading ${due.length} endpoint(s)`);
  const batchSize = Math.max(1, Math.min(50, Math.floor(run.config.batchSize ?? 5)));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < due.length && !run.signal.aborted) {
      const endpoint = due[next++]!;
      const reading = await readOne(ctx, endpoint, run);
      // A cancelled run stops its scrapes; what they return says "cancelled", not something of the meter.
      if (run.signal.aborted) return;
      const { rejected } = ingestReadings(ctx.db, [reading]);
      if (rejected.length) {
        run.log.error(`${endpoint.name}: the reading was not stored: ${rejected[0]!.reason}`);
        continue;
      }
      stored.push(reading);
      if (reading.success === false) {
        summary.failed += 1;
        summary.errors.push({ endpointId: endpoint.id, name: endpoint.name, error: reading.error ?? 'failed' });
        run.log.warn(`${endpoint.name}: ${reading.error}`);
      } else summary.read += 1;
      run.progress((summary.read + summary.failed) / due.length, `${summary.read + summary.failed} of ${due.length} endpoint(s) read`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(batchSize, due.length) }, worker));
  if (stored.length) publishReadings(ctx, 'collect', stored.map((r) => r.endpointId), stored);
  if (run.signal.aborted) run.log.warn(`Stopped after ${summary.read + summary.failed} of ${due.length} endpoint(s)`);
  return summary;
}

/** cleanup-readings: deletes raw readings past retention; the hourly rollup keeps every report of that time. */
export function cleanupReadings(ctx: ModuleContext, run: JobRunContext<{ retentionDays: number | null }>): { deleted: number; retentionDays: number; before: string } {
  const days = run.config.retentionDays ?? ctx.settings.get<number | null>('retentionDays') ?? 365;
  const cutoff = Date.now() - days * 86_400_000;
  run.progress(0, `deleting raw readings before ${new Date(cutoff).toISOString()}`);
  const deleted = deleteRawReadingsBefore(ctx.db, cutoff);
  run.log.info(`Deleted ${deleted} raw reading(s) older than ${days} day(s); hourly rollups kept`);
  run.progress(1);
  return { deleted, retentionDays: days, before: new Date(Math.floor(cutoff / 3_600_000) * 3_600_000).toISOString() };
}
