/** The core as a library: what the CLI, the Electron shell, tests and benchmarks start from. */
export { createCore, DATABASE_FILE_NAME, type Core, type CoreOptions } from './core';
export { startServe, type ServeHandle } from './serve';
export { packFolder } from './modules/package-archive';
