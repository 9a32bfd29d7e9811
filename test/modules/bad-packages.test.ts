import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/core';
import { PACKAGE_LIMITS } from '../../src/main/core/modules/package-archive';
import type { ErrorCode } from '../../src/shared/result';
import {
  folderEntries,
  S_IFCHR,
  S_IFLNK,
  sha256,
  tempDataDir,
  writeModule,
  zipEntries,
  type ModuleSpec,
  type TempDir,
  type ZipEntrySpec,
} from '../helpers/module-fixtures';

/**
 * Every kind of bad package gets its own clear error, and nothing changes: no file in the
 * data folder, no row, no schema object, and the installed guard 1.0.0 keeps answering.
 */

const INIT_SQL = 'CREATE TABLE guard__items (id INTEGER PRIMARY KEY, label TEXT NOT NULL);\n';

let data: TempDir;
let packages: TempDir;
let core: Core;

const post = (path: string, body: unknown) => core.router.call({ module: 'core', method: 'POST', path, body });

/** A guard package: 1.1.0 by default, with the applied 0001 migration unchanged. */
function guard(slug: string, spec: Partial<ModuleSpec> = {}): string {
  return writeModule(join(packages.dir, slug), {
    name: 'guard',
    version: '1.1.0',
    ...spec,
    migrations: { '0001_init.sql': INIT_SQL, ...spec.migrations },
  });
}

function guardWithManifest(slug: string, manifest: Record<string, unknown>): string {
  return guard(slug, { manifest });
}

function guardWithMigration(slug: string, sql: string): string {
  return guard(slug, { migrations: { [`0002_${slug}.sql`]: sql } });
}

/** A .nxmod of a good guard 1.1.0 with extra (usually malicious) entries. */
async function guardZip(slug: string, extra: ZipEntrySpec[], transform?: (entries: ZipEntrySpec[]) => ZipEntrySpec[]): Promise<string> {
  const entries = [...folderEntries(guard(`${slug}-src`)), ...extra];
  return zipEntries(join(packages.dir, `${slug}.nxmod`), transform ? transform(entries) : entries);
}

/** What a failed install must leave as it was: files (by content), folders, rows and schema. */
function snapshot(): Record<string, unknown> {
  const tree: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, entry.name);
      const rel = relative(data.dir, abs).split(sep).join('/');
      if (/^nxforge\.db/.test(rel)) continue;
      // Scratch folders of the installer may exist, but must be left empty.
      if (entry.isDirectory()) {
        if (rel !== 'modules/.staging' && rel !== 'modules/.uploads') tree[`${rel}/`] = 'dir';
        walk(abs);
      } else {
        tree[rel] = entry.isSymbolicLink() ? 'symlink' : sha256(readFileSync(abs));
      }
    }
  };
  walk(data.dir);
  const rows = (sql: string) => core.db.sqlite.prepare(sql).all();
  return {
    tree,
    schema: rows("select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' order by type, name"),
    modules: rows('select * from modules order by name'),
    migrations: rows('select * from module_migrations order by module, filename'),
    settings: rows('select * from settings order by scope, key'),
    secrets: rows('select * from secrets order by scope, key'),
    jobs: rows('select * from jobs order by module, id'),
    guardItems: rows('select * from guard__items order by id'),
  };
}

async function expectGuardStillWorks(version = '1.0.0'): Promise<void> {
  expect(await core.router.call({ module: 'guard', method: 'GET', path: '/version' })).toEqual({ ok: true, data: { version } });
  expect(core.modules.get('guard')).toMatchObject({ state: 'ENABLED', error: null, version });
}

interface BadPackage {
  kind: string;
  make: () => string | Promise<string>;
  code: ErrorCode;
  /** Text the error message must hold (a string is matched literally). */
  message: string | RegExp;
  via?: 'install' | 'upload';
  limits?: Partial<typeof PACKAGE_LIMITS>;
}

