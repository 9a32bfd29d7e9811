import { matchPath } from 'react-router';
import type { ModuleUiEntry } from '../../../shared/core-api';
import type { UiPage } from '../../../shared/manifest';

/** Module pages live under `/m/<module>`, apart from the core's own pages. */
export const MODULE_ROUTE_PREFIX = '/m';

export function moduleRoot(name: string): string {
  return `${MODULE_ROUTE_PREFIX}/${name}`;
}

/** `modulePath('/m/hello-world', '/reports/')` → `/m/hello-world/reports`; a path of `/` gives the root. */
export function modulePath(root: string, path: string | undefined): string {
  const inner = `/${(path ?? '').replace(/^\/+|\/+$/g, '')}`;
  return inner === '/' ? root : `${root}${inner}`;
}

const MODULE_LOCATION = new RegExp(`^${MODULE_ROUTE_PREFIX}/([^/]+)(/.*)?$`);

/** `/m/hello-world/reports` → the module `hello-world` and its page path `/reports`. */
export function splitModulePath(pathname: string): { name: string; inner: string } | null {
  const match = MODULE_LOCATION.exec(pathname);
  return match ? { name: match[1] ?? '', inner: match[2] ?? '/' } : null;
}

/** The module a location belongs to, if it is a module page. */
export function moduleOfPath(pathname: string): string | null {
  return splitModulePath(pathname)?.name ?? null;
}

function stringParams(params: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined && key !== '*') out[key] = value;
  return out;
}

/** The page of `entry` at a path inside the module, with the path's parameters. */
export function findModulePage(entry: ModuleUiEntry, inner: string): { page: UiPage; params: Record<string, string> } | null {
  // The module's root shows its sidebar item's page when no page sits at `/` itself.
  const targets = inner === '/' && entry.sidebar?.path && entry.sidebar.path !== '/' ? ['/', entry.sidebar.path] : [inner];
  for (const target of targets) {
    for (const page of entry.pages) {
      const match = matchPath({ path: modulePath('', page.path) || '/', end: true }, target);
      if (match) return { page, params: stringParams(match.params) };
    }
  }
  return null;
}
