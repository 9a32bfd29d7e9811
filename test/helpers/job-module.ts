import { writeModule } from './module-fixtures';

/** A real module package whose jobs tick, fail then recover, run until stopped, or ignore a stop. */
export function writeJobModule(dir: string, jobs: Record<string, Record<string, unknown>>): string {
  return writeModule(dir, {
    name: 'job-test',
    version: '1.0.0',
    manifest: { jobs },
    migrations: {
      '0001_tables.sql': `CREATE TABLE job_test__ticks (run_id INTEGER NOT NULL, at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));
CREATE TABLE job_test__beats (run_id INTEGER NOT NULL, n INTEGER NOT NULL);`,
    },
    mainSource: `export default {
  activate(ctx) {
    const tick = ctx.db.prepare('INSERT INTO job_test__ticks (run_id) VALUES (?)');
    const beat = ctx.db.prepare('INSERT INTO job_test__beats (run_id, n) VALUES (?, ?)');
    ctx.jobs.handle('tick', ({ runId }) => { tick.run(runId); return { ticked: runId }; });
    ctx.jobs.handle('flaky', ({ attempt, log }) => {
      if (attempt < 3) throw new Error('meter unreachable (attempt ' + attempt + ')');
      log.info('recovered on attempt ' + attempt);
      return { attempt };
    });
    ctx.jobs.handle('until-stopped', async ({ runId, signal, progress }) => {
      let n = 0;
      while (!signal.aborted) {
        await new Promise((r) => setTimeout(r, 20));
        beat.run(runId, ++n);
        progress(Math.min(0.99, n / 100));
      }
      return { beats: n };
    });
    ctx.jobs.handle('stubborn', ({ runId }) => {
      beat.run(runId, 1);
      for (;;) {}
    });
  },
};
`,
  });
}
