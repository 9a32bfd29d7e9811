import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'nxforge-desktop';

let cachedRoot: string | null = null;

/**
 * The folder holding the app's package.json: the repo in development and tests, the
 * unpacked app when packaged. Found by walking up from this file, since bundling moves it.
 */
export function appRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        if ((JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === PACKAGE_NAME) {
          cachedRoot = dir;
          return dir;
        }
      } catch {
        // Not ours; keep walking.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the ${PACKAGE_NAME} package root above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function appVersion(): string {
  return (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export function coreMigrationsDir(): string {
  return join(appRoot(), 'src', 'main', 'core', 'db', 'migrations');
}

export function rendererDir(): string {
  return join(appRoot(), 'out', 'renderer');
}

/**
 * Headless data folder: `--data-dir`, then NXFORGE_DATA_DIR, then the platform's usual place.
 * The desktop app passes Electron's userData instead.
 */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.NXFORGE_DATA_DIR) return resolve(env.NXFORGE_DATA_DIR);
  return platformDataDir(process.platform, env);
}

export function platformDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'NxForge Desktop');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'NxForge Desktop');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'nxforge-desktop');
}
