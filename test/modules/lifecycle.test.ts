import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli';
import { createCore, type Core } from '../../src/main/core/core';
import type { HttpMethod } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';
import { buildHelloWorld, editJson, sha256, tempDataDir, writeModule, type TempDir } from '../helpers/module-fixtures';

/**
 * A module's whole life through the core's routes and the CLI: install, enable, call, disable,
 * upgrade with a new migration, settings and secrets, restart, uninstall with and without purge.
 */

const VISITS_SQL = `ALTER TABLE hello_world__greetings ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
CREATE TABLE hello_world__visits (id INTEGER PRIMARY KEY, at TEXT NOT NULL);
`;

let packages: TempDir;
let helloV1: string;
let helloV11: string;

/** hello-world 1.1.0: a new migration, a changed /greeting, a new /greetings and a file in its storage folder. */
function upgradeTo110(dir: string): void {
  editJson(join(dir, 'manifest.json'), (m) => {
    m.version = '1.1.0';
  });
  writeFileSync(join(dir, 'migrations', '0002_visits.sql'), VISITS_SQL);
  const main = join(dir, 'src', 'main.ts');
  let source = readFileSync(main, 'utf8');
  const edits: [string, string][] = [
    ["import { defineModule, RouteError } from '@nxforge/sdk';", "import { appendFileSync } from 'node:fs';\nimport { defineModule, RouteError } from '@nxforge/sdk';"],
    ['return { message, total };', "return { message, total, edition: '1.1.0' };"],
    [
      'ctx.jobs.handle<',
      "ctx.routes.get('/greetings', () => ctx.db.prepare(`SELECT name, lang FROM ${ctx.db.tablePrefix}greetings ORDER BY id`).all());\n" +
        "    appendFileSync(`${ctx.storage.dir}/activations.log`, `${ctx.module.version}\\n`);\n    ctx.jobs.handle<",
    ],
  ];
  for (const [from, to] of edits) {
    if (!source.includes(from)) throw new Error(`hello-world's src/main.ts no longer contains ${from}`);
    source = source.replace(from, to);
  }
  writeFileSync(main, source);
}

beforeAll(async () => {
  packages = tempDataDir('nxforge-packages-');
  helloV1 = await buildHelloWorld(join(packages.dir, 'hello-1.0.0'));
  helloV11 = await buildHelloWorld(join(packages.dir, 'hello-1.1.0'), upgradeTo110);
});

afterAll(() => packages?.cleanup());

/** A core on `dir` with the module system started; `call` goes through its router. */
async function startCore(dir: string): Promise<Core> {
  const core = createCore({ dataDir: dir, mode: 'cli', builtInModules: [] });
  await core.start();
  return core;
}

function caller(core: () => Core) {
  return <T = unknown>(module: string, method: HttpMethod, path: string, extra: { query?: Record<string, string>; body?: unknown } = {}) =>
    core().router.call<T>({ module, method, path, ...extra });
}

function dataOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

