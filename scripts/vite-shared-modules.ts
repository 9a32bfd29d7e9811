import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { SHARED_GLOBAL, SHARED_SPECIFIERS, shimPath, type SharedSpecifier } from '../src/renderer/src/modules/shared-specifiers';

/**
 * One React for the app and every module page. Module pages are ES modules that keep `react`,
 * `react-dom` and the SDK's UI kit as bare imports; this plugin adds to the app's index.html an
 * import map sending each of them to a small shim, and writes the shims: each re-exports, by
 * name, the instance the app put on a global. The names are read from the real modules at build
 * time, so an export added by a React upgrade or to the SDK is never missed.
 */

export interface SharedModulesOptions {
  /** The repository root, where react and react-dom are installed. */
  root: string;
  /** The SDK's UI kit source (sdk/ui.ts). */
  sdkUi: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

async function exportNames(specifier: SharedSpecifier, options: SharedModulesOptions): Promise<string[]> {
  if (specifier === '@nxforge/sdk/ui') {
    // esbuild drops type-only exports, so what is left is exactly what exists at run time.
    const result = await build({
      entryPoints: [options.sdkUi],
      bundle: false,
      write: false,
      metafile: true,
      format: 'esm',
      logLevel: 'silent',
    });
    return Object.values(result.metafile.outputs).flatMap((output) => output.exports);
  }
  const require = createRequire(join(options.root, 'package.json'));
  return Object.keys(require(specifier) as object);
}

export function shimSource(specifier: string, names: readonly string[]): string {
  const exported = [...new Set(names)].filter((n) => n !== 'default' && IDENTIFIER.test(n)).sort();
  const key = JSON.stringify(specifier);
  return [
    `// Generated at build time: the app's own ${key}, shared with module pages.`,
    `const shared = globalThis[${JSON.stringify(SHARED_GLOBAL)}]?.[${key}];`,
    `if (!shared) throw new Error(${JSON.stringify(`${specifier} is provided by NxForge Desktop to module pages running inside it.`)});`,
    'export default shared.default ?? shared;',
    exported.length ? `export const { ${exported.join(', ')} } = shared;` : '',
    '',
  ].join('\n');
}

export function importMap(): string {
  const imports = Object.fromEntries(SHARED_SPECIFIERS.map((s) => [s, `./${shimPath(s)}`]));
  return JSON.stringify({ imports });
}

export function sharedModulesPlugin(options: SharedModulesOptions): Plugin {
  let shims: Promise<Map<string, string>> | null = null;
  const makeShims = (): Promise<Map<string, string>> => {
    shims ??= Promise.all(
      SHARED_SPECIFIERS.map(async (s) => [shimPath(s), shimSource(s, await exportNames(s, options))] as const),
    ).then((entries) => new Map(entries));
    return shims;
  };
  return {
    name: 'nxforge-shared-modules',
    transformIndexHtml: {
      order: 'pre',
      handler: () => [{ tag: 'script', attrs: { type: 'importmap' }, children: importMap(), injectTo: 'head-prepend' }],
    },
    async generateBundle() {
      for (const [fileName, source] of await makeShims()) this.emitFile({ type: 'asset', fileName, source });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0]?.replace(/^\//, '') ?? '';
        if (!path.startsWith('shared/')) return next();
        void makeShims().then((map) => {
          const source = map.get(path);
          if (source === undefined) return next();
          res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
          res.end(source);
        }, next);
      });
    },
  };
}
