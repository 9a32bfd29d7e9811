import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { sharedModulesPlugin } from './scripts/vite-shared-modules';

const BUNDLED_DEPS = ['zod', 'drizzle-orm', 'ajv', 'ajv-formats', 'semver', 'croner', 'ws', 'yauzl', 'yazl'];

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Bundling the pure-JS dependencies makes start-up one parse instead of hundreds of
      // module resolutions; native and binary-shipping packages stay external.
      externalizeDeps: { include: [], exclude: BUNDLED_DEPS },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
          'module-host': resolve(__dirname, 'src/main/core/modules/host/module-host-entry.ts'),
          core: resolve(__dirname, 'src/main/core/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    // The app's React and UI kit, shared with module pages through an import map.
    plugins: [react(), sharedModulesPlugin({ root: __dirname, sdkUi: resolve(__dirname, 'sdk/ui.ts') })],
    resolve: { alias: { '@nxforge/sdk/ui': resolve(__dirname, 'sdk/ui.ts') } },
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
