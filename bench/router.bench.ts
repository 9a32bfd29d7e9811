/**
 * One route call, `GET /monthly/:endpointId?year&month`, through three paths in the same run:
 * the handler called directly (baseline), (a) the in-process router, (b) the web bridge over
 * HTTP, and (c) the same handler behind Fastify over HTTP, the way NxForge served it.
 */
import http from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EventBus } from '../src/main/core/events/event-bus';
import { Router } from '../src/main/core/router/router';
import { startWebBridge, type WebBridge } from '../src/main/core/web/web-bridge';
import type { RouteCall } from '../src/shared/contract';
import type { Result } from '../src/shared/result';
import {
  concatSamples,
  defineBench,
  environment,
  formatEnvironment,
  formatRatio,
  formatTargets,
  formatUs,
  progress,
  round,
  sampleAsync,
  sampleSync,
  summarize,
  table,
  type BenchArgs,
  type Summary,
  type Target,
} from './lib/stats';

const TARGET_OVERHEAD_NS = 20_000;
const TARGET_SPEEDUP = 20;
const FASTIFY_PATH = '/api/v1/m/bench/monthly';

// ─── the route under test ───────────────────────────────────────────────────

interface MonthlyInput {
  params: { endpointId: string };
  query: { year: number; month: number };
}

interface Monthly {
  endpointId: string;
  year: number;
  month: number;
  from: string;
  to: string;
  days: number;
  kwh: number;
}

/** A small, honest handler: date arithmetic, a little maths, a small object back. */
function monthly({ params, query }: MonthlyInput): Monthly {
  const days = new Date(Date.UTC(query.year, query.month, 0)).getUTCDate();
  let hash = 2166136261;
  for (let i = 0; i < params.endpointId.length; i++) hash = Math.imul(hash ^ params.endpointId.charCodeAt(i), 16777619);
  const mm = String(query.month).padStart(2, '0');
  return {
    endpointId: params.endpointId,
    year: query.year,
    month: query.month,
    from: `${query.year}-${mm}-01`,
    to: `${query.year}-${mm}-${days}`,
    days,
    kwh: Math.round((hash >>> 0) % 1_000_000) / 100 + days,
  };
}

const paramsSchema = z.object({ endpointId: z.string().min(1).max(64) });
const querySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  month: z.coerce.number().int().min(1).max(12),
});

const fastifySchema = {
  params: {
    type: 'object',
    required: ['endpointId'],
    properties: { endpointId: { type: 'string', minLength: 1, maxLength: 64 } },
  },
  querystring: {
    type: 'object',
    required: ['year', 'month'],
    properties: {
      year: { type: 'integer', minimum: 2000, maximum: 2100 },
      month: { type: 'integer', minimum: 1, maximum: 12 },
    },
  },
  // A response schema lets Fastify serialise with fast-json-stringify: its fastest setup.
  response: {
    200: {
      type: 'object',
      properties: {
        endpointId: { type: 'string' },
        year: { type: 'integer' },
        month: { type: 'integer' },
        from: { type: 'string' },
        to: { type: 'string' },
        days: { type: 'integer' },
        kwh: { type: 'number' },
      },
    },
  },
} as const;

/** Varied inputs, built before timing, so no path answers the same call every time. */
const CASES = Array.from({ length: 64 }, (_, i) => {
  const endpointId = `pdu-${String.fromCharCode(97 + (i % 8))}-${String(i).padStart(2, '0')}`;
  const year = 2024 + (i % 3);
  const month = 1 + (i % 12);
  const call: RouteCall = {
    module: 'bench',
    method: 'GET',
    path: `/monthly/${endpointId}`,
    query: { year: String(year), month: String(month) },
  };
  return {
    call,
    input: { params: { endpointId }, query: { year, month } } satisfies MonthlyInput,
    fastifyUrl: `${FASTIFY_PATH}/${endpointId}?year=${year}&month=${month}`,
  };
});
const caseAt = (i: number): (typeof CASES)[number] => CASES[i % CASES.length] as (typeof CASES)[number];

// ─── HTTP clients (one in flight, keep-alive) ───────────────────────────────

interface HttpReply {
  status: number;
  body: unknown;
}

