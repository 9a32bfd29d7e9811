import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRunRecord, RunDetail } from '../../src/shared/core-api';
import { createCore, type Core } from '../../src/main/core/core';
import { ManualClock } from '../../src/main/core/jobs/clock';
import { applyRetention } from '../../src/main/core/jobs/retention';
import { writeJobModule } from '../helpers/job-module';
import { tempDataDir, waitFor, type TempDir } from '../helpers/module-fixtures';

const JOBS = {
  flaky: { name: 'Flaky', handler: 'flaky', schedule: null, retries: 3, timeout: 60_000 },
  'until-stopped': { name: 'Until stopped', handler: 'until-stopped', schedule: null, timeout: 1_000 },
  long: { name: 'Long', handler: 'until-stopped', schedule: null, timeout: 600_000 },
  stubborn: { name: 'Stubborn', handler: 'stubborn', schedule: null, timeout: 1_000 },
  tick: { name: 'Tick', handler: 'tick', schedule: null },
};

function beats(core: Core, runId: number): number {
  return (core.db.sqlite.prepare('select count(*) as n from job_test__beats where run_id = ?').get(runId) as { n: number }).n;
}

async function call<T>(core: Core, method: 'GET' | 'POST', path: string, query?: Record<string, string>): Promise<T> {
  const result = await core.router.call<T>({ module: 'core', method, path, query });
  if (!result.ok) throw new Error(`${path}: ${result.error.code} ${result.error.message}`);
  return result.data;
}

