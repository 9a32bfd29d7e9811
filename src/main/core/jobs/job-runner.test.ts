/**
 * The runner's stop path on a real database: an attempt that times out, ignores it, and then
 * fails on its own (as a module host does when the app stops it while it is still starting).
 * The run ends as timed out, and the late failure is handled: vitest fails a test file on any
 * unhandled rejection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModuleManifest } from '../../../shared/manifest';
import { openDatabase, type OpenedDatabase } from '../db/database';
import { EventBus } from '../events/event-bus';
import { createLogger } from '../logs/logger';
import { systemClock } from './clock';
import { syncModuleJobs } from './job-repository';
import { JobRunner, type JobExecutor } from './job-runner';

let dir: string;
let opened: OpenedDatabase;

afterEach(() => {
  opened?.sqlite.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function runnerWith(executor: JobExecutor): JobRunner {
  dir = mkdtempSync(join(tmpdir(), 'nxforge-runner-'));
  opened = openDatabase(join(dir, 'app.db'));
  const manifest = { name: 'meters', jobs: { collect: { name: 'Collect', handler: 'collect', schedule: null, timeout: 100 } } } as unknown as ModuleManifest;
  syncModuleJobs(opened.db, manifest);
  const events = new EventBus();
  return new JobRunner({
    db: opened.db,
    executor,
    events,
    logger: createLogger({ db: opened.db, events, minLevel: 'error' }),
    clock: systemClock,
    artifactsRoot: join(dir, 'artifacts'),
    stopGraceMs: 50,
  });
}

describe('JobRunner', () => {
  it('ends a timed-out attempt whose work fails later, and handles that failure', async () => {
    let failedLate = false;
    let forced = 0;
    const runner = runnerWith({
      execute: (_job, _attempt, signal) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () =>
            setTimeout(() => {
              failedLate = true;
              reject(new Error('Module "meters" was stopped while it was starting.'));
            }, 80),
          );
        }),
      forceStop: () => {
        forced++;
        return Promise.reject(new Error('the host was already gone'));
      },
    });
    const run = await runner.start('meters:collect', 'manual').done;
    expect(run.status).toBe('timed-out');
    expect(run.error).toBe('timed out after 100 ms');
    // The grace period (50 ms) ran out first: the force stop was asked for, and failed.
    expect(forced).toBe(1);
    // The work fails 80 ms after the timeout, after the run has ended.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(failedLate).toBe(true);
  });
});