describe('install, enable, disable, upgrade and uninstall hello-world', () => {
  let data: TempDir;
  let core: Core;
  const call = caller(() => core);
  const sql = <T>(query: string, ...params: unknown[]) => core.db.sqlite.prepare(query).all(...params) as T[];
  const greet = (name: string) => call<{ message: string; total: number; edition?: string }>('hello-world', 'GET', '/greeting', { query: { name } });
  const state = () => core.modules.get('hello-world').state;

  beforeAll(async () => {
    data = tempDataDir();
    core = await startCore(data.dir);
  });
  afterAll(async () => {
    await core?.dispose();
    data?.cleanup();
  });

  it('installs the built package: recorded as INSTALLED with its author, permissions and sha256', async () => {
    const report = dataOf(await call('core', 'POST', '/modules/install', { body: { path: helloV1 } }));
    expect(report).toMatchObject({
      name: 'hello-world',
      version: '1.0.0',
      previousVersion: null,
      action: 'installed',
      author: 'NxForge Desktop',
      permissions: ['database:read', 'database:write'],
    });
    expect((report as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(state()).toBe('INSTALLED');
    expect(existsSync(join(data.dir, 'modules', 'hello-world', 'dist', 'main.js'))).toBe(true);
    expect(await greet('Ada')).toMatchObject({ ok: false, error: { code: 'MODULE_UNAVAILABLE' } });
  });

  it('enables it: migrations run, the route answers and validates its query', async () => {
    expect(dataOf(await call('core', 'POST', '/modules/hello-world/enable'))).toMatchObject({ state: 'ENABLED', running: true });
    expect(await greet('Ada')).toEqual({ ok: true, data: { message: 'Hello, Ada!', total: 1 } });
    expect(await greet('Grace')).toEqual({ ok: true, data: { message: 'Hello, Grace!', total: 2 } });
    const invalid = await greet('');
    expect(invalid).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(!invalid.ok && invalid.error.message).toContain('query.name');
    expect(await greet('nobody')).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'Nobody cannot be greeted: give a name.' } });
  });

  it('lists the route with its query JSON Schema under GET /routes', async () => {
    const routes = dataOf(await call<{ method: string; path: string; summary: string; input: { query: unknown }; output: unknown }[]>('core', 'GET', '/routes', { query: { module: 'hello-world' } }));
    expect(routes).toEqual([
      expect.objectContaining({
        module: 'hello-world',
        method: 'GET',
        path: '/greeting',
        summary: 'Greets someone and remembers it',
        input: {
          params: null,
          query: { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 60 } }, additionalProperties: false },
          body: null,
        },
        output: expect.objectContaining({ required: ['message', 'total'] }),
      }),
    ]);
  });

  it('disables it: the route answers MODULE_UNAVAILABLE and its routes and page are gone', async () => {
    expect(dataOf(await call('core', 'POST', '/modules/hello-world/disable'))).toMatchObject({ state: 'DISABLED', running: false });
    const result = await greet('Ada');
    expect(result).toMatchObject({ ok: false, error: { code: 'MODULE_UNAVAILABLE' } });
    expect(!result.ok && result.error.message).toContain('Module "hello-world" is unavailable: it is disabled');
    expect(dataOf(await call('core', 'GET', '/routes', { query: { module: 'hello-world' } }))).toEqual([]);
    expect(dataOf(await call<{ name: string }[]>('core', 'GET', '/ui/modules')).map((m) => m.name)).not.toContain('hello-world');
  });

  it('enables it again: it answers and its data is still there', async () => {
    dataOf(await call('core', 'POST', '/modules/hello-world/enable'));
    expect(await greet('Alan')).toEqual({ ok: true, data: { message: 'Hello, Alan!', total: 3 } });
    expect(dataOf(await call<{ name: string }[]>('core', 'GET', '/ui/modules')).map((m) => m.name)).toContain('hello-world');
  });

  it('upgrades to 1.1.0 while enabled: data kept, the new migration applied and recorded, the new code answers', async () => {
    const report = dataOf(await call('core', 'POST', '/modules/install', { body: { path: helloV11 } }));
    expect(report).toMatchObject({ action: 'upgraded', version: '1.1.0', previousVersion: '1.0.0' });
    expect(state()).toBe('ENABLED');
    expect(await greet('Edsger')).toEqual({ ok: true, data: { message: 'Hello, Edsger!', total: 4, edition: '1.1.0' } });
    expect(dataOf(await call('hello-world', 'GET', '/greetings'))).toEqual([
      { name: 'Ada', lang: 'en' },
      { name: 'Grace', lang: 'en' },
      { name: 'Alan', lang: 'en' },
      { name: 'Edsger', lang: 'en' },
    ]);
    const migrations = sql<{ filename: string; checksum: string; success: number }>(
      "select filename, checksum, success from module_migrations where module = 'hello-world' order by filename",
    );
    expect(migrations).toEqual([
      { filename: '0001_greetings.sql', checksum: sha256(readFileSync(join(helloV1, 'migrations', '0001_greetings.sql'))), success: 1 },
      { filename: '0002_visits.sql', checksum: sha256(VISITS_SQL), success: 1 },
    ]);
    expect(sql("select name from sqlite_master where name = 'hello_world__visits'")).toHaveLength(1);
    const detail = dataOf(await call<{ version: string; tables: string[] }>('core', 'GET', '/modules/hello-world'));
    expect(detail).toMatchObject({ version: '1.1.0', tables: ['hello_world__greetings', 'hello_world__visits'] });
  });

  it("keeps the module's log, readable through GET /modules/:name/logs", async () => {
    const logs = dataOf(await call<{ level: string; module: string; message: string }[]>('core', 'GET', '/modules/hello-world/logs'));
    const messages = logs.map((l) => l.message);
    expect(logs.every((l) => l.module === 'hello-world')).toBe(true);
    expect(messages).toContain('Hello World is ready');
    expect(messages).toContain('Applied migrations: 0002_visits.sql');
    expect(messages.some((m) => m.startsWith('upgraded hello-world 1.1.0 (sha256 '))).toBe(true);
    expect(messages.indexOf('Enabled hello-world 1.1.0')).toBeLessThan(messages.indexOf('Enabled hello-world 1.0.0'));
  });

  describe('settings', () => {
    const settings = async () =>
      Object.fromEntries(dataOf(await call<{ key: string; value: unknown }[]>('core', 'GET', '/modules/hello-world/settings')).map((s) => [s.key, s.value]));
    const put = (values: Record<string, unknown>) => call('core', 'PUT', '/modules/hello-world/settings', { body: { values } });

    it('refuses bad values naming the field, and writes none of a partly bad change', async () => {
      const before = sql('select * from settings order by scope, key');
      for (const [values, field, problem] of [
        [{ greeting: 42 }, 'body.greeting', 'expected a string'],
        [{ greeting: 'Howdy', shout: 'loud' }, 'body.shout', 'expected true or false'],
        [{ colour: 'red' }, 'body.colour', 'is not a setting of hello-world'],
        [{ greeting: null }, 'body.greeting', 'is required'],
      ] as const) {
        const result = await put(values);
        expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
        expect(!result.ok && result.error.message).toContain(`${field}: ${problem}`);
      }
      expect(sql('select * from settings order by scope, key')).toEqual(before);
      expect(await settings()).toEqual({ greeting: 'Hello', shout: false });
      expect(dataOf(await greet('Ada')).message).toBe('Hello, Ada!');
    });

    it('a valid change reaches the running module at once', async () => {
      dataOf(await put({ greeting: 'Howdy', shout: true }));
      expect(await settings()).toEqual({ greeting: 'Howdy', shout: true });
      expect(dataOf(await greet('Ada')).message).toBe('HOWDY, ADA!');
      dataOf(await put({ shout: false }));
      expect(dataOf(await greet('Ada')).message).toBe('Howdy, Ada!');
    });
  });

  it('keeps states and settings across a restart: ENABLED starts again, DISABLED stays disabled', async () => {
    await core.modules.install(writeModule(join(packages.dir, 'side-mod'), { name: 'side-mod', version: '1.0.0' }));
    await core.modules.enable('side-mod');
    expect(dataOf(await call('side-mod', 'GET', '/version'))).toEqual({ version: '1.0.0' });
    await core.modules.disable('side-mod');

    await core.dispose();
    core = await startCore(data.dir);
    expect(core.modules.get('hello-world')).toMatchObject({ state: 'ENABLED', version: '1.1.0', error: null });
    expect(dataOf(await greet('Barbara')).message).toBe('Howdy, Barbara!');
    expect(core.modules.get('side-mod').state).toBe('DISABLED');
    expect(await call('side-mod', 'GET', '/version')).toMatchObject({ ok: false, error: { code: 'MODULE_UNAVAILABLE' } });
    expect(readFileSync(join(data.dir, 'module-data', 'hello-world', 'activations.log'), 'utf8')).toBe('1.1.0\n1.1.0\n');
  });

  it('uninstalls without purge: code and row go, tables, migrations and settings stay for a reinstall', async () => {
    expect(dataOf(await call('core', 'DELETE', '/modules/hello-world'))).toEqual({ name: 'hello-world', purged: false, droppedTables: [] });
    expect(existsSync(join(data.dir, 'modules', 'hello-world'))).toBe(false);
    expect(core.modules.list().map((m) => m.name)).toEqual(['side-mod']);
    expect(await greet('Ada')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(sql("select count(*) as n from hello_world__greetings")).toEqual([{ n: 8 }]);
    expect(sql("select filename from module_migrations where module = 'hello-world'")).toHaveLength(2);

    dataOf(await call('core', 'POST', '/modules/install', { body: { path: helloV11 } }));
    dataOf(await call('core', 'POST', '/modules/hello-world/enable'));
    expect(dataOf(await greet('Ada'))).toMatchObject({ message: 'Howdy, Ada!', total: 9 });
  });

  it('uninstall --purge drops its tables, migration records, settings and storage folder', async () => {
    const result = dataOf(await call<{ droppedTables: string[] }>('core', 'DELETE', '/modules/hello-world', { query: { purge: 'true' } }));
    expect(result).toEqual({ name: 'hello-world', purged: true, droppedTables: ['hello_world__greetings', 'hello_world__visits'] });
    expect(sql("select name from sqlite_master where name like 'hello_world__%'")).toEqual([]);
    expect(sql("select * from module_migrations where module = 'hello-world'")).toEqual([]);
    expect(sql("select * from settings where scope = 'hello-world'")).toEqual([]);
    expect(existsSync(join(data.dir, 'module-data', 'hello-world'))).toBe(false);
    expect(existsSync(join(data.dir, 'modules', 'hello-world'))).toBe(false);
    expect(await call('core', 'GET', '/modules/hello-world')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('secrets', () => {
  const SECRET = 'pdu-portal-pa55word-7f3a9c';
  const SESSION = 'session-cookie-d41d8cd98f';
  let data: TempDir;
  let core: Core;
  const call = caller(() => core);

  beforeAll(async () => {
    data = tempDataDir();
    core = await startCore(data.dir);
    const dir = writeModule(join(packages.dir, 'vault'), {
      name: 'vault',
      version: '1.0.0',
      manifest: { settings: { token: { type: 'secret', label: 'Portal password' }, region: { type: 'string', label: 'Region', default: 'eu' } } },
      mainSource: `export default {
  activate(ctx) {
    ctx.routes.get('/token-length', async () => ({ length: (await ctx.secrets.get('token'))?.length ?? 0 }));
    ctx.routes.post('/login', async () => { await ctx.secrets.set('session', ${JSON.stringify(SESSION)}); return { ok: true }; });
  },
};
`,
    });
    await core.modules.install(dir);
    await core.modules.enable('vault');
  });
  afterAll(async () => {
    await core?.dispose();
    data?.cleanup();
  });

  it('a secret setting reaches the module but no route returns it', async () => {
    const put = dataOf(await call('core', 'PUT', '/modules/vault/settings', { body: { values: { token: SECRET } } }));
    expect(JSON.stringify(put)).not.toContain(SECRET);
    expect(put).toContainEqual(expect.objectContaining({ key: 'token', type: 'secret', isSet: true }));
    expect(dataOf(await call('vault', 'GET', '/token-length'))).toEqual({ length: SECRET.length });
    dataOf(await call('vault', 'POST', '/login'));

    const answers = await Promise.all(
      [
        ['/info'],
        ['/modules'],
        ['/modules/vault'],
        ['/modules/vault/settings'],
        ['/modules/vault/logs'],
        ['/logs'],
        ['/routes'],
        ['/settings'],
        ['/ui/modules'],
      ].map(([path]) => call('core', 'GET', path as string)),
    );
    for (const answer of answers) {
      expect(answer.ok).toBe(true);
      const text = JSON.stringify(answer);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SESSION);
    }
  });

  it('secrets are encrypted in the database file and its WAL', () => {
    expect(core.db.sqlite.prepare("select key from secrets where scope = 'vault' order by key").all()).toEqual([{ key: 'session' }, { key: 'token' }]);
    for (const suffix of ['', '-wal']) {
      const file = join(data.dir, `nxforge.db${suffix}`);
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from(SECRET, 'utf8'))).toBe(false);
      expect(bytes.includes(Buffer.from(SESSION, 'utf8'))).toBe(false);
    }
  });

  it('uninstall --purge deletes the secrets; without purge they stay', async () => {
    const count = () => core.db.sqlite.prepare("select count(*) as n from secrets where scope = 'vault'").get();
    dataOf(await call('core', 'DELETE', '/modules/vault'));
    expect(count()).toEqual({ n: 2 });
    await core.modules.install(join(packages.dir, 'vault'));
    dataOf(await call('core', 'DELETE', '/modules/vault', { query: { purge: 'true' } }));
    expect(count()).toEqual({ n: 0 });
  });
});

describe('nxforge module (CLI)', () => {
  let data: TempDir;
  let stdout: string[];
  let stderr: string[];
  const out = { stdout: (s: string) => stdout.push(s), stderr: (s: string) => stderr.push(s) };
  const run = async (...args: string[]) => {
    stdout = [];
    stderr = [];
    return runCli(['--data-dir', data.dir, 'module', ...args], out);
  };
  const listJson = async () => {
    expect(await run('list', '--json')).toBe(0);
    // The CLI runs the app as shipped: leave out its built-in modules.
    return (JSON.parse(stdout.join('\n')) as { source?: string }[]).filter((m) => m.source !== 'built-in');
  };

  beforeAll(() => {
    data = tempDataDir();
  });
  afterAll(() => data?.cleanup());

  it('pack prints the sha256 of the .nxmod it wrote; install prints the same, the author and the permissions', async () => {
    const file = join(packages.dir, 'hello-world.nxmod');
    expect(await run('pack', helloV1, '-o', file)).toBe(0);
    const digest = sha256(readFileSync(file));
    expect(stdout).toContain(`sha256 ${digest}`);
    expect(stdout[0]).toMatch(/^Packed hello-world 1\.0\.0: .*hello-world\.nxmod \(\d+ files, \d+ bytes\)$/);

    expect(await run('install', file)).toBe(0);
    expect(stdout).toEqual([
      'Installed Hello World (hello-world) 1.0.0',
      '  author:      NxForge Desktop',
      '  permissions: database:read, database:write',
      `  sha256:      ${digest}`,
      expect.stringMatching(/^ {2}files: {7}\d+ \(\d+ bytes\)$/),
      'Enable it with: nxforge module enable hello-world',
    ]);
    expect(await listJson()).toEqual([{ name: 'hello-world', version: '1.0.0', state: 'INSTALLED', source: 'installed', error: null }]);
  });

  it('enable and disable print the new state and exit 0; unknown names exit 1 with the reason', async () => {
    expect(await run('enable', 'hello-world')).toBe(0);
    expect(stdout).toEqual(['hello-world 1.0.0: ENABLED']);
    expect(await listJson()).toEqual([{ name: 'hello-world', version: '1.0.0', state: 'ENABLED', source: 'installed', error: null }]);
    expect(await run('disable', 'hello-world')).toBe(0);
    expect(stdout).toEqual(['hello-world 1.0.0: DISABLED']);
    expect(await run('enable', 'no-such-module')).toBe(1);
    expect(stderr).toEqual(['nxforge: No module named "no-such-module" is installed.']);
  });

  it('install of a bad path exits 1; a missing argument or a folder without manifest is a usage error (exit 2)', async () => {
    expect(await run('install', join(packages.dir, 'missing.nxmod'))).toBe(1);
    expect(stderr.join('\n')).toMatch(/^nxforge: No package at .*missing\.nxmod/);
    expect(await run('install')).toBe(2);
    expect(stderr.join('\n')).toContain('module install takes one PATH');
    expect(await run('pack', join(packages.dir, 'no-such-folder'))).toBe(2);
    expect(stderr.join('\n')).toMatch(/^nxforge: .*no-such-folder: The package has no manifest\.json at its top/);
  });

  it('uninstall keeps the data; --purge after a reinstall drops it; unknown names exit 1', async () => {
    expect(await run('uninstall', 'hello-world')).toBe(0);
    expect(stdout).toEqual(['Uninstalled hello-world; its data is kept (use --purge to remove it).']);
    expect(await listJson()).toEqual([]);
    expect(await run('uninstall', 'hello-world')).toBe(1);
    expect(stderr).toEqual(['nxforge: No module named "hello-world" is installed.']);

    expect(await run('install', helloV1)).toBe(0);
    expect(await run('uninstall', 'hello-world', '--purge')).toBe(0);
    expect(stdout).toEqual(['Uninstalled hello-world; dropped 1 table(s): hello_world__greetings, its settings, secrets and files.']);
  });
});
