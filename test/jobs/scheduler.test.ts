import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/core';
import { ManualClock } from '../../src/main/core/jobs/clock';
import { writeJobModule } from '../helpers/job-module';
import { tempDataDir, type TempDir } from '../helpers/module-fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Harness {
  core: Core;
  clock: { advance(ms: number): Promise<void>; jump(ms: number): void; now(): number };
  queued: { at: string; trigger: string; runId: number }[];
}

let temp: TempDir;
let open: Core[] = [];

async function boot(dataDir: string, clock: ManualClock, timezone?: string): Promise<Harness> {
  const core = createCore({
    dataDir,
    mode: 'cli',
    // Only the test's own module: a built-in module's schedules would add runs to count.
    builtInModules: [],
    jobs: { clock, random: () => 0.5, catchUpDelayMs: { min: 10_000, max: 30_000 } },
  });
  open.push(core);
  if (timezone) core.settings.set('timezone', timezone);
  const queued: Harness['queued'] = [];
  core.events.subscribe('core:job.run', (event) => {
    const { runId, status } = event.payload as { runId: number; status: string };
    if (status !== 'queued') return;
    const run = core.db.sqlite.prepare('select trigger from job_runs where id = ?').get(runId) as { trigger: string };
    queued.push({ at: new Date(clock.now()).toISOString(), trigger: run.trigger, runId });
  });
  await core.start();
  // Runs happen in real time in the module host: let each finish before time moves on.
  const stepper = {
    advance: (ms: number) => clock.advance(ms, () => core.jobs.runner.idle()),
    jump: (ms: number) => clock.jump(ms),
    now: () => clock.now(),
  };
  return { core, clock: stepper, queued };
}

async function installJobModule(core: Core, jobs: Record<string, Record<string, unknown>>): Promise<void> {
  const dir = writeJobModule(join(temp.dir, `pkg-${Math.random().toString(36).slice(2)}`), jobs);
  await core.modules.install(dir);
  await core.modules.enable('job-test');
}

afterEach(async () => {
  for (const core of open) await core.dispose();
  open = [];
  temp?.cleanup();
});

