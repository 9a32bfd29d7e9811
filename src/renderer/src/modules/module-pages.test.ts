import { afterEach, describe, expect, it } from 'vitest';
import type { ModuleUiEntry } from '../../../shared/core-api';
import { listPages } from '../shell/page-registry';
import { useAppStore } from '../store/app-store';
import { IconPuzzle, IconSparkles } from '../ui/icons';
import { MODULE_SECTION, startModulePages } from './module-pages';

const hello: ModuleUiEntry = {
  name: 'hello-world',
  displayName: 'Hello World',
  version: '1.0.0',
  entryUrl: 'modules/hello-world/files/dist/ui/index.js?v=1',
  sidebar: {
    label: 'Hello',
    icon: 'sparkles',
    order: 90,
    path: '/',
    children: [
      { label: 'Second', path: '/second', order: 2 },
      { label: 'First', path: '/first', order: 1, icon: 'unknown-icon' },
    ],
  },
  pages: [{ path: '/', component: 'HelloPage' }],
  widgets: [],
  navigation: [],
};

function setEntries(data: ModuleUiEntry[]): void {
  useAppStore.setState({ moduleUi: { data, loading: false, error: null } });
}

describe('module pages in the registry', () => {
  let stop: (() => void) | null = null;
  afterEach(() => {
    stop?.();
    stop = null;
    setEntries([]);
  });

  it('adds an enabled module’s sidebar item, with its children in order and icons mapped', () => {
    stop = startModulePages();
    setEntries([hello]);
    const page = listPages().find((p) => p.id === 'module:hello-world');
    expect(page).toMatchObject({ path: '/m/hello-world', label: 'Hello', order: 90, section: MODULE_SECTION, icon: IconSparkles });
    expect(page?.children?.map((c) => [c.label, c.path])).toEqual([
      ['First', 'first'],
      ['Second', 'second'],
    ]);
    // An unknown icon name gets the puzzle piece; no name at all, the parent item's icon.
    expect(page?.children?.[0]?.icon).toBe(IconPuzzle);
    expect(page?.children?.[1]?.icon).toBe(IconSparkles);
  });

  it('removes it at once when the module goes, and replaces it when the module changes', () => {
    stop = startModulePages();
    setEntries([hello]);
    const first = listPages().find((p) => p.id === 'module:hello-world');
    setEntries([{ ...hello }]); // Same contents: kept as it is.
    expect(listPages().find((p) => p.id === 'module:hello-world')).toBe(first);
    setEntries([{ ...hello, version: '1.1.0', entryUrl: 'modules/hello-world/files/dist/ui/index.js?v=2' }]);
    expect(listPages().find((p) => p.id === 'module:hello-world')).not.toBe(first);
    setEntries([]);
    expect(listPages().some((p) => p.id === 'module:hello-world')).toBe(false);
  });

  it('lists no sidebar item for a module without one, and takes everything away when stopped', () => {
    stop = startModulePages();
    setEntries([{ ...hello, name: 'quiet', sidebar: null }, hello]);
    expect(listPages().map((p) => p.id)).toEqual(['module:hello-world']);
    stop();
    stop = null;
    expect(listPages()).toEqual([]);
  });
});