const CASES: BadPackage[] = [
  // The file itself
  {
    kind: 'a path where there is no package',
    make: () => join(packages.dir, 'nowhere', 'guard.nxmod'),
    code: 'VALIDATION',
    message: /^No package at .*nowhere\/guard\.nxmod: give a module folder or a \.nxmod file\.$/,
  },
  {
    kind: 'a file that is not a zip',
    make: () => {
      const file = join(packages.dir, 'not-a-zip.nxmod');
      writeFileSync(file, 'just some text, not a zip archive\n'.repeat(20));
      return file;
    },
    code: 'VALIDATION',
    message: /not-a-zip\.nxmod is not a \.nxmod file: a \.nxmod is a zip archive/,
  },
  {
    kind: 'a truncated zip',
    make: async () => {
      const file = await guardZip('truncated', []);
      const whole = readFileSync(file);
      writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
      return file;
    },
    code: 'VALIDATION',
    message: 'The .nxmod file is truncated or damaged',
  },
  // Entries that would escape or are not regular files
  {
    kind: 'an absolute path entry',
    make: () => guardZip('absolute', [{ name: join(data.dir, 'pwned.js'), data: 'owned' }]),
    code: 'VALIDATION',
    message: /^Package entry "\/.*\/pwned\.js" is an absolute path\.$/,
  },
  {
    kind: "a '..' entry",
    make: () => guardZip('dotdot', [{ name: '../../../pwned.js', data: 'owned' }]),
    code: 'VALIDATION',
    message: `Package entry "../../../pwned.js" contains '..'.`,
  },
  {
    kind: 'a backslash entry',
    make: () => guardZip('backslash', [{ name: '..\\..\\..\\pwned.js', data: 'owned' }]),
    code: 'VALIDATION',
    message: 'Package entry "..\\..\\..\\pwned.js" contains a backslash.',
  },
  {
    kind: 'a symlink entry',
    make: () => guardZip('symlink', [{ name: 'dist/passwd', data: '/etc/passwd', mode: S_IFLNK | 0o777 }]),
    code: 'VALIDATION',
    message: 'Package entry "dist/passwd" is a symbolic link; packages may hold only regular files.',
  },
  {
    kind: 'a device entry',
    make: () => guardZip('device', [{ name: 'dist/tty', mode: S_IFCHR | 0o666 }]),
    code: 'VALIDATION',
    message: 'Package entry "dist/tty" is a device, socket or pipe; packages may hold only regular files.',
  },
  {
    kind: 'duplicate entries',
    make: () => guardZip('duplicate', [{ name: 'dist/main.js', data: 'export default { activate() { throw new Error("evil twin"); } };' }]),
    code: 'VALIDATION',
    message: 'Package entry "dist/main.js" appears twice.',
  },
  {
    kind: 'too many entries',
    make: () => guardZip('many', Array.from({ length: 8 }, (_, i) => ({ name: `assets/file-${i}.txt`, data: `file ${i}` }))),
    limits: { maxEntries: 6 },
    code: 'VALIDATION',
    message: 'The package has more than 6 entries.',
  },
  {
    kind: 'too large in total',
    make: () => guardZip('large', [{ name: 'assets/big.bin', data: Buffer.alloc(64 * 1024, 7) }]),
    limits: { maxTotalBytes: 16 * 1024 },
    code: 'VALIDATION',
    message: `The package unpacks to more than ${16 * 1024} bytes.`,
  },
  {
    kind: 'a zip bomb whose header lies about its size',
    make: () => guardZip('bomb', [{ name: 'assets/bomb.bin', data: Buffer.alloc(16 * 1024 * 1024), compress: true, declaredSize: 1024 }]),
    via: 'upload',
    code: 'VALIDATION',
    message: 'Package entry "assets/bomb.bin" unpacks to more than the 1024 bytes its header declares; the package is refused.',
  },
  // The manifest
  {
    kind: 'no manifest.json',
    make: () => guardZip('no-manifest', [], (entries) => entries.filter((e) => e.name !== 'manifest.json')),
    via: 'upload',
    code: 'VALIDATION',
    message: 'The package has no manifest.json at its top: a module package holds manifest.json, dist/main.js and migrations/.',
  },
  {
    kind: 'manifest.json in a subfolder',
    make: () => guardZip('nested', [], (entries) => entries.map((e) => ({ ...e, name: `guard/${e.name}` }))),
    code: 'VALIDATION',
    message: 'The package has no manifest.json at its top but guard/manifest.json: pack the contents of the module folder, not the folder itself.',
  },
  {
    kind: 'manifest.json that is not JSON',
    make: () => guard('not-json', { rawManifest: '{ "manifestVersion": 1, "name": "guard", ' }),
    code: 'VALIDATION',
    message: /^manifest\.json is not valid JSON: /,
  },
  {
    kind: 'no manifestVersion',
    make: () => guardWithManifest('no-manifest-version', { manifestVersion: undefined }),
    code: 'VALIDATION',
    message: 'manifest.json has no manifestVersion: add "manifestVersion": 1',
  },
  {
    kind: 'manifestVersion 2',
    make: () => guardWithManifest('manifest-v2', { manifestVersion: 2 }),
    code: 'VALIDATION',
    message:
      'manifest.json uses manifestVersion 2; NxForge Desktop 0.1.0 reads manifestVersion 1 only. ' +
      'Update NxForge Desktop to a release that reads manifest v2, or install a build of the module made for manifest v1.',
  },
  {
    kind: 'an invalid name',
    make: () => guardWithManifest('bad-name', { name: 'Guard_Module' }),
    code: 'VALIDATION',
    message: 'Invalid manifest.json: name: expected a kebab-case id such as consumption-monitor',
  },
  {
    kind: 'an invalid semver version',
    make: () => guardWithManifest('bad-version', { version: '1.1' }),
    code: 'VALIDATION',
    message: 'Invalid manifest.json: version: expected a semantic version such as 1.4.0',
  },
  {
    kind: 'an unknown field',
    make: () => guardWithManifest('unknown-field', { colour: 'red' }),
    code: 'VALIDATION',
    message: 'Invalid manifest.json: colour: is not a manifest v1 field (check the spelling)',
  },
  {
    kind: 'a permission that does not exist',
    make: () => guardWithManifest('bad-permission', { permissions: ['database:read', 'root:everything'] }),
    code: 'VALIDATION',
    message: 'Invalid manifest.json: permissions.1: expected one of "database:read", "database:write", "network:outbound", "filesystem:write"',
  },
  {
    kind: 'a job with an invalid cron expression',
    make: () => guardWithManifest('bad-cron', { jobs: { tick: { name: 'Tick', handler: 'tick', schedule: 'every five minutes' } } }),
    code: 'VALIDATION',
    message: /^Invalid manifest\.json: jobs\.tick\.schedule: "every five minutes" is not a cron expression/,
  },
  {
    kind: 'an entry path leaving the package',
    make: () => guardWithManifest('entry-escape', { entry: '../../evil.js' }),
    code: 'VALIDATION',
    message: "Invalid manifest.json: entry: expected a relative path inside the package, with forward slashes and no '..'",
  },
  {
    kind: 'a setting default of the wrong type',
    make: () => guardWithManifest('bad-default', { settings: { interval: { type: 'integer', label: 'Interval', default: 'five' } } }),
    code: 'VALIDATION',
    message: 'Invalid manifest.json: settings.interval.default: expected a number',
  },
  // Compatibility
  {
    kind: 'an app version range this app does not satisfy',
    make: () => guardWithManifest('engines', { engines: { nxforge: '>=2.0.0' } }),
    code: 'VALIDATION',
    message: 'guard 1.1.0 needs NxForge Desktop >=2.0.0; this is 0.1.0. Install a build of the module made for this version, or update the app.',
  },
  {
    kind: 'a dependency that is not installed',
    make: () => guardWithManifest('missing-dep', { dependencies: { 'meter-core': '^1.0.0' } }),
    code: 'VALIDATION',
    message: 'guard depends on module "meter-core" ^1.0.0, which is not installed. Install meter-core first.',
  },
  {
    kind: 'a dependency of the wrong version',
    make: () => guardWithManifest('dep-version', { dependencies: { 'base-lib': '^2.0.0' } }),
    code: 'VALIDATION',
    message: 'guard needs base-lib ^2.0.0, but base-lib 1.0.0 is installed.',
  },
  // Files the manifest points at
  {
    kind: 'no dist/main.js',
    make: () => guard('no-main', { omit: ['dist/main.js'] }),
    code: 'VALIDATION',
    message: 'The package has no dist/main.js, the entry named by manifest.json "entry". Build the module first.',
  },
  {
    kind: 'dist/main.js that would not load as ESM',
    make: () => guard('not-esm', { omit: ['dist/package.json'] }),
    code: 'VALIDATION',
    message: /^dist\/main\.js must load as an ES module: name it \.mjs, or put a package\.json with \{"type": "module"\} beside it/,
  },
  {
    kind: 'a missing ui entry',
    make: () => guardWithManifest('no-ui', { ui: { entry: 'dist/ui/index.js' } }),
    code: 'VALIDATION',
    message: 'The package has no dist/ui/index.js, the page code named by manifest.json "ui.entry".',
  },
  {
    kind: 'a folder package holding a symlink',
    make: () => {
      const dir = guard('folder-symlink');
      symlinkSync('/etc/passwd', join(dir, 'dist', 'linked-passwd'));
      return dir;
    },
    code: 'VALIDATION',
    message: 'Package entry "dist/linked-passwd" is a symbolic link; packages may hold only regular files.',
  },
  {
    kind: 'a migration file name with unsupported characters',
    make: () => guard('migration-name', { migrations: { '0002 new notes.sql': 'CREATE TABLE guard__notes (id INTEGER);' } }),
    code: 'VALIDATION',
    message: 'Migration file name "0002 new notes.sql" has unsupported characters.',
  },
  // Migrations
  {
    kind: 'a migration with a syntax error (after statements that worked)',
    make: () =>
      guardWithMigration(
        'syntax',
        "CREATE TABLE guard__notes (id INTEGER);\nINSERT INTO guard__items (label) VALUES ('half-done');\nCREATE TABLEE guard__broken (id INTEGER);\n",
      ),
    code: 'VALIDATION',
    message: 'Migration 0002_syntax.sql failed: near "TABLEE": syntax error',
  },
  {
    kind: 'a migration creating a table without the prefix',
    make: () => guardWithMigration('no-prefix', 'CREATE TABLE widgets (id INTEGER PRIMARY KEY);'),
    code: 'VALIDATION',
    message: 'Migration 0002_no-prefix.sql creates table "widgets" without the module\'s prefix "guard__".',
  },
  {
    kind: 'a migration altering a core table',
    make: () => guardWithMigration('core-table', 'ALTER TABLE settings ADD COLUMN hacked TEXT;'),
    code: 'VALIDATION',
    message: 'Migration 0002_core-table.sql changes table "settings", which is not the module\'s.',
  },
  {
    kind: 'a migration attaching a prefixed trigger to a core table',
    make: () =>
      guardWithMigration('core-trigger', 'CREATE TRIGGER guard__wipe AFTER INSERT ON settings BEGIN DELETE FROM secrets; END;'),
    code: 'VALIDATION',
    message: 'Migration 0002_core-trigger.sql creates trigger "guard__wipe" on table "settings", which is not the module\'s.',
  },
  {
    kind: 'a changed migration that was applied already',
    make: () => guard('changed', { migrations: { '0001_init.sql': INIT_SQL + 'CREATE INDEX guard__items_label ON guard__items (label);\n' } }),
    code: 'VALIDATION',
    message: /^Migration 0001_init\.sql was changed after it was applied \(checksum [0-9a-f]{12}… is now [0-9a-f]{12}…\)\. Applied migrations never change/,
  },
  {
    kind: 'a removed migration that was applied already',
    make: () => writeModule(join(packages.dir, 'removed'), { name: 'guard', version: '1.1.0' }),
    code: 'VALIDATION',
    message: 'The package lacks migration 0001_init.sql, which is applied already: migrations are never removed.',
  },
  // Versions
  {
    kind: 'a downgrade without --force',
    make: () => guard('downgrade', { version: '0.9.0' }),
    code: 'CONFLICT',
    message: 'guard 1.0.0 is installed; 0.9.0 is older. Use --force to downgrade.',
  },
  {
    kind: 'the same version with the same contents',
    make: () => guard('same', { version: '1.0.0' }),
    code: 'CONFLICT',
    message: 'guard 1.0.0 is installed already, with the same contents.',
  },
];

