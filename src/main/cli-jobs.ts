import { parseArgs } from 'node:util';
import type { JobRunRecord, JobView, RunDetail } from '../shared/core-api';
import type { Core } from './core/core';
import type { Out } from './cli-modules';

export const JOB_USAGE = `  job list [--json]                     List jobs: schedule, next run, last status
  job run MODULE:JOB [--json]           Run a job once, wait, and print the run; exit 1 if it failed`;

/** `nxforge job …` over the same routes the Jobs page uses. */
export async function jobCommand(
  args: string[],
  withCore: <T>(fn: (core: Core) => Promise<T>) => Promise<T>,
  out: Out,
  usage: (message: string) => Error,
): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: { json: { type: 'boolean' } } });
  switch (sub) {
    case 'list':
      if (positionals.length) throw usage('job list takes no arguments.');
      return withCore(async (core) => {
        await core.start({ schedule: false });
        const result = await core.router.call<JobView[]>({ module: 'core', method: 'GET', path: '/jobs' });
        if (!result.ok) {
          out.stderr(`nxforge: ${result.error.message}`);
          return 1;
        }
        out.stdout(values.json ? JSON.stringify(result.data, null, 2) : formatJobs(result.data));
        return 0;
      });
    case 'run': {
      const id = positionals[0];
      if (!id || positionals.length !== 1 || !id.includes(':')) throw usage('job run takes MODULE:JOB, e.g. nxforge job run consumption-monitor:collect-consumption');
      return withCore(async (core) => {
        await core.start({ schedule: false });
        const result = await core.router.call<JobRunRecord>({ module: 'core', method: 'POST', path: `/jobs/${id}/run`, query: { wait: 'true' } });
        if (!result.ok) {
          if (values.json) out.stdout(JSON.stringify(result, null, 2));
          out.stderr(`nxforge: ${result.error.message}`);
          return 1;
        }
        const detail = await core.router.call<RunDetail>({ module: 'core', method: 'GET', path: `/runs/${result.data.id}` });
        const run = detail.ok ? detail.data : { ...result.data, logs: [] };
        if (values.json) out.stdout(JSON.stringify(run, null, 2));
        else out.stdout(formatRun(run));
        return run.status === 'succeeded' ? 0 : 1;
      });
    }
    default:
      throw usage(sub ? `Unknown job command "${sub}".` : 'job needs a command: list or run.');
  }
}

function formatJobs(jobs: JobView[]): string {
  if (jobs.length === 0) return 'No jobs: enable a module that declares jobs.';
  const rows = jobs.map((j) => [
    j.id,
    j.enabled ? (j.paused ? 'paused' : 'on') : 'off',
    `${j.scheduleText}${j.schedule ? ` (${j.schedule})` : ''}`,
    j.nextRunAt ?? '—',
    j.lastStatus ?? '—',
  ]);
  const head = ['JOB', 'STATE', 'SCHEDULE', 'NEXT RUN', 'LAST STATUS'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

function formatRun(run: RunDetail): string {
  const lines = [
    `Run #${run.id} of ${run.jobId}: ${run.status} (attempt ${run.attempt}, ${run.durationMs === null ? '—' : `${Math.round(run.durationMs)} ms`})`,
  ];
  if (run.error) lines.push(`  error: ${run.error}`);
  if (run.result !== null && run.result !== undefined) lines.push(`  result: ${JSON.stringify(run.result)}`);
  for (const log of run.logs) lines.push(`  ${log.at} ${log.level.padEnd(5)} ${log.message}`);
  const artifacts = Array.isArray(run.artifacts) ? (run.artifacts as { name: string }[]) : [];
  for (const a of artifacts) lines.push(`  artifact: ${a.name}`);
  return lines.join('\n');
}
