import type { ModuleSecrets } from '@nxforge/sdk';

/**
 * An endpoint's password lives in ctx.secrets (encrypted by the app), one key per endpoint,
 * and is read only to scrape. Routes answer `hasPassword`, never the value.
 */
const passwordKey = (endpointId: number): string => `endpoint:${endpointId}:password`;
/** Where the scraping service keeps the endpoint's login session (same module scope). */
const sessionSecret = (endpointId: number): string => `scraping-session:${sessionKey(endpointId)}`;

export const sessionKey = (endpointId: number): string => `endpoint-${endpointId}`;

export function getPassword(secrets: ModuleSecrets, endpointId: number): Promise<string | null> {
  return secrets.get(passwordKey(endpointId));
}

export async function hasPassword(secrets: ModuleSecrets, endpointId: number): Promise<boolean> {
  return (await secrets.get(passwordKey(endpointId))) !== null;
}

/** Undefined keeps the stored password, null removes it. A change also drops the meter session made with the old one. */
export async function setPassword(secrets: ModuleSecrets, endpointId: number, password: string | null | undefined): Promise<void> {
  if (password === undefined) return;
  if (password === null) await secrets.delete(passwordKey(endpointId));
  else await secrets.set(passwordKey(endpointId), password);
  await secrets.delete(sessionSecret(endpointId));
}

/** Removes everything secret an endpoint had: its password and its meter session. */
export async function forgetEndpoint(secrets: ModuleSecrets, endpointId: number): Promise<void> {
  await secrets.delete(passwordKey(endpointId));
  await secrets.delete(sessionSecret(endpointId));
}
