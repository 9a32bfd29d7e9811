import cronstrue from 'cronstrue';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { JobView } from '../../../shared/core-api';
import type { ModuleManifest } from '../../../shared/manifest';
import type { CoreDb } from '../db/database';
import { listLogs } from '../logs/logger';
import type { ModuleManager } from '../modules/module-manager';
import { AppError, validationError } from '../router/app-error';
import type { RouteDefinition } from '../router/router';
import type { CoreSettings } from '../settings/core-settings';
import { configIssues, jobConfig } from './job-config';
import { getJob, getRun, listJobs, listRuns, updateJob, type JobRow } from './job-repository';
import { listArtifacts } from './job-runner';
import { cronFor, effectiveSchedule } from './job-scheduler';
import type { JobService } from './job-service';

export interface JobRoutesDeps {
  db: CoreDb;
  jobs: JobService;
  modules: ModuleManager;
  settings: CoreSettings;
}

export function describeCron(expression: string | null): string {
  if (!expression) return 'Manual only';
  try {
    return cronstrue.toString(expression, { use24HourTimeFormat: true, verbose: false });
  } catch {
    return expression;
  }
}

const jobParams = z.object({ id: z.string().regex(/^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/, 'expected MODULE:JOB, e.g. consumption-monitor:collect-consumption') });
const runParams = z.object({ runId: z.coerce.number().int().positive() });

