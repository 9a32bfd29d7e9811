import * as SdkUi from '@nxforge/sdk/ui';
import * as React from 'react';
import * as ReactJsxRuntime from 'react/jsx-runtime';
import * as ReactDom from 'react-dom';
import * as ReactDomClient from 'react-dom/client';
import { SHARED_GLOBAL, type SharedSpecifier } from './shared-specifiers';

/**
 * Puts the app's own React, ReactDOM and SDK UI kit where the import map's shims find them,
 * so module pages use these very instances (one React, one set of hooks, one bridge).
 * Runs before any module page is imported.
 */
export function exposeSharedModules(): void {
  if (SHARED_GLOBAL in globalThis) return;
  const shared: Record<SharedSpecifier, object> = {
    react: React,
    'react/jsx-runtime': ReactJsxRuntime,
    'react-dom': ReactDom,
    'react-dom/client': ReactDomClient,
    '@nxforge/sdk/ui': SdkUi,
  };
  Object.defineProperty(globalThis, SHARED_GLOBAL, { value: Object.freeze(shared), configurable: false, writable: false });
}