interface HttpClient {
  readonly name: string;
  request(port: number, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string): Promise<HttpReply>;
  close(): void;
}

function nodeHttpClient(): HttpClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    name: 'node:http request, keep-alive Agent (maxSockets 1)',
    request: (port, method, path, headers, body) =>
      new Promise<HttpReply>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method,
            path,
            agent,
            headers: body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => {
              try {
                resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
              } catch (err) {
                reject(err instanceof Error ? err : new Error(String(err)));
              }
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}

function fetchClient(): HttpClient {
  return {
    name: 'global fetch (undici, keep-alive)',
    request: async (port, method, path, headers, body) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body });
      return { status: res.status, body: (await res.json()) as unknown };
    },
    close: () => undefined,
  };
}

// ─── the bench ──────────────────────────────────────────────────────────────

interface Paths {
  handler: (i: number) => unknown;
  router: (i: number) => Promise<unknown>;
  bridge: (client: HttpClient, i: number) => Promise<unknown>;
  fastify: (client: HttpClient, i: number) => Promise<unknown>;
}

async function setUp(): Promise<{ router: Router; bridge: WebBridge; app: FastifyInstance; fastifyPort: number; paths: Paths }> {
  const router = new Router();
  router.add({ module: 'bench', method: 'GET', path: '/monthly/:endpointId', params: paramsSchema, query: querySchema, handler: monthly });
  const bridge = await startWebBridge({ router, events: new EventBus(), port: 0 });
  const app = Fastify({ logger: false });
  app.get<{ Params: MonthlyInput['params']; Querystring: MonthlyInput['query'] }>(
    `${FASTIFY_PATH}/:endpointId`,
    { schema: fastifySchema },
    async (req) => monthly({ params: req.params, query: req.query }),
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const fastifyPort = typeof address === 'object' && address ? address.port : 0;

  const rpcHeaders = { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}` };
  const expectOk = (reply: HttpReply, what: string): unknown => {
    if (reply.status !== 200) throw new Error(`${what} answered HTTP ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  const paths: Paths = {
    handler: (i) => monthly(caseAt(i).input),
    router: (i) => router.call(caseAt(i).call),
    bridge: async (client, i) =>
      expectOk(await client.request(bridge.port, 'POST', '/rpc', rpcHeaders, JSON.stringify(caseAt(i).call)), 'web bridge'),
    fastify: async (client, i) => expectOk(await client.request(fastifyPort, 'GET', caseAt(i).fastifyUrl, {}), 'Fastify'),
  };
  return { router, bridge, app, fastifyPort, paths };
}

/** Every path must give the handler's answer, and both servers must really validate. */
async function checkPaths(paths: Paths, client: HttpClient, router: Router, fastifyPort: number): Promise<void> {
  for (let i = 0; i < CASES.length; i++) {
    const expected = paths.handler(i);
    const got: Record<string, unknown> = {
      router: await paths.router(i),
      bridge: await paths.bridge(client, i),
    };
    for (const [path, envelope] of Object.entries(got)) {
      if (!isDeepStrictEqual(envelope, { ok: true, data: expected })) {
        throw new Error(`${path} answered ${JSON.stringify(envelope)} instead of the handler's ${JSON.stringify(expected)}`);
      }
    }
    const direct = await paths.fastify(client, i);
    if (!isDeepStrictEqual(direct, expected)) throw new Error(`Fastify answered ${JSON.stringify(direct)}`);
  }
  const bad = (await router.call({ module: 'bench', method: 'GET', path: '/monthly/x', query: { year: '2025', month: '13' } })) as Result<unknown>;
  if (bad.ok || bad.error.code !== 'VALIDATION') throw new Error('the router did not refuse month=13');
  const badHttp = await client.request(fastifyPort, 'GET', `${FASTIFY_PATH}/x?year=2025&month=13`, {});
  if (badHttp.status !== 400) throw new Error(`Fastify answered HTTP ${badHttp.status} to month=13`);
}

type PathName = 'handler' | 'router' | 'bridge' | 'fastify';
const LABELS: Record<PathName, string> = {
  handler: 'handler, called directly (baseline)',
  router: '(a) router.call, in process',
  bridge: '(b) web bridge, POST /rpc over HTTP',
  fastify: `(c) Fastify, GET ${FASTIFY_PATH}/:id`,
};

async function pickClient(args: BenchArgs, paths: Paths, samples: number): Promise<{ client: HttpClient; note: string }> {
  const wanted = args.string('client') ?? 'auto';
  if (wanted === 'http') return { client: nodeHttpClient(), note: 'chosen with --client http' };
  if (wanted === 'fetch') return { client: fetchClient(), note: 'chosen with --client fetch' };
  if (wanted !== 'auto') throw new Error(`--client expects http, fetch or auto, got "${wanted}"`);
  const scores: { client: HttpClient; p50: number }[] = [];
  for (const client of [nodeHttpClient(), fetchClient()]) {
    await sampleAsync(samples, (i) => paths.bridge(client, i));
    await sampleAsync(samples, (i) => paths.fastify(client, i));
    const b = summarize(await sampleAsync(samples, (i) => paths.bridge(client, i))).p50;
    const c = summarize(await sampleAsync(samples, (i) => paths.fastify(client, i))).p50;
    scores.push({ client, p50: b + c });
  }
  scores.sort((x, y) => x.p50 - y.p50);
  const [best, other] = scores as [(typeof scores)[number], (typeof scores)[number]];
  other.client.close();
  return {
    client: best.client,
    note: `faster in a ${samples}-call trial: p50 (b)+(c) ${formatUs(best.p50)} µs against ${formatUs(other.p50)} µs for ${other.client.name}`,
  };
}

async function run(args: BenchArgs): Promise<number> {
  const scale = args.flag('quick') ? 0.2 : 1;
  const inProcess = Math.round(args.number('iterations', 100_000) * scale);
  const overHttp = Math.round(args.number('http-iterations', 10_000) * scale);
  const rounds = Math.round(args.number('rounds', 5));
  const env = environment();
  const started = process.hrtime.bigint();
  if (!args.json) progress(args, `${formatEnvironment(env)}\n`);

  const { router, bridge, app, fastifyPort, paths } = await setUp();
  let client: HttpClient | undefined;
  try {
    const picked = await pickClient(args, paths, Math.min(1000, overHttp));
    client = picked.client;
    const http = client;
    progress(args, `HTTP client: ${http.name}; ${picked.note}`);
    await checkPaths(paths, http, router, fastifyPort);

    const runners: Record<PathName, (n: number) => Promise<Float64Array>> = {
      handler: async (n) => sampleSync(n, paths.handler),
      router: (n) => sampleAsync(n, paths.router),
      bridge: (n) => sampleAsync(n, (i) => paths.bridge(http, i)),
      fastify: (n) => sampleAsync(n, (i) => paths.fastify(http, i)),
    };
    const counts: Record<PathName, number> = { handler: inProcess, router: inProcess, bridge: overHttp, fastify: overHttp };
    const names = Object.keys(runners) as PathName[];

    progress(args, `warm-up, then ${rounds} interleaved rounds: ${inProcess} in-process and ${overHttp} HTTP calls per path`);
    for (const name of names) await runners[name](Math.ceil(counts[name] / 5));
    const parts: Record<PathName, Float64Array[]> = { handler: [], router: [], bridge: [], fastify: [] };
    for (let r = 0; r < rounds; r++) {
      for (const name of names) parts[name].push(await runners[name](Math.ceil(counts[name] / rounds)));
    }
    const stats = Object.fromEntries(names.map((n) => [n, summarize(concatSamples(parts[n]))])) as Record<PathName, Summary>;

    const overheadP50 = stats.router.p50 - stats.handler.p50;
    const speedup = stats.fastify.p50 / stats.router.p50;
    const targets: Target[] = [
      {
        label: '(a) overhead over the handler at p50',
        pass: overheadP50 <= TARGET_OVERHEAD_NS,
        measured: `+${formatUs(overheadP50)} µs`,
        goal: `≤ ${formatUs(TARGET_OVERHEAD_NS)} µs`,
      },
      {
        label: '(a) faster than (c) at p50',
        pass: speedup >= TARGET_SPEEDUP,
        measured: formatRatio(speedup),
        goal: `≥ ${TARGET_SPEEDUP}×`,
      },
    ];
    const breakdown = args.flag('breakdown') || overheadP50 > TARGET_OVERHEAD_NS ? await measureBreakdown(inProcess) : null;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;

    if (args.json) {
      const ns = (s: Summary): Record<string, number> =>
        Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === 'n' ? v : Math.round(v)]));
      const out = {
        bench: 'router',
        environment: env,
        client: http.name,
        unit: 'ns',
        paths: Object.fromEntries(names.map((n) => [n, { label: LABELS[n], ...ns(stats[n]) }])),
        overheadP50Ns: Math.round(overheadP50),
        ratiosP50: {
          routerOverHandler: round(stats.router.p50 / stats.handler.p50),
          bridgeOverRouter: round(stats.bridge.p50 / stats.router.p50),
          fastifyOverRouter: round(speedup),
          fastifyOverBridge: round(stats.fastify.p50 / stats.bridge.p50),
        },
        targets: targets.map(({ label, pass, measured, goal }) => ({ label, pass, measured, goal })),
        breakdown: breakdown && Object.fromEntries(breakdown.map((b) => [b.label, ns(b.stats)])),
        seconds: round(seconds),
      };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      const rows = names.map((n) => {
        const s = stats[n];
        return [
          LABELS[n],
          formatUs(s.p50),
          formatUs(s.p99),
          n === 'handler' ? '' : `+${formatUs(s.p50 - stats.handler.p50)}`,
          n === 'handler' ? '' : formatRatio(s.p50 / stats.router.p50),
          n === 'handler' ? '' : formatRatio(s.p99 / stats.router.p99),
          String(s.n),
        ];
      });
      progress(args, '');
      progress(args, table([['path', 'p50 µs', 'p99 µs', 'p50 over handler', 'p50 ÷ (a)', 'p99 ÷ (a)', 'calls'], ...rows]));
      progress(args, '');
      progress(args, formatTargets(targets));
      if (breakdown) {
        progress(args, '\nwhere the time of (a) goes (in process, same inputs):');
        progress(args, table([['step', 'p50 µs', 'p99 µs'], ...breakdown.map((b) => [b.label, formatUs(b.stats.p50), formatUs(b.stats.p99)])]));
      }
      progress(args, `\n${seconds.toFixed(1)} s`);
    }
    const failed = targets.some((t) => !t.pass);
    return failed && args.flag('strict') ? 1 : 0;
  } finally {
    client?.close();
    await bridge.close();
    await app.close();
  }
}

