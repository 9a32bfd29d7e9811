import type { ComponentType } from 'react';
import type { PageProps } from '@nxforge/sdk/ui';
import type { ModuleUiEntry } from '../../../shared/core-api';

export type ModuleExports = Record<string, unknown>;

/** The module's page code could not be loaded or does not offer the page: not a render error. */
export class ModuleLoadError extends Error {
  override name = 'ModuleLoadError';
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.name && err.name !== 'Error' && !err.message.startsWith(err.name) ? `${err.name}: ${err.message}` : err.message;
  return String(err);
}

/**
 * One import per entry URL (the URL carries the module's version, so an upgrade loads afresh).
 * The promise stays cached when it fails, so React's re-render after the failure sees the same
 * rejection instead of starting another import; only an explicit retry starts one.
 */
interface Loading {
  promise: Promise<ModuleExports>;
  failed: boolean;
}

const imports = new Map<string, Loading>();
const retries = new Map<string, number>();

/** The entry's absolute URL: served by the app protocol in Electron, by the web bridge in serve mode. */
export function entryHref(entryUrl: string, retry = 0): string {
  const url = new URL(entryUrl, document.baseURI);
  // The browser may keep a failed module in its module map; a new address fetches it anew.
  if (retry > 0) url.searchParams.set('retry', String(retry));
  return url.href;
}

export function loadModuleEntry(entryUrl: string): Promise<ModuleExports> {
  let loading = imports.get(entryUrl);
  if (!loading) {
    const record: Loading = {
      promise: (import(/* @vite-ignore */ entryHref(entryUrl, retries.get(entryUrl) ?? 0)) as Promise<ModuleExports>).catch((err: unknown) => {
        throw new ModuleLoadError(describe(err));
      }),
      failed: false,
    };
    record.promise.catch(() => {
      record.failed = true;
    });
    imports.set(entryUrl, record);
    loading = record;
  }
  return loading.promise;
}

/** Forgets a failed import so that the next render tries again; a loaded one is kept as it is. */
export function retryModuleEntry(entryUrl: string): void {
  if (!imports.get(entryUrl)?.failed) return;
  imports.delete(entryUrl);
  retries.set(entryUrl, (retries.get(entryUrl) ?? 0) + 1);
}

function isComponent(value: unknown): value is ComponentType<PageProps> {
  // Functions and classes, and the objects React.memo, forwardRef and lazy make.
  return typeof value === 'function' || (typeof value === 'object' && value !== null && '$$typeof' in value);
}

/** The page component the manifest names, or an error that says what the module exports instead. */
export function pickComponent(exports: ModuleExports, name: string, entry: Pick<ModuleUiEntry, 'name' | 'entryUrl'>): ComponentType<PageProps> {
  const value = exports[name];
  if (isComponent(value)) return value;
  const file = entry.entryUrl.replace(/^modules\/[^/]+\/files\//, '').replace(/\?.*$/, '');
  const found = Object.keys(exports).filter((key) => isComponent(exports[key]));
  const offer = found.length ? `it exports ${found.join(', ')}` : 'it exports no components';
  if (value === undefined) return fail(`${entry.name}'s ${file} has no export named "${name}" (${offer}).`);
  return fail(`${entry.name}'s ${file} exports "${name}", but it is not a React component (${offer}).`);
}

function fail(message: string): never {
  throw new ModuleLoadError(message);
}
