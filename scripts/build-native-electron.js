#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into build/native/electron/, next to the Node build in
// node_modules that the tests and the CLI use. The desktop app, run from sources, loads it through
// better-sqlite3's `nativeBinding` option. Needs a C++ toolchain and Electron's headers from
// https://electronjs.org/headers (cached in ~/.electron-gyp after the first build).
//
//   node scripts/build-native-electron.js            build; exit 1 when it fails
//   node scripts/build-native-electron.js --soft     (postinstall) say why it failed, exit 0
//   node scripts/build-native-electron.js --if-needed  skip when the build there fits this Electron
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const args = new Set(process.argv.slice(2));
const soft = args.has('--soft');
const outDir = join(root, 'build', 'native', 'electron');
const HEADERS_URL = 'https://electronjs.org/headers';

function done(message, ok) {
  const line = `build-native-electron: ${message}`;
  if (ok) {
    console.log(line);
    process.exit(0);
  }
  console.error(line);
  if (soft) {
    console.error('build-native-electron: the install goes on; the desktop app run from sources needs this build, so retry with `npm run build:native-electron`.');
    process.exit(0);
  }
  process.exit(1);
}

function packageDir(name) {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

const electronDir = packageDir('electron');
if (!electronDir) done('the electron package is not installed (npm install first).', false);
const electronVersion = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
const abiFile = join(electronDir, 'abi_version');
const abi = existsSync(abiFile) ? readFileSync(abiFile, 'utf8').trim() : null;
if (!abi) done(`electron ${electronVersion} does not say its ABI (no abi_version file).`, false);
const sqliteDir = packageDir('better-sqlite3');
if (!sqliteDir) done('better-sqlite3 is not installed (npm install first).', false);

const info = { electron: electronVersion, abi, platform: process.platform, arch: process.arch };
const infoFile = join(outDir, 'build-info.json');
const addonFile = join(outDir, 'better_sqlite3.node');
if (args.has('--if-needed') && existsSync(addonFile) && existsSync(infoFile)) {
  try {
    const have = JSON.parse(readFileSync(infoFile, 'utf8'));
    if (have.abi === abi && have.platform === info.platform && have.arch === info.arch) {
      done(`up to date for Electron ${have.electron} (ABI ${abi}).`, true);
    }
  } catch {
    // Rebuild below.
  }
}

/** node-gyp: the project's copy, else the one npm runs lifecycle scripts with. */
function nodeGyp() {
  const dir = packageDir('node-gyp');
  if (dir) return join(dir, 'bin', 'node-gyp.js');
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) return process.env.npm_config_node_gyp;
  return null;
}
const gyp = nodeGyp();
if (!gyp) done('node-gyp was not found; install it (npm install -g node-gyp) and retry.', false);

// A copy, so the Node build in node_modules/better-sqlite3/build stays as it is.
const work = mkdtempSync(join(tmpdir(), 'nxforge-sqlite-electron-'));
let failure = null;
try {
  for (const entry of ['binding.gyp', 'package.json', 'src', 'deps']) cpSync(join(sqliteDir, entry), join(work, entry), { recursive: true });
  console.log(`build-native-electron: building better-sqlite3 for Electron ${electronVersion} (ABI ${abi}, ${info.platform}-${info.arch})…`);
  const result = spawnSync(
    process.execPath,
    [gyp, 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`, `--dist-url=${HEADERS_URL}`],
    { cwd: work, env: gypEnv(), stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', timeout: 20 * 60 * 1000 },
  );
  const built = join(work, 'build', 'Release', 'better_sqlite3.node');
  if (result.status !== 0 || !existsSync(built)) {
    failure = explain(result);
  } else if ((failure = abiProblem(built))) {
    // Not copied: a build for the wrong ABI would only fail later, at the app's start.
  } else {
    mkdirSync(outDir, { recursive: true });
    copyFileSync(built, addonFile);
    writeFileSync(infoFile, `${JSON.stringify(info, null, 2)}\n`);
  }
} catch (err) {
  failure = err instanceof Error ? err.message : String(err);
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failure) done(`could not build better-sqlite3 for Electron ${electronVersion}: ${failure}.`, false);
done(`built ${addonFile}`, true);

/**
 * npm hands its settings to scripts as npm_config_* variables, and node-gyp reads them:
 * `nodedir` (often /usr on Linux distributions) would build against Node's own headers,
 * and target, runtime or disturl would override ours. They are dropped for this build.
 */
function gypEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|target_arch|build_from_source)$/i.test(key)) delete env[key];
  }
  return env;
}

/**
 * Node refuses an addon built for another ABI and names the ABI it was built for: Node loading
 * it means it was built for Node, not Electron.
 */
function abiProblem(file) {
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(file)})`], { encoding: 'utf8' });
  if (probe.status === 0) return `the result loads in Node ${process.version}, so it was built against Node's headers instead of Electron's`;
  const found = /NODE_MODULE_VERSION (\d+)\. This version of Node\.js requires/.exec(probe.stderr ?? '');
  if (found && found[1] !== abi) return `the result is for ABI ${found[1]}, not Electron's ${abi}`;
  return null;
}

function explain(result) {
  if (result.error) return result.error.message;
  const stderr = result.stderr ?? '';
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|network connectivity|getaddrinfo/i.test(stderr)) {
    return `Electron's headers could not be downloaded from ${HEADERS_URL} (no network access to it)`;
  }
  const last = stderr
    .trim()
    .split('\n')
    .filter((l) => !/^gyp (ERR!|info) (stack|System|command|cwd|node -v|node-gyp -v|not ok)/.test(l))
    .slice(-3)
    .join(' | ');
  return `node-gyp failed${last ? `: ${last}` : ''} (a C++ toolchain and python3 are needed)`;
}
