import { existsSync } from 'node:fs';
import { posix, win32 } from 'node:path';

export const BROWSER_PATH_ENV = 'NXFORGE_CHROMIUM_PATH';

export type BrowserSource = 'setting' | 'env' | 'system' | 'bundled';

export interface BrowserCandidate {
  executablePath: string;
  /** Extra command-line flags; Playwright adds its own defaults (headless mode among them). */
  args: string[];
  source: BrowserSource;
  /** Whether to keep Chromium's sandbox on (off for root on Linux and for the bundled build). */
  sandbox: boolean;
}

/** What `@sparticuz/chromium` gives: a path (unpacked on first call) and its recommended flags. */
export interface BundledChromium {
  executablePath: string;
  args: string[];
}

export interface DiscoveryInput {
  /** The app's setting; wins over everything. */
  settingPath?: string | null;
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  /** Running as root (Chromium refuses its sandbox then). */
  isRoot?: boolean;
  exists?: (path: string) => boolean;
  /** Default: `@sparticuz/chromium` when importable, Linux only. */
  loadBundled?: () => Promise<BundledChromium | null>;
}

/** Raised when no browser can be found; its message says how to fix it. */
export class BrowserNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowserNotFoundError';
  }
}

const HOW_TO_FIX =
  'Install Google Chrome, Microsoft Edge or Chromium, or point the "Browser path" setting ' +
  `(or the ${BROWSER_PATH_ENV} environment variable) at a Chrome or Chromium executable.`;

/**
 * Flags of @sparticuz/chromium that we drop. Two weaken web security; a single-process browser
 * dies with its first crashed page; Playwright sets the headless mode itself. Its feature lists
 * would replace Playwright's own `--enable-features`/`--disable-features` (Chromium keeps the last
 * of a repeated switch), so they go too. The rest suit AWS Lambda, not a server: `--no-zygote`
 * makes every renderer a fresh exec instead of a cheap fork (and every task's context needs a new
 * renderer), and SwiftShader GL only serves WebGL, which meter pages do not use; plain software
 * compositing costs about a third less CPU per page (see bench/README.md, scrape).
 */
const DROPPED_BUNDLED_FLAGS = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--single-process',
  '--no-zygote',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
]);
const DROPPED_BUNDLED_PREFIXES = ['--headless', '--enable-features=', '--disable-features='];

export function bundledFlags(args: readonly string[]): string[] {
  const kept = args.filter((flag) => !DROPPED_BUNDLED_FLAGS.has(flag) && !DROPPED_BUNDLED_PREFIXES.some((p) => flag.startsWith(p)));
  return kept.includes('--disable-gpu') ? kept : [...kept, '--disable-gpu'];
}

/** The usual install locations of Chrome, Edge and Chromium, most common first. */
export function systemBrowserPaths(platform: NodeJS.Platform, env: Record<string, string | undefined>): string[] {
  if (platform === 'darwin') {
    const apps = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      'Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
    ];
    const roots = ['/Applications', ...(env.HOME ? [posix.join(env.HOME, 'Applications')] : [])];
    return roots.flatMap((root) => apps.map((app) => posix.join(root, app)));
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
    const apps = ['Google\\Chrome\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe', 'Chromium\\Application\\chrome.exe'];
    return apps.flatMap((app) => roots.map((root) => win32.join(root, app)));
  }
  return [
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/snap/bin/chromium',
    '/opt/google/chrome/chrome',
    '/opt/microsoft/msedge/msedge',
  ];
}

/** `@sparticuz/chromium`, an optional dependency: absent from the desktop packages. */
export async function loadSparticuz(): Promise<BundledChromium | null> {
  // A computed specifier keeps bundlers from resolving (or inlining) a package that may be absent.
  const specifier = '@sparticuz/chromium';
  let chromium: { executablePath(): Promise<string>; args: string[] };
  try {
    chromium = ((await import(specifier)) as { default: typeof chromium }).default;
  } catch {
    return null;
  }
  const executablePath = await chromium.executablePath();
  return { executablePath, args: chromium.args };
}

/**
 * Finds the browser to drive: (1) the setting, (2) `NXFORGE_CHROMIUM_PATH`, (3) an installed Chrome,
 * Edge or Chromium, (4) on Linux, the Chromium that `@sparticuz/chromium` ships. A setting or
 * variable that points nowhere is an error rather than a silent fall-through.
 */
export async function resolveBrowser(input: DiscoveryInput = {}): Promise<BrowserCandidate> {
  const env = input.env ?? process.env;
  const platform = input.platform ?? process.platform;
  const exists = input.exists ?? existsSync;
  const isRoot = input.isRoot ?? (typeof process.getuid === 'function' && process.getuid() === 0);
  const sandbox = !(platform === 'linux' && isRoot);

  const setting = input.settingPath?.trim();
  if (setting) {
    if (!exists(setting)) throw new BrowserNotFoundError(`The browser path setting points at ${setting}, which does not exist. ${HOW_TO_FIX}`);
    return { executablePath: setting, args: [], source: 'setting', sandbox };
  }
  const fromEnv = env[BROWSER_PATH_ENV]?.trim();
  if (fromEnv) {
    if (!exists(fromEnv)) throw new BrowserNotFoundError(`${BROWSER_PATH_ENV} points at ${fromEnv}, which does not exist. ${HOW_TO_FIX}`);
    return { executablePath: fromEnv, args: [], source: 'env', sandbox };
  }
  const installed = systemBrowserPaths(platform, env).find((path) => exists(path));
  if (installed) return { executablePath: installed, args: [], source: 'system', sandbox };

  if (platform === 'linux') {
    let bundled: BundledChromium | null = null;
    let failure = '';
    try {
      bundled = await (input.loadBundled ?? loadSparticuz)();
    } catch (err) {
      failure = ` (@sparticuz/chromium could not unpack its browser: ${(err as Error).message})`;
    }
    if (bundled && exists(bundled.executablePath)) {
      return { executablePath: bundled.executablePath, args: bundledFlags(bundled.args), source: 'bundled', sandbox: false };
    }
    throw new BrowserNotFoundError(
      `No Chrome, Edge or Chromium found${failure}. ${HOW_TO_FIX} On a server, \`npm install @sparticuz/chromium\` ` +
        'or `apt-get install chromium` also works.',
    );
  }
  throw new BrowserNotFoundError(`No Chrome, Edge or Chromium found. ${HOW_TO_FIX}`);
}