beforeAll(async () => {
  data = tempDataDir();
  packages = tempDataDir('nxforge-packages-');
  core = createCore({ dataDir: data.dir, mode: 'cli', builtInModules: [] });
  await core.start();
  await core.modules.install(guard('v1', { version: '1.0.0' }));
  await core.modules.enable('guard');
  core.db.sqlite.prepare("insert into guard__items (label) values ('kept')").run();
  await core.modules.install(writeModule(join(packages.dir, 'base-lib'), { name: 'base-lib', version: '1.0.0' }));
  await expectGuardStillWorks();
});

afterAll(async () => {
  await core?.dispose();
  data?.cleanup();
  packages?.cleanup();
});

describe('a bad package is refused with its own error and changes nothing', () => {
  it('covers at least 25 kinds, each with a different message', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(CASES.map((c) => String(c.message))).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.kind, c] as const))('%s', async (_kind, bad) => {
    const source = await bad.make();
    const before = snapshot();
    const saved = { ...PACKAGE_LIMITS };
    Object.assign(PACKAGE_LIMITS, bad.limits);
    let result;
    try {
      result =
        bad.via === 'upload'
          ? await post('/modules/upload', { fileName: 'guard.nxmod', contentBase64: readFileSync(source).toString('base64') })
          : await post('/modules/install', { path: source });
    } finally {
      Object.assign(PACKAGE_LIMITS, saved);
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(bad.code);
    if (typeof bad.message === 'string') expect(result.error.message).toContain(bad.message);
    else expect(result.error.message).toMatch(bad.message);
    expect(snapshot()).toEqual(before);
    await expectGuardStillWorks();
  });
});

describe('what --force allows', () => {
  it('a downgrade with force installs the older version, keeps the data and starts it', async () => {
    const result = await post('/modules/install', { path: guard('forced-downgrade', { version: '0.9.0' }), force: true });
    expect(result).toMatchObject({ ok: true, data: { action: 'downgraded', version: '0.9.0', previousVersion: '1.0.0' } });
    await expectGuardStillWorks('0.9.0');
    expect(core.db.sqlite.prepare('select label from guard__items').all()).toEqual([{ label: 'kept' }]);
  });

  it('the same version again with force is a reinstall', async () => {
    const result = await post('/modules/install', { path: guard('forced-downgrade', { version: '0.9.0' }), force: true });
    expect(result).toMatchObject({ ok: true, data: { action: 'reinstalled', version: '0.9.0', previousVersion: '0.9.0' } });
    await expectGuardStillWorks('0.9.0');
  });
});
