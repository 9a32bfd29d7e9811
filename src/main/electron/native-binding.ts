import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * better-sqlite3 in the desktop app. node_modules holds a build for Node (the tests and the CLI
 * use it); Electron has its own ABI, so the app loads a second build, made by
 * `npm run build:native-electron` into build/native/electron/ and passed through better-sqlite3's
 * `nativeBinding` option. Packaging ships that folder unpacked beside app.asar, so one
 * node_modules serves Node and Electron alike and packaging never rebuilds it in place.
 */
export const NATIVE_DIR = ['build', 'native', 'electron'] as const;
export const NATIVE_FILE = 'better_sqlite3.node';
export const NATIVE_INFO_FILE = 'build-info.json';

/** Written beside the addon by scripts/build-native-electron.js. */
export interface NativeBuildInfo {
  electron: string;
  abi: string;
  platform: string;
  arch: string;
}

export interface NativeBindingInput {
  appRoot: string;
  isPackaged: boolean;
  electronVersion: string;
  /** process.versions.modules: the ABI the addon must be built for. */
  abi: string;
  platform: string;
  arch: string;
  fs?: { exists(file: string): boolean; read(file: string): string };
}

export type NativeBindingChoice = { path: string; reason: null } | { path: null; reason: string };

const nodeFs = { exists: existsSync, read: (file: string) => readFileSync(file, 'utf8') };

/** Files unpacked from the archive live in app.asar.unpacked, beside it. */
export function unpackedRoot(appRoot: string): string {
  return appRoot.replace(/\.asar(?=$|[\\/])/, '.asar.unpacked');
}

export function electronSqliteBinding(input: NativeBindingInput): NativeBindingChoice {
  const fs = input.fs ?? nodeFs;
  const dir = join(unpackedRoot(input.appRoot), ...NATIVE_DIR);
  const file = join(dir, NATIVE_FILE);
  const howTo = input.isPackaged
    ? 'this package is incomplete; reinstall NxForge Desktop'
    : 'run `npm run build:native-electron` (needs a C++ toolchain and access to electronjs.org/headers)';
  if (!fs.exists(file)) return { path: null, reason: `there is no Electron build of better-sqlite3 at ${file}; ${howTo}` };
  let info: Partial<NativeBuildInfo>;
  try {
    info = JSON.parse(fs.read(join(dir, NATIVE_INFO_FILE))) as Partial<NativeBuildInfo>;
  } catch {
    return { path: null, reason: `the Electron build of better-sqlite3 at ${file} has no readable ${NATIVE_INFO_FILE}; ${howTo}` };
  }
  if (info.abi !== input.abi || info.platform !== input.platform || info.arch !== input.arch) {
    return {
      path: null,
      reason:
        `the Electron build of better-sqlite3 at ${file} is for Electron ${String(info.electron)} (ABI ${String(info.abi)}, ${String(info.platform)}-${String(info.arch)}), ` +
        `but this is Electron ${input.electronVersion} (ABI ${input.abi}, ${input.platform}-${input.arch}); ${howTo}`,
    };
  }
  return { path: file, reason: null };
}
