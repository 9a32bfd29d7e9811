/**
 * The bare specifiers a module page may import and get the app's own instance of. The build
 * (scripts/vite-shared-modules.ts) writes a shim per entry and an import map sending the
 * specifier to it; the app puts the instances on SHARED_GLOBAL before any module page loads.
 * Keep in step with the externals of scripts/build-modules.js.
 */
export const SHARED_GLOBAL = '__NXFORGE_SHARED__';

export const SHARED_SPECIFIERS = ['react', 'react/jsx-runtime', 'react-dom', 'react-dom/client', '@nxforge/sdk/ui'] as const;

export type SharedSpecifier = (typeof SHARED_SPECIFIERS)[number];

/** `react/jsx-runtime` → `shared/react-jsx-runtime.js`, relative to the app's index.html. */
export function shimPath(specifier: SharedSpecifier): string {
  return `shared/${specifier.replace(/^@/, '').replace(/[^a-z0-9]+/gi, '-')}.js`;
}
