import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import type { ModuleManifest, Permission } from '../../../shared/manifest';
import { AppError } from '../router/app-error';
import { validateManifest, ManifestError } from './manifest';
import { applyModuleMigrations, MigrationError, readMigrationFolder } from './module-migrations';
import { PackageError, stagePackage } from './package-archive';

export interface StagedModule {
  manifest: ModuleManifest;
  dir: string;
  sha256: string;
  files: string[];
  totalBytes: number;
}

export interface InstalledRecord {
  name: string;
  version: string;
  source: 'built-in' | 'installed';
  state: string;
}

export interface InstallReport {
  name: string;
  displayName: string;
  version: string;
  previousVersion: string | null;
  action: 'installed' | 'upgraded' | 'reinstalled' | 'downgraded';
  author: string | null;
  permissions: Permission[];
  sha256: string;
  files: number;
  bytes: number;
}

const MIGRATION_NAME = /^[A-Za-z0-9._-]+\.sql$/;

/** Reads, parses and validates manifest.json of a package folder; errors name the problem. */
export function readManifest(dir: string, appVersion: string): ModuleManifest {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) {
    const entries = existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir, { withFileTypes: true }) : [];
    const nested = entries.find((d) => d.isDirectory() && existsSync(join(dir, d.name, 'manifest.json')));
    if (nested) {
      throw new AppError(
        'VALIDATION',
        `The package has no manifest.json at its top but ${nested.name}/manifest.json: pack the contents of the module folder, not the folder itself.`,
      );
    }
    throw new AppError('VALIDATION', 'The package has no manifest.json at its top: a module package holds manifest.json, dist/main.js and migrations/.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError('VALIDATION', `manifest.json is not valid JSON: ${(err as Error).message}`);
  }
  try {
    return validateManifest(parsed, appVersion);
  } catch (err) {
    if (err instanceof ManifestError) throw new AppError('VALIDATION', err.message, { issues: err.issues });
    throw err;
  }
}

/** Checks what the manifest points at exists in the package, and that migrations are plain .sql files. */
export function checkPackageFiles(dir: string, manifest: ModuleManifest): void {
  const entry = manifest.entry ?? 'dist/main.js';
  if (!isFile(join(dir, entry))) throw new AppError('VALIDATION', `The package has no ${entry}, the entry named by manifest.json "entry". Build the module first.`);
  if (!entry.endsWith('.mjs') && !declaresModuleType(dir, entry)) {
    throw new AppError(
      'VALIDATION',
      `${entry} must load as an ES module: name it .mjs, or put a package.json with {"type": "module"} beside it (the SDK's build writes one).`,
    );
  }
  if (manifest.ui && !isFile(join(dir, manifest.ui.entry))) {
    throw new AppError('VALIDATION', `The package has no ${manifest.ui.entry}, the page code named by manifest.json "ui.entry".`);
  }
  const migrations = join(dir, manifest.migrations ?? 'migrations');
  if (existsSync(migrations)) {
    if (!statSync(migrations).isDirectory()) throw new AppError('VALIDATION', `"${manifest.migrations}" must be a folder of .sql files.`);
    for (const file of readMigrationFolder(migrations)) {
      if (!MIGRATION_NAME.test(file.filename)) throw new AppError('VALIDATION', `Migration file name "${file.filename}" has unsupported characters.`);
    }
  }
}

/** Node reads .js as ESM when the nearest package.json inside the package says "type": "module". */
function declaresModuleType(dir: string, entry: string): boolean {
  const parts = entry.split('/').slice(0, -1);
  for (let i = parts.length; i >= 0; i--) {
    const pkg = join(dir, ...parts.slice(0, i), 'package.json');
    if (isFile(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: string }).type === 'module';
      } catch {
        return false;
      }
    }
  }
  return false;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The app version range and the dependencies: both must hold before the module is recorded. */
export function checkCompatibility(manifest: ModuleManifest, appVersion: string, installed: (name: string) => InstalledRecord | null): void {
  if (!semver.satisfies(appVersion, manifest.engines.nxforge, { includePrerelease: true })) {
    throw new AppError(
      'VALIDATION',
      `${manifest.name} ${manifest.version} needs NxForge Desktop ${manifest.engines.nxforge}; this is ${appVersion}. Install a build of the module made for this version, or update the app.`,
    );
  }
  for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
    const found = installed(dep);
    if (!found) throw new AppError('VALIDATION', `${manifest.name} depends on module "${dep}" ${range}, which is not installed. Install ${dep} first.`);
    if (!semver.satisfies(found.version, range, { includePrerelease: true })) {
      throw new AppError('VALIDATION', `${manifest.name} needs ${dep} ${range}, but ${dep} ${found.version} is installed.`);
    }
  }
}

/**
 * Proves the package's migrations fit the database without keeping anything: applied files
 * must be unchanged, and pending ones are run inside a transaction that is rolled back.
 */
export function dryRunMigrations(sqlite: Database.Database, manifest: ModuleManifest, dir: string): void {
  const files = readMigrationFolder(join(dir, manifest.migrations ?? 'migrations'));
  const applied = sqlite.prepare('select filename from module_migrations where module = ? and success = 1').all(manifest.name) as { filename: string }[];
  for (const { filename } of applied) {
    if (!files.some((f) => f.filename === filename)) {
      throw new AppError('VALIDATION', `The package lacks migration ${filename}, which is applied already: migrations are never removed.`);
    }
  }
  const rollback = new Error('dry run');
  try {
    sqlite.transaction(() => {
      applyModuleMigrations(sqlite, manifest.name, files);
      throw rollback;
    })();
  } catch (err) {
    if (err === rollback) return;
    if (err instanceof MigrationError) throw new AppError('VALIDATION', err.message, { file: err.file });
    throw err;
  }
}

/** Extracts a package into a fresh staging folder under the modules folder, so the final move is a rename. */
export async function stage(source: string, modulesDir: string, appVersion: string): Promise<StagedModule> {
  const staging = join(modulesDir, '.staging', randomBytes(8).toString('hex'));
  await mkdir(staging, { recursive: true });
  try {
    const extracted = await stagePackage(source, staging);
    const manifest = readManifest(staging, appVersion);
    checkPackageFiles(staging, manifest);
    return { manifest, dir: staging, sha256: extracted.sha256, files: extracted.files, totalBytes: extracted.totalBytes };
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    if (err instanceof PackageError) throw new AppError('VALIDATION', err.message);
    throw err;
  }
}

/** Replaces (or creates) the module's folder with the staged one; the old one is restored on failure. */
export async function commitStaged(staged: StagedModule, target: string): Promise<void> {
  const backup = `${target}.old-${randomBytes(4).toString('hex')}`;
  const hadOld = existsSync(target);
  if (hadOld) await rename(target, backup);
  try {
    await rename(staged.dir, target);
  } catch (err) {
    if (hadOld) await rename(backup, target);
    throw err;
  }
  if (hadOld) await rm(backup, { recursive: true, force: true });
}

export function authorName(manifest: ModuleManifest): string | null {
  if (!manifest.author) return null;
  return typeof manifest.author === 'string' ? manifest.author : manifest.author.name;
}