/** Times the pieces a router call is made of, to show which one costs. */
async function measureBreakdown(n: number): Promise<{ label: string; stats: Summary }[]> {
  const bare = new Router();
  bare.add({ module: 'bench', method: 'GET', path: '/ping', handler: () => 1 });
  bare.add({ module: 'bench', method: 'GET', path: '/monthly/:endpointId', handler: () => 1 });
  const asyncHandler = async (i: number): Promise<Monthly> => monthly(caseAt(i).input);
  const steps: [string, () => Promise<Float64Array>][] = [
    ['clock read alone (in every row)', async () => sampleSync(n, () => 0)],
    ['handler behind one await', () => sampleAsync(n, asyncHandler)],
    ['router.call, static path, no schemas', () => sampleAsync(n, () => bare.call({ module: 'bench', method: 'GET', path: '/ping' }))],
    ['router.call, :param path, no schemas', () => sampleAsync(n, (i) => bare.call({ ...caseAt(i).call, query: undefined }))],
    ['zod params + query safeParse', async () => sampleSync(n, (i) => [paramsSchema.safeParse({ endpointId: caseAt(i).input.params.endpointId }), querySchema.safeParse(caseAt(i).call.query)])],
  ];
  const out: { label: string; stats: Summary }[] = [];
  for (const [label, measure] of steps) {
    await measure();
    out.push({ label, stats: summarize(await measure()) });
  }
  return out;
}

export default defineBench({
  description: 'one route call: handler alone, (a) in-process router, (b) web bridge, (c) Fastify over HTTP',
  run,
});
