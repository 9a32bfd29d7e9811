import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CoreOptions } from '../../src/main/core/core';
import { startServe, type ServeHandle } from '../../src/main/core/serve';

export interface ServeFixture {
  handle: ServeHandle;
  /** The fresh data folder this server uses. */
  dataDir: string;
  /** Stops the server and deletes the data folder. */
  cleanup(): Promise<void>;
}

/**
 * Serve mode on a fresh data folder and a free port, as `nxforge serve` runs it, without the
 * app's built-in modules unless `core.builtInModules` names some. `core` passes options to the
 * core, e.g. a short retry backoff for the jobs tests.
 */
export async function startTestServe(options: { staticDir?: string; core?: Partial<CoreOptions> } = {}): Promise<ServeFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nxforge-e2e-'));
  let handle: ServeHandle;
  try {
    handle = await startServe({ dataDir, port: 0, staticDir: options.staticDir, core: { builtInModules: [], ...options.core } });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  let closed = false;
  return {
    handle,
    dataDir,
    cleanup: async () => {
      if (closed) return;
      closed = true;
      try {
        await handle.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
