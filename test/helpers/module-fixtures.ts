import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import yazl from 'yazl';

/**
 * Real module packages for tests: folders written file by file, and .nxmod zips written
 * either with yazl or, for entries yazl refuses to write (the malicious ones), byte by byte.
 */

export const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A folder under the system temp folder, removed by cleanup(). */
export interface TempDir {
  dir: string;
  cleanup(): void;
}

export function tempDataDir(prefix = 'nxforge-modules-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export type ManifestOverrides = Record<string, unknown>;

/** A valid manifest v1 with one route-only module in mind; overrides replace top-level keys (undefined removes one). */
export function manifestFor(name: string, version: string, overrides: ManifestOverrides = {}): Record<string, unknown> {
  const manifest: Record<string, unknown> = {
    manifestVersion: 1,
    name,
    version,
    displayName: `Test ${name}`,
    author: 'Test Author',
    engines: { nxforge: '>=0.1.0 <1.0.0' },
    permissions: ['database:read', 'database:write'],
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete manifest[key];
    else manifest[key] = value;
  }
  return manifest;
}

/** A module whose GET /version answers its version: enough to prove which build is running. */
export function versionModuleSource(version: string): string {
  return `export default {
  activate(ctx) {
    ctx.routes.get('/version', () => ({ version: ${JSON.stringify(version)} }));
  },
};
`;
}

export interface ModuleSpec {
  name: string;
  version: string;
  manifest?: ManifestOverrides;
  /** Plain ESM JavaScript for dist/main.js (no build); default: versionModuleSource(version). */
  mainSource?: string;
  migrations?: Record<string, string>;
  /** ESM for dist/ui/index.js; the manifest then gets a ui entry unless it sets one. */
  ui?: string;
  /** Extra files by package-relative path. */
  files?: Record<string, string | Buffer>;
  /** Package-relative paths not to write (e.g. 'dist/package.json'). */
  omit?: string[];
  /** Writes manifest.json with exactly this text instead. */
  rawManifest?: string;
}

/** Writes a module package folder at `dir` (created if needed) and returns `dir`. */
export function writeModule(dir: string, spec: ModuleSpec): string {
  const overrides = { ...spec.manifest };
  if (spec.ui !== undefined && !('ui' in overrides)) overrides.ui = { entry: 'dist/ui/index.js' };
  const files: Record<string, string | Buffer> = {
    'manifest.json': spec.rawManifest ?? JSON.stringify(manifestFor(spec.name, spec.version, overrides), null, 2),
    'dist/main.js': spec.mainSource ?? versionModuleSource(spec.version),
    'dist/package.json': '{ "type": "module" }\n',
  };
  if (spec.ui !== undefined) files['dist/ui/index.js'] = spec.ui;
  for (const [file, sql] of Object.entries(spec.migrations ?? {})) files[`migrations/${file}`] = sql;
  Object.assign(files, spec.files);
  for (const [file, content] of Object.entries(files)) {
    if (spec.omit?.includes(file)) continue;
    const target = join(dir, ...file.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return dir;
}

/** Every file under `dir` as package-relative path → content. */
export function readTree(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const abs = join(at, entry.name);
      if (entry.isDirectory()) walk(abs);
      else out[relative(dir, abs).split(sep).join('/')] = readFileSync(abs);
    }
  };
  walk(dir);
  return out;
}

const S_IFREG = 0o100000;
export const S_IFLNK = 0o120000;
export const S_IFCHR = 0o020000;

export interface ZipEntrySpec {
  /** Stored as given: may be absolute, hold '..' or backslashes, or repeat another entry's name. */
  name: string;
  data?: string | Buffer;
  /** Unix mode including the file-type bits (default: a regular file, 0644; folders when name ends with /). */
  mode?: number;
  compress?: boolean;
  /** Uncompressed size written in the headers instead of the real one: a zip bomb's lie. */
  declaredSize?: number;
}

/** Writes a .nxmod (zip); yazl for ordinary entries, the raw writer for anything yazl refuses. */
export async function zipEntries(file: string, entries: ZipEntrySpec[]): Promise<string> {
  mkdirSync(dirname(file), { recursive: true });
  if (entries.some(needsRawWriter)) {
    writeFileSync(file, rawZip(entries));
    return file;
  }
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    if (entry.name.endsWith('/')) zip.addEmptyDirectory(entry.name, { mode: entry.mode });
    else zip.addBuffer(Buffer.from(entry.data ?? ''), entry.name, { mode: entry.mode, compress: entry.compress ?? true });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
  return file;
}

function needsRawWriter(entry: ZipEntrySpec, index: number, all: ZipEntrySpec[]): boolean {
  const type = (entry.mode ?? S_IFREG) & 0o170000;
  return (
    entry.name.startsWith('/') ||
    /^[A-Za-z]:/.test(entry.name) ||
    entry.name.split('/').includes('..') ||
    entry.name.includes('\\') ||
    (type !== S_IFREG && type !== 0o040000) ||
    entry.declaredSize !== undefined ||
    all.findIndex((e) => e.name === entry.name) !== index
  );
}

/** A minimal zip writer: local headers, central directory, end record; Unix attributes. */
function rawZip(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const dosTime = 0;
  const dosDate = (40 << 9) | (1 << 5) | 1; // 2020-01-01
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.from(entry.data ?? '');
    const compress = entry.compress ?? false;
    const body = compress ? deflateRawSync(data) : data;
    const size = entry.declaredSize ?? data.length;
    const crc = crc32(data);
    const mode = entry.mode ?? (entry.name.endsWith('/') ? 0o040755 : S_IFREG | 0o644);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(compress ? 8 : 0, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the high attribute bits are a mode
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(compress ? 8 : 0, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((mode & 0xffff) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The entries of a package folder, ready for zipEntries (e.g. to add a bad one). */
export function folderEntries(dir: string): ZipEntrySpec[] {
  return Object.entries(readTree(dir)).map(([name, data]) => ({ name, data }));
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Copies the example module's sources to `target` and builds them there (esbuild), like `node scripts/build-modules.js`. */
export async function buildHelloWorld(target: string, edit?: (dir: string) => void): Promise<string> {
  const source = join(APP_ROOT, 'modules', 'hello-world');
  for (const [file, data] of Object.entries(readTree(source))) {
    if (file.startsWith('dist/')) continue;
    const to = join(target, ...file.split('/'));
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, data);
  }
  edit?.(target);
  const script = pathToFileURL(join(APP_ROOT, 'scripts', 'build-modules.js')).href;
  const { buildModule } = (await import(script)) as { buildModule: (dir: string) => Promise<{ main: boolean; ui: boolean }> };
  await buildModule(target);
  if (!existsSync(join(target, 'dist', 'main.js'))) throw new Error(`Building ${target} produced no dist/main.js`);
  return target;
}

/** Edits a JSON file in place. */
export function editJson(file: string, edit: (value: Record<string, unknown>) => void): void {
  const value = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(value);
  writeFileSync(file, JSON.stringify(value, null, 2));
}

/** Polls until `check` returns a truthy value, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'the condition'): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
