import { readFile, rm } from 'node:fs/promises';
import type { ModuleContext, ScrapeResult, StepReport } from '@nxforge/sdk';
import type { Endpoint } from '../lib';
import { getPassword, sessionKey } from './credentials';
import { DEFAULTS, parseEndpointBody } from './endpoint-input';
import { guarded, invalid } from './errors';
import { mustGetEndpoint } from './endpoint-routes';
import { buildTask, meterValues, readProblem, TaskBuildError, type MeterValues, type ScrapeTarget } from './scrape-task';

/** What a trial scrape answers. Nothing of it is stored: a test records no reading. */
export interface TestScrapeResult {
  ok: boolean;
  error: string | null;
  /** The values the meter reading would hold. */
  reading: MeterValues;
  /** Every value the steps extracted, by name. */
  values: ScrapeResult['values'];
  /** Each step with its time in ms; index -1 is what the app did itself (opening the page, a login). */
  steps: StepReport[];
  durationMs: number;
  queuedMs: number;
  finalUrl: string;
  loggedIn: boolean;
  sessionReused: boolean;
  /** The page as the scrape left it, as a `data:image/png;base64,…` URL; null with screenshotError when none could be taken. */
  screenshot: string | null;
  screenshotError?: string;
}

const ROUTE_TIMEOUT_MS = 330_000;

/** Runs the scrape, returns what it found with a screenshot taken on success and failure alike, and keeps no files. */
async function trial(ctx: ModuleContext, target: ScrapeTarget, password: string | null, key: string | undefined, fieldPrefix: string): Promise<TestScrapeResult> {
  let task;
  try {
    task = buildTask(target, password, { sessionKey: key, screenshotOnError: true, screenshotOnSuccess: true });
  } catch (err) {
    if (err instanceof TaskBuildError) throw invalid([{ field: `${fieldPrefix}${err.field}`, message: err.message.slice(err.field.length + 2) }]);
    throw err;
  }
  const result = await ctx.scraping.run(task);
  const reading = meterValues(result);
  let screenshot: string | null = null;
  let screenshotError: string | undefined;
  const png = result.artifacts.find((a) => a.kind === 'screenshot');
  if (png) {
    try {
      screenshot = `data:image/png;base64,${(await readFile(png.path)).toString('base64')}`;
    } catch (err) {
      screenshotError = `the screenshot could not be read: ${(err as Error).message}`;
    }
  } else {
    screenshotError = 'the browser did not get far enough to show a page';
  }
  await Promise.all(result.artifacts.map((a) => rm(a.path, { force: true }).catch(() => undefined)));
  const problem = readProblem(result, reading);
  return {
    ok: problem === null,
    error: problem,
    reading,
    values: result.values,
    steps: result.steps,
    durationMs: result.durationMs,
    queuedMs: result.queuedMs,
    finalUrl: result.finalUrl,
    loggedIn: result.loggedIn,
    sessionReused: result.sessionReused,
    screenshot,
    ...(screenshotError ? { screenshotError } : {}),
  };
}

export function testScrapeRoutes(ctx: ModuleContext): void {
  ctx.routes.post<{ id: number }>(
    '/endpoints/:id/test',
    {
      summary: 'A trial scrape of a saved endpoint: every value found, each step’s timing and a screenshot; nothing is stored',
      params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] },
      timeoutMs: ROUTE_TIMEOUT_MS,
    },
    guarded(async ({ params }) => {
      const endpoint = mustGetEndpoint(ctx, params.id);
      return trial(ctx, endpoint, await getPassword(ctx.secrets, endpoint.id), sessionKey(endpoint.id), '');
    }),
  );

  ctx.routes.post(
    '/endpoints/test',
    {
      summary: 'A trial scrape of an unsaved endpoint (the form’s fields); with id and no password, the saved endpoint’s password is used',
      body: { type: 'object' },
      timeoutMs: ROUTE_TIMEOUT_MS,
    },
    guarded(async ({ body }) => {
      const { id, ...fields } = (body ?? {}) as Record<string, unknown>;
      if (id !== undefined && id !== null && (typeof id !== 'number' || !Number.isInteger(id) || id < 1)) {
        throw invalid([{ field: 'body.id', message: 'expected the id of a saved endpoint' }]);
      }
      const parsed = parseEndpointBody({ name: 'Draft', ...fields }, 'create');
      const draft = { ...DEFAULTS, ...parsed.fields } as Endpoint;
      let password = parsed.password ?? null;
      if (parsed.password === undefined && typeof id === 'number') {
        mustGetEndpoint(ctx, id);
        password = await getPassword(ctx.secrets, id);
      }
      return trial(ctx, draft, password, undefined, 'body.');
    }),
  );
}
