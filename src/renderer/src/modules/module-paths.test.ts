import { describe, expect, it } from 'vitest';
import type { ModuleUiEntry } from '../../../shared/core-api';
import { findModulePage, moduleOfPath, modulePath, moduleRoot, splitModulePath } from './module-paths';

const entry = (over: Partial<ModuleUiEntry> = {}): ModuleUiEntry => ({
  name: 'meters',
  displayName: 'Meters',
  version: '1.0.0',
  entryUrl: 'modules/meters/files/dist/ui/index.js?v=1',
  sidebar: { label: 'Meters', path: '/' },
  pages: [
    { path: '/', component: 'List' },
    { path: '/reports/', component: 'Reports' },
    { path: '/meters/:id', component: 'Meter' },
  ],
  widgets: [],
  navigation: [],
  ...over,
});

describe('module page paths', () => {
  it('puts a module’s pages under /m/<name>', () => {
    expect(moduleRoot('meters')).toBe('/m/meters');
    expect(modulePath('/m/meters', '/')).toBe('/m/meters');
    expect(modulePath('/m/meters', undefined)).toBe('/m/meters');
    expect(modulePath('/m/meters', 'reports/')).toBe('/m/meters/reports');
    expect(modulePath('/m/meters', '//a/b')).toBe('/m/meters/a/b');
  });

  it('tells which module a location belongs to', () => {
    expect(moduleOfPath('/m/meters')).toBe('meters');
    expect(moduleOfPath('/m/meters/reports')).toBe('meters');
    expect(moduleOfPath('/modules/meters')).toBeNull();
    expect(moduleOfPath('/mx/meters')).toBeNull();
    expect(splitModulePath('/m/meters/meters/7')).toEqual({ name: 'meters', inner: '/meters/7' });
    expect(splitModulePath('/m/meters')).toEqual({ name: 'meters', inner: '/' });
  });

  it('finds the page for a path, with its parameters', () => {
    expect(findModulePage(entry(), '/')?.page.component).toBe('List');
    expect(findModulePage(entry(), '/reports')?.page.component).toBe('Reports');
    expect(findModulePage(entry(), '/meters/pdu-7')).toEqual({ page: { path: '/meters/:id', component: 'Meter' }, params: { id: 'pdu-7' } });
    expect(findModulePage(entry(), '/nowhere')).toBeNull();
  });

  it('shows the sidebar item’s page at the root when no page sits at /', () => {
    const e = entry({ sidebar: { label: 'Meters', path: '/reports' }, pages: [{ path: '/reports', component: 'Reports' }] });
    expect(findModulePage(e, '/')?.page.component).toBe('Reports');
  });
});
