import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { HttpMethod, QueryValue } from '../shared/contract';
import { HTTP_METHODS } from '../shared/contract';
import { createCore } from './core/core';
import { SchemaTooNewError } from './core/db/database';
import { appVersion, resolveDataDir } from './core/paths';
import { startServe } from './core/serve';
import { MODULE_USAGE, moduleCommand } from './cli-modules';
import { JOB_USAGE, jobCommand } from './cli-jobs';

const USAGE_TEMPLATE = `Usage: nxforge [--data-dir DIR] <command> [options]

Commands:
  serve [--port N] [--no-open]      Run the app headless; open it in a browser at the printed URL
  info                              Print core info as JSON
  call MODULE METHOD PATH           Call a route and print the result envelope as JSON
       [--query k=v]... [--body JSON | --body @FILE]
__MODULES__
  help                              Show this help

Global options:
  --data-dir DIR   Data folder (default: $NXFORGE_DATA_DIR, then the platform's data folder)
  --version        Print the version`;
const USAGE = USAGE_TEMPLATE.replace('__MODULES__', `${MODULE_USAGE}\n${JOB_USAGE}`);

/** A user mistake on the command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

type Out = { stdout: (s: string) => void; stderr: (s: string) => void };

export async function runCli(argv: string[], out: Out = defaultOut()): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { 'data-dir': { type: 'string' }, version: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.version) {
    out.stdout(appVersion());
    return 0;
  }
  const command = positionals[0];
  if (!command || command === 'help' || values.help) {
    out.stdout(USAGE);
    return command || values.help ? 0 : 2;
  }
  const rest = argv.slice(argv.indexOf(command) + 1);
  const dataDir = resolveDataDir(typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined);
  try {
    switch (command) {
      case 'serve':
        return await serveCommand(rest, dataDir, out);
      case 'info':
        return await withCore(dataDir, (core) => {
          out.stdout(JSON.stringify(core.info(), null, 2));
          return 0;
        });
      case 'call':
        return await callCommand(rest, dataDir, out);
      case 'module':
        return await moduleCommand(rest, (fn) => withCore(dataDir, fn), out, (message) => new UsageError(message));
      case 'job':
        return await jobCommand(rest, (fn) => withCore(dataDir, fn), out, (message) => new UsageError(message));
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      out.stderr(`nxforge: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof SchemaTooNewError) {
      out.stderr(`nxforge: ${err.message}`);
      return 1;
    }
    if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
      out.stderr(`nxforge: the port is already in use; pick another with --port N, or leave it out for a free one.`);
      return 1;
    }
    if (err instanceof Error && 'code' in err && err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      out.stderr(`nxforge: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    out.stderr(`nxforge: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

async function withCore<T>(dataDir: string, fn: (core: ReturnType<typeof createCore>) => T | Promise<T>): Promise<T> {
  const core = createCore({ dataDir, mode: 'cli' });
  try {
    return await fn(core);
  } finally {
    await core.dispose();
  }
}

async function serveCommand(args: string[], dataDir: string, out: Out): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { port: { type: 'string' }, 'no-open': { type: 'boolean' }, open: { type: 'boolean' } },
  });
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a number from 0 to 65535, not "${values.port}".`);
  }
  const console = pino({ level: 'info', base: undefined }, pino.destination(2));
  const handle = await startServe({
    dataDir,
    port,
    logEcho: (entry) => {
      if (entry.level === 'warn' || entry.level === 'error') console[entry.level]({ module: entry.module }, entry.message);
    },
  });
  out.stdout(`NxForge Desktop ${appVersion()} is serving the app headless.`);
  out.stdout(`Data folder: ${dataDir}`);
  out.stdout(`Open this address in a browser (it carries the access token; keep it private):`);
  out.stdout(`NXFORGE_URL=${handle.bridge.url}`);
  if (!values['no-open']) openInBrowser(handle.bridge.url);

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  out.stderr('Stopping…');
  await handle.close();
  return 0;
}

function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  try {
    const child = spawn(cmd, args as string[], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser opener here; the printed URL is enough.
  }
}

async function callCommand(args: string[], dataDir: string, out: Out): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { query: { type: 'string', multiple: true }, body: { type: 'string' } },
  });
  const [module, methodRaw, path] = positionals;
  if (!module || !methodRaw || !path || positionals.length > 3) {
    throw new UsageError('call takes MODULE METHOD PATH, e.g. nxforge call core GET /info');
  }
  const method = methodRaw.toUpperCase() as HttpMethod;
  if (!(HTTP_METHODS as readonly string[]).includes(method)) throw new UsageError(`METHOD must be one of ${HTTP_METHODS.join(', ')}, not "${methodRaw}".`);
  if (!path.startsWith('/')) throw new UsageError(`PATH must start with /, as in /info, not "${path}".`);

  const query: Record<string, QueryValue> = {};
  for (const pair of values.query ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--query takes key=value, not "${pair}".`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const existing = query[key];
    query[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  let body: unknown;
  if (values.body !== undefined) {
    const text = values.body.startsWith('@') ? readBodyFile(values.body.slice(1)) : values.body;
    try {
      body = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`--body is not valid JSON (${(err as Error).message}).`);
    }
  }
  return withCore(dataDir, async (core) => {
    await core.start({ schedule: false });
    const result = await core.router.call({ module, method, path, query, body });
    out.stdout(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  });
}

function readBodyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --body file "${file}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
  }
}

function defaultOut(): Out {
  return { stdout: (s) => process.stdout.write(s + '\n'), stderr: (s) => process.stderr.write(s + '\n') };
}

// A closed pipe (`nxforge module list | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const isEntry = process.argv[1] !== undefined && /cli\.(js|ts|mjs)$/.test(process.argv[1]);
if (isEntry || process.env.NXFORGE_CLI_ENTRY === '1') {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`nxforge: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
