import type { BrowserContext } from 'playwright-core';
import type { SessionStore } from './types';

/** What a session holds: Playwright's storage state (cookies and each origin's localStorage). */
export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** A store in memory: for tests, and for callers that keep sessions for one app run only. */
export function memorySessionStore(initial: Iterable<[string, string]> = []): SessionStore & { readonly map: Map<string, string> } {
  const map = new Map(initial);
  return {
    map,
    get: (key) => Promise.resolve(map.get(key) ?? null),
    set: (key, value) => {
      map.set(key, value);
      return Promise.resolve();
    },
    delete: (key) => {
      map.delete(key);
      return Promise.resolve();
    },
  };
}

/** The slice of the core's SecretStore this needs (it encrypts; we only name the entries). */
export interface SecretStoreLike {
  get(scope: string, key: string): string | null;
  set(scope: string, key: string, value: string): void;
  delete(scope: string, key: string): void;
}

export const SESSION_KEY_PREFIX = 'scraping-session:';

/**
 * Sessions kept encrypted at rest in the app's SecretStore, under `scope` (e.g. the module's
 * name, so one module never reads another's cookies).
 */
export function secretSessionStore(secrets: SecretStoreLike, scope: string): SessionStore {
  const name = (key: string) => `${SESSION_KEY_PREFIX}${key}`;
  return {
    get: (key) => Promise.resolve(secrets.get(scope, name(key))),
    set: (key, value) => Promise.resolve(secrets.set(scope, name(key), value)),
    delete: (key) => Promise.resolve(secrets.delete(scope, name(key))),
  };
}

/** Reads a stored session; anything unreadable counts as none (and is reported). */
export function decodeState(raw: string | null): { state: StorageState | null; problem?: string } {
  if (raw === null) return { state: null };
  try {
    const parsed = JSON.parse(raw) as Partial<StorageState> | null;
    if (!parsed || !Array.isArray(parsed.cookies) || !Array.isArray(parsed.origins)) {
      return { state: null, problem: 'the stored session has an unknown shape' };
    }
    return { state: parsed as StorageState };
  } catch {
    return { state: null, problem: 'the stored session is not valid JSON' };
  }
}