describe('scheduler on a controllable clock', () => {
  it('fires a cron job at its slots in the app time zone, across the spring DST change', async () => {
    temp = tempDataDir();
    const h = await boot(temp.dir, new ManualClock(new Date('2026-03-27T12:00:00Z')), 'Europe/Berlin');
    await installJobModule(h.core, { nightly: { name: 'Nightly', handler: 'tick', schedule: '30 2 * * *' } });
    await h.clock.advance(4 * DAY);
    // 02:30 Berlin: CET (UTC+1) before 29 March; on 29 March 02:30 does not exist and it runs at 03:00 CEST.
    expect(h.queued.map((q) => q.at)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
      '2026-03-31T00:30:00.000Z',
    ]);
    expect(new Set(h.queued.map((q) => q.trigger))).toEqual(new Set(['schedule']));
    const ticks = h.core.db.sqlite.prepare('select count(*) as n from job_test__ticks').get() as { n: number };
    expect(ticks.n).toBe(4);
  });

  it('runs once when the autumn DST change repeats the hour', async () => {
    temp = tempDataDir();
    const h = await boot(temp.dir, new ManualClock(new Date('2026-10-24T12:00:00Z')), 'Europe/Berlin');
    await installJobModule(h.core, { nightly: { name: 'Nightly', handler: 'tick', schedule: '30 2 * * *' } });
    await h.clock.advance(2 * DAY);
    expect(h.queued.map((q) => q.at)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('shows the next run, and follows a schedule override, a time zone change and a pause', async () => {
    temp = tempDataDir();
    const h = await boot(temp.dir, new ManualClock(new Date('2026-06-01T10:07:00Z')), 'UTC');
    await installJobModule(h.core, { q: { name: 'Quarterly', handler: 'tick', schedule: '*/15 * * * *' } });
    const job = async () => {
      const r = await h.core.router.call<{ nextRunAt: string | null; scheduleText: string }>({ module: 'core', method: 'GET', path: '/jobs/job-test:q' });
      if (!r.ok) throw new Error(r.error.message);
      return r.data;
    };
    expect(await job()).toMatchObject({ nextRunAt: '2026-06-01T10:15:00.000Z', scheduleText: 'Every 15 minutes' });
    await h.core.router.call({ module: 'core', method: 'PUT', path: '/jobs/job-test:q', body: { scheduleOverride: '0 9 * * *' } });
    expect((await job()).nextRunAt).toBe('2026-06-02T09:00:00.000Z');
    h.core.settings.set('timezone', 'America/New_York');
    expect((await job()).nextRunAt).toBe('2026-06-01T13:00:00.000Z');
    await h.core.router.call({ module: 'core', method: 'POST', path: '/jobs/job-test:q/pause' });
    expect((await job()).nextRunAt).toBeNull();
    await h.clock.advance(2 * DAY);
    expect(h.queued).toEqual([]);
    await h.core.router.call({ module: 'core', method: 'POST', path: '/jobs/job-test:q/resume' });
    await h.core.router.call({ module: 'core', method: 'POST', path: '/jobs/pause-all' });
    expect((await job()).nextRunAt).toBeNull();
    await h.core.router.call({ module: 'core', method: 'POST', path: '/jobs/resume-all' });
    expect((await job()).nextRunAt).toBe('2026-06-03T13:00:00.000Z');
  });

  it('catches up a missed schedule once after start, not once per missed slot', async () => {
    temp = tempDataDir();
    const first = await boot(temp.dir, new ManualClock(new Date('2026-06-01T10:00:00Z')), 'UTC');
    await installJobModule(first.core, { q: { name: 'Quarterly', handler: 'tick', schedule: '*/15 * * * *' } });
    await first.clock.advance(20 * 60_000); // the 10:15 slot runs
    expect(first.queued.map((q) => q.trigger)).toEqual(['schedule']);
    await first.core.dispose();
    open = open.filter((c) => c !== first.core);

    // Closed for three days: hundreds of slots missed.
    const later = await boot(temp.dir, new ManualClock(new Date('2026-06-04T10:07:00Z')));
    await later.clock.advance(19_999);
    expect(later.queued).toEqual([]);
    await later.clock.advance(1); // min 10 s + 0.5 × (30 − 10) s
    expect(later.queued.map((q) => q.trigger)).toEqual(['catch-up']);
    await later.clock.advance(8 * 60_000); // past 10:15, the next regular slot
    expect(later.queued.map((q) => q.trigger)).toEqual(['catch-up', 'schedule']);
  });

  it('pauses while the machine sleeps and catches up once on wake', async () => {
    temp = tempDataDir();
    const h = await boot(temp.dir, new ManualClock(new Date('2026-06-01T10:00:00Z')), 'UTC');
    await installJobModule(h.core, { q: { name: 'Quarterly', handler: 'tick', schedule: '*/15 * * * *' } });
    await h.clock.advance(16 * 60_000);
    expect(h.queued).toHaveLength(1);
    h.core.jobs.scheduler.suspend();
    h.clock.jump(DAY);
    await h.clock.advance(60_000);
    expect(h.queued).toHaveLength(1);
    h.core.jobs.scheduler.resume();
    await h.clock.advance(21_000);
    expect(h.queued.map((q) => q.trigger)).toEqual(['schedule', 'catch-up']);
  });

  it('does not catch up a job that was just registered, nor one in a disabled module', async () => {
    temp = tempDataDir();
    const h = await boot(temp.dir, new ManualClock(new Date('2026-06-01T10:07:00Z')), 'UTC');
    await installJobModule(h.core, { q: { name: 'Quarterly', handler: 'tick', schedule: '*/15 * * * *' } });
    h.core.jobs.scheduler.resume();
    await h.clock.advance(60_000);
    expect(h.queued).toEqual([]);
    await h.core.modules.disable('job-test');
    h.clock.jump(DAY);
    h.core.jobs.scheduler.resume();
    await h.clock.advance(HOUR);
    expect(h.queued).toEqual([]);
  });
});