export function jobRoutes(d: JobRoutesDeps): RouteDefinition<never, never, never, unknown>[] {
  const view = (job: JobRow): JobView => {
    const row = d.modules.list().find((m) => m.name === job.module);
    const spec = (row?.manifest as ModuleManifest | undefined)?.jobs?.[job.id.slice(job.module.length + 1)];
    const schedule = effectiveSchedule(job);
    return {
      id: job.id,
      module: job.module,
      moduleState: row?.state ?? 'MISSING',
      name: job.name,
      description: job.description,
      schedule,
      scheduleDefault: job.schedule,
      scheduleOverride: job.scheduleOverride,
      scheduleText: describeCron(schedule),
      timezone: d.settings.timezone(),
      enabled: job.enabled,
      paused: job.paused,
      nextRunAt: job.nextRunAt,
      lastRunAt: job.lastRunAt,
      lastStatus: job.lastStatus,
      runningRunId: d.jobs.runner.runningRunId(job.id),
      timeoutMs: job.timeoutMs,
      retries: job.retries,
      configFields: spec?.config ?? {},
      config: jobConfig(spec?.config, job.config),
    };
  };
  const mustGet = (id: string): JobRow => {
    const job = getJob(d.db, id);
    if (!job) throw new AppError('NOT_FOUND', `No job ${id}. List them with GET /jobs or nxforge job list.`);
    return job;
  };
  const run = (runId: number) => {
    const r = getRun(d.db, runId);
    if (!r) throw new AppError('NOT_FOUND', `No run #${runId}.`);
    return r;
  };
  const routes = [
    {
      method: 'GET',
      path: '/jobs',
      summary: 'Every job: module, schedule in words, next run, last status, config',
      handler: () => listJobs(d.db).sort((a, b) => a.id.localeCompare(b.id)).map(view),
    },
    { method: 'GET', path: '/jobs/:id', summary: 'One job', params: jobParams, handler: ({ params }: { params: { id: string } }) => view(mustGet(params.id)) },
    {
      method: 'PUT',
      path: '/jobs/:id',
      summary: "Change a job's schedule override (null: the manifest's), switch it on or off, or edit its config",
      params: jobParams,
      body: z.object({
        scheduleOverride: z.string().min(1).nullable().optional(),
        enabled: z.boolean().optional(),
        config: z.record(z.string(), z.unknown()).optional(),
      }),
      handler: ({ params, body }: { params: { id: string }; body: { scheduleOverride?: string | null; enabled?: boolean; config?: Record<string, unknown> } }) => {
        const job = mustGet(params.id);
        const issues = [];
        if (typeof body.scheduleOverride === 'string') {
          try {
            cronFor(body.scheduleOverride, d.settings.timezone());
          } catch (err) {
            issues.push({ field: 'body.scheduleOverride', message: `"${body.scheduleOverride}" is not a cron expression (${(err as Error).message})` });
          }
        }
        const spec = (d.modules.manifest(job.module) as ModuleManifest).jobs?.[job.id.slice(job.module.length + 1)];
        if (body.config) issues.push(...configIssues(spec?.config, body.config));
        if (issues.length) throw validationError(issues);
        updateJob(d.db, job.id, {
          ...(body.scheduleOverride !== undefined ? { scheduleOverride: body.scheduleOverride } : {}),
          ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
          ...(body.config ? { config: { ...(job.config as object), ...body.config } } : {}),
        });
        d.jobs.scheduler.refresh();
        return view(mustGet(job.id));
      },
    },
    {
      method: 'POST',
      path: '/jobs/:id/run',
      summary: 'Run a job now; wait=true answers with the finished run, else at once with its id',
      params: jobParams,
      query: z.object({ wait: z.enum(['true', 'false']).optional() }),
      handler: async ({ params, query }: { params: { id: string }; query: { wait?: string } }) => {
        const job = mustGet(params.id);
        await d.modules.host(job.module);
        const started = d.jobs.runner.start(job.id, 'manual');
        if (query.wait === 'true') return started.done;
        void started.done.catch(() => undefined);
        return run(started.runId);
      },
    },
    ...(['pause', 'resume'] as const).map((action) => ({
      method: 'POST',
      path: `/jobs/:id/${action}`,
      summary: action === 'pause' ? "Pause a job's schedule" : "Resume a job's schedule",
      params: jobParams,
      handler: ({ params }: { params: { id: string } }) => {
        mustGet(params.id);
        updateJob(d.db, params.id, { paused: action === 'pause' });
        d.jobs.scheduler.refresh();
        return view(mustGet(params.id));
      },
    })),
    ...(['pause-all', 'resume-all'] as const).map((action) => ({
      method: 'POST',
      path: `/jobs/${action}`,
      summary: action === 'pause-all' ? 'Pause every schedule' : 'Resume every schedule',
      handler: () => {
        d.settings.set('jobs.paused', action === 'pause-all');
        return { paused: action === 'pause-all' };
      },
    })),
    {
      method: 'GET',
      path: '/jobs/:id/runs',
      summary: 'Run history of a job, newest first',
      params: jobParams,
      query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
      handler: ({ params, query }: { params: { id: string }; query: { limit: number } }) => {
        mustGet(params.id);
        return listRuns(d.db, params.id, query.limit);
      },
    },
    {
      method: 'GET',
      path: '/runs/:runId',
      summary: 'One run with its log lines and artifacts',
      params: runParams,
      handler: ({ params }: { params: { runId: number } }) => ({ ...run(params.runId), logs: listLogs(d.db, { jobRunId: params.runId, limit: 1000 }).reverse() }),
    },
    {
      method: 'POST',
      path: '/runs/:runId/cancel',
      summary: 'Cancel a queued or running run',
      params: runParams,
      handler: ({ params }: { params: { runId: number } }) => {
        const r = run(params.runId);
        if (!d.jobs.runner.cancel(params.runId)) throw new AppError('CONFLICT', `Run #${params.runId} is ${r.status}; only a queued or running run can be cancelled.`);
        return { cancelled: true };
      },
    },
    {
      method: 'GET',
      path: '/runs/:runId/artifacts/:name',
      summary: 'One artifact of a run (screenshot or page HTML), base64',
      params: z.object({ runId: z.coerce.number().int().positive(), name: z.string().regex(/^[A-Za-z0-9._-]+$/) }),
      handler: ({ params }: { params: { runId: number; name: string } }) => {
        run(params.runId);
        const dir = d.jobs.runner.artifactsDir(params.runId);
        const artifact = listArtifacts(dir).find((a) => a.name === params.name);
        if (!artifact) throw new AppError('NOT_FOUND', `Run #${params.runId} has no artifact ${params.name}.`);
        const mime = artifact.kind === 'screenshot' ? 'image/png' : artifact.kind === 'html' ? 'text/html' : 'application/octet-stream';
        return { ...artifact, mime, base64: readFileSync(join(dir, artifact.name)).toString('base64') };
      },
    },
  ];
  return routes.map((r) => ({ module: 'core', ...r })) as unknown as RouteDefinition<never, never, never, unknown>[];
}
