import { createCore, type Core, type CoreOptions } from './core';
import type { LogSink } from './logs/logger';
import { rendererDir } from './paths';
import { startWebBridge, type WebBridge } from './web/web-bridge';

export interface ServeHandle {
  core: Core;
  bridge: WebBridge;
  close(): Promise<void>;
}

/** Headless mode: the same core, with the renderer served on 127.0.0.1 behind a token. */
export async function startServe(options: {
  dataDir: string;
  port?: number;
  token?: string;
  staticDir?: string;
  logEcho?: LogSink;
  core?: Partial<CoreOptions>;
}): Promise<ServeHandle> {
  const core = createCore({ dataDir: options.dataDir, mode: 'serve', logEcho: options.logEcho, ...options.core });
  let bridge: WebBridge;
  try {
    await core.start();
    bridge = await startWebBridge({
      moduleFiles: (name) => core.modules.filesRoot(name),
      router: core.router,
      events: core.events,
      staticDir: options.staticDir ?? rendererDir(),
      port: options.port,
      token: options.token,
    });
  } catch (err) {
    await core.dispose();
    throw err;
  }
  core.logger.info(`Serving on ${bridge.origin}`);
  return {
    core,
    bridge,
    close: async () => {
      await bridge.close();
      await core.dispose();
    },
  };
}
