import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ModuleListItem } from '../shared/core-api';
import type { Core } from './core/core';
import { AppError } from './core/router/app-error';
import { packFolder } from './core/modules/package-archive';
import { readManifest } from './core/modules/module-installer';
import { appVersion } from './core/paths';
import { toListItem } from './core/modules/module-routes';

export type Out = { stdout: (s: string) => void; stderr: (s: string) => void };

export const MODULE_USAGE = `  module list [--json]                  List modules: name, version, state, source, error
  module install PATH [--force]         Install or upgrade from a folder or .nxmod file
  module enable NAME                    Enable a module (runs its migrations, starts it)
  module disable NAME                   Disable a module
  module uninstall NAME [--purge]       Uninstall; --purge also drops its tables and files
  module pack DIR [-o FILE]             Build a .nxmod from a module folder and print its sha256`;

/** `nxforge module …`; throws UsageError-like messages through `usage`. */
export async function moduleCommand(
  args: string[],
  withCore: <T>(fn: (core: Core) => Promise<T>) => Promise<T>,
  out: Out,
  usage: (message: string) => Error,
): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: { json: { type: 'boolean' }, force: { type: 'boolean' }, purge: { type: 'boolean' }, output: { type: 'string', short: 'o' } },
  });
  const one = (what: string): string => {
    if (positionals.length !== 1 || !positionals[0]) throw usage(`module ${sub} takes one ${what}.`);
    return positionals[0];
  };
  const report = (err: unknown): number => {
    if (err instanceof AppError) {
      out.stderr(`nxforge: ${err.message}`);
      return 1;
    }
    throw err;
  };
  switch (sub) {
    case 'list':
      return withCore(async (core) => {
        const rows = core.modules.list().map((r) => toListItem(r, core.modules.isRunning(r.name)));
        if (values.json) {
          out.stdout(JSON.stringify(rows.map(({ name, version, state, source, error }) => ({ name, version, state, source, error })), null, 2));
        } else {
          out.stdout(formatTable(rows));
        }
        return 0;
      });
    case 'install': {
      const path = resolve(one('PATH (a module folder or .nxmod file)'));
      return withCore(async (core) => {
        try {
          const r = await core.modules.install(path, { force: values.force });
          out.stdout(`${r.action === 'installed' ? 'Installed' : r.action[0]?.toUpperCase() + r.action.slice(1)} ${r.displayName} (${r.name}) ${r.version}${r.previousVersion ? `, was ${r.previousVersion}` : ''}`);
          out.stdout(`  author:      ${r.author ?? 'not given'}`);
          out.stdout(`  permissions: ${r.permissions.length ? r.permissions.join(', ') : 'none'}`);
          out.stdout(`  sha256:      ${r.sha256}`);
          out.stdout(`  files:       ${r.files} (${r.bytes} bytes)`);
          const state = core.modules.get(r.name).state;
          if (state !== 'ENABLED') out.stdout(`Enable it with: nxforge module enable ${r.name}`);
          return 0;
        } catch (err) {
          return report(err);
        }
      });
    }
    case 'enable':
    case 'disable': {
      const name = one('NAME');
      return withCore(async (core) => {
        try {
          const row = sub === 'enable' ? await core.modules.enable(name) : await core.modules.disable(name);
          out.stdout(`${row.name} ${row.version}: ${row.state}`);
          return 0;
        } catch (err) {
          return report(err);
        }
      });
    }
    case 'uninstall': {
      const name = one('NAME');
      return withCore(async (core) => {
        try {
          const r = await core.modules.uninstall(name, { purge: values.purge });
          out.stdout(
            r.purged
              ? `Uninstalled ${name}; dropped ${r.droppedTables.length} table(s)${r.droppedTables.length ? `: ${r.droppedTables.join(', ')}` : ''}, its settings, secrets and files.`
              : `Uninstalled ${name}; its data is kept (use --purge to remove it).`,
          );
          return 0;
        } catch (err) {
          return report(err);
        }
      });
    }
    case 'pack': {
      const dir = resolve(one('DIR'));
      const manifest = readManifestOrThrow(dir, usage);
      const file = resolve(values.output ?? `${manifest.name}-${manifest.version}.nxmod`);
      const packed = await packFolder(dir, file);
      out.stdout(`Packed ${manifest.name} ${manifest.version}: ${file} (${packed.files.length} files, ${packed.bytes} bytes)`);
      out.stdout(`sha256 ${packed.sha256}`);
      return 0;
    }
    default:
      throw usage(sub ? `Unknown module command "${sub}".` : 'module needs a command.');
  }
}

function readManifestOrThrow(dir: string, usage: (m: string) => Error) {
  try {
    return readManifest(dir, appVersion());
  } catch (err) {
    if (err instanceof AppError) throw usage(`${dir}: ${err.message}`);
    throw err;
  }
}

function formatTable(rows: ModuleListItem[]): string {
  if (rows.length === 0) return 'No modules installed. Install one with: nxforge module install PATH';
  const head = ['NAME', 'VERSION', 'STATE', 'SOURCE', 'ERROR'];
  const body = rows.map((r) => [r.name, r.version, r.state, r.source, r.error ?? '']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  return [head, ...body].map((cols) => cols.map((c, i) => (i === cols.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}