describe('job runner with a real module host', () => {
  let temp: TempDir;
  let core: Core;

  beforeAll(async () => {
    temp = tempDataDir();
    core = createCore({ dataDir: temp.dir, mode: 'cli', jobs: { runner: { stopGraceMs: 500 } }, hostLimits: { activateTimeoutMs: 10_000 } });
    await core.start();
    await core.modules.install(writeJobModule(join(temp.dir, 'pkg'), JOBS));
    await core.modules.enable('job-test');
  });
  afterAll(async () => {
    await core.dispose();
    temp.cleanup();
  });

  it('a timeout really stops the work', async () => {
    const run = await call<JobRunRecord>(core, 'POST', '/jobs/job-test:until-stopped/run', { wait: 'true' });
    expect(run.status).toBe('timed-out');
    expect(run.error).toBe('timed out after 1000 ms');
    const atEnd = beats(core, run.id);
    expect(atEnd).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(beats(core, run.id)).toBeLessThanOrEqual(atEnd + 1);
    const after = beats(core, run.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(beats(core, run.id)).toBe(after);
  });

  it('a cancel stops a running job and records it', async () => {
    const started = await call<JobRunRecord>(core, 'POST', '/jobs/job-test:long/run');
    expect(['queued', 'running']).toContain(started.status);
    await waitFor(() => beats(core, started.id) >= 3, 10_000, 'a few beats');
    // One job never runs twice at once.
    const again = await core.router.call({ module: 'core', method: 'POST', path: '/jobs/job-test:long/run' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await call(core, 'POST', `/runs/${started.id}/cancel`);
    const finished = await waitFor(async () => {
      const r = await call<RunDetail>(core, 'GET', `/runs/${started.id}`);
      return r.status === 'cancelled' ? r : null;
    });
    expect(finished.error).toBe('cancelled');
    const stopped = beats(core, started.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(beats(core, started.id)).toBeLessThanOrEqual(stopped + 1);
    const cancelAgain = await core.router.call({ module: 'core', method: 'POST', path: `/runs/${started.id}/cancel` });
    expect(cancelAgain).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('a job that ignores its timeout is stopped by force and the app keeps answering', async () => {
    const run = await call<JobRunRecord>(core, 'POST', '/jobs/job-test:stubborn/run', { wait: 'true' });
    expect(run.status).toBe('timed-out');
    const module = await waitFor(() => {
      const row = core.modules.get('job-test');
      return row.state === 'ERROR' ? row : null;
    });
    expect(module.error).toMatch(/job job-test:stubborn .*stopped answering/);
    expect((await core.router.call({ module: 'core', method: 'GET', path: '/info' })).ok).toBe(true);
    await core.modules.enable('job-test');
    const tick = await call<JobRunRecord>(core, 'POST', '/jobs/job-test:tick/run', { wait: 'true' });
    expect(tick.status).toBe('succeeded');
  });
});

describe('retries with full-jitter backoff on a controllable clock', () => {
  it('retries a failing job with growing waits, one run record per attempt', async () => {
    const temp = tempDataDir();
    const clock = new ManualClock(new Date('2026-06-01T10:00:00Z'));
    const core = createCore({ dataDir: temp.dir, mode: 'cli', jobs: { clock, random: () => 0.5 } });
    try {
      await core.start();
      await core.modules.install(writeJobModule(join(temp.dir, 'pkg'), JOBS));
      await core.modules.enable('job-test');
      const { runId, done } = core.jobs.runner.start('job-test:flaky', 'manual');
      const runs = () => core.db.sqlite.prepare('select attempt, trigger, status, error from job_runs where job_id = ? order by id').all('job-test:flaky') as {
        attempt: number;
        trigger: string;
        status: string;
        error: string | null;
      }[];
      await waitFor(() => runs()[0]?.status === 'failed');
      expect(runs()).toHaveLength(1);
      await clock.advance(2_499); // 0.5 × 5 s
      expect(runs()).toHaveLength(1);
      await clock.advance(1);
      await waitFor(() => runs()[1]?.status === 'failed');
      await clock.advance(4_999); // 0.5 × 10 s
      expect(runs()).toHaveLength(2);
      await clock.advance(1);
      const final = await done;
      expect(final.status).toBe('succeeded');
      expect(runs()).toEqual([
        { attempt: 1, trigger: 'manual', status: 'failed', error: 'meter unreachable (attempt 1)' },
        { attempt: 2, trigger: 'retry', status: 'failed', error: 'meter unreachable (attempt 2)' },
        { attempt: 3, trigger: 'retry', status: 'succeeded', error: null },
      ]);
      expect(runId).toBeLessThan(final.id);
      const detail = await call<RunDetail>(core, 'GET', `/runs/${final.id}`);
      expect(detail.logs.map((l) => l.message)).toContain('recovered on attempt 3');
    } finally {
      await core.dispose();
      temp.cleanup();
    }
  });
});

describe('limits and retention', () => {
  it('holds a run queued while the global limit is taken', async () => {
    const temp = tempDataDir();
    const core = createCore({ dataDir: temp.dir, mode: 'cli', jobs: { runner: { globalConcurrency: 1 } } });
    try {
      await core.start();
      await core.modules.install(writeJobModule(join(temp.dir, 'pkg'), JOBS));
      await core.modules.enable('job-test');
      const long = core.jobs.runner.start('job-test:long', 'manual');
      await waitFor(() => beats(core, long.runId) > 0);
      const tick = core.jobs.runner.start('job-test:tick', 'manual');
      await new Promise((r) => setTimeout(r, 200));
      expect((await call<RunDetail>(core, 'GET', `/runs/${tick.runId}`)).status).toBe('queued');
      core.jobs.runner.cancel(long.runId);
      expect((await tick.done).status).toBe('succeeded');
    } finally {
      await core.dispose();
      temp.cleanup();
    }
  });

  it('keeps run history and artifacts within the policy', async () => {
    const temp = tempDataDir();
    const core = createCore({ dataDir: temp.dir, mode: 'cli' });
    try {
      await core.start();
      await core.modules.install(writeJobModule(join(temp.dir, 'pkg'), JOBS));
      await core.modules.enable('job-test');
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) ids.push((await core.jobs.runner.start('job-test:tick', 'manual').done).id);
      const root = core.jobs.artifactsRoot;
      for (const id of ids) {
        mkdirSync(join(root, String(id)), { recursive: true });
        writeFileSync(join(root, String(id), 'page.html'), 'x'.repeat(1000));
      }
      const removed = applyRetention(core.db.sqlite, root, { maxRunsPerJob: 3, maxArtifactBytes: 1500 });
      expect(removed.runs).toBe(2);
      const left = (core.db.sqlite.prepare('select id from job_runs order by id').all() as { id: number }[]).map((r) => r.id);
      expect(left).toEqual(ids.slice(2));
      expect(existsSync(join(root, String(ids[0])))).toBe(false);
      // Size cap: only the newest run's artifacts fit in 1500 bytes.
      expect(existsSync(join(root, String(ids[2])))).toBe(false);
      expect(existsSync(join(root, String(ids[3])))).toBe(false);
      expect(existsSync(join(root, String(ids[4])))).toBe(true);
    } finally {
      await core.dispose();
      temp.cleanup();
    }
  });
});
