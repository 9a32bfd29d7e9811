import { describe, expect, it } from 'vitest';
import { IconList } from '../ui/icons';
import { childPath, listPages, registerPage, sidebarSections, subscribePages, type PageDefinition } from './page-registry';

const page = (id: string, order: number): PageDefinition => ({ id, path: `/${id}`, label: id, icon: IconList, order, element: null });

describe('page registry', () => {
  it('keeps pages in sidebar order and tells subscribers about every change', () => {
    let changes = 0;
    const unsubscribe = subscribePages(() => changes++);
    const removeB = registerPage(page('b', 20));
    const removeA = registerPage(page('a', 10));
    expect(listPages().map((p) => p.id)).toEqual(['a', 'b']);
    const snapshot = listPages();
    expect(listPages()).toBe(snapshot); // Stable between changes, as useSyncExternalStore needs.

    removeA();
    expect(listPages().map((p) => p.id)).toEqual(['b']);
    removeA(); // A second removal is a no-op and announces nothing.
    expect(changes).toBe(3);
    removeB();
    unsubscribe();
  });

  it('refuses a duplicate id or path', () => {
    const remove = registerPage(page('dup', 1));
    expect(() => registerPage(page('dup', 2))).toThrow(/already registered/);
    expect(() => registerPage({ ...page('other', 2), path: '/dup' })).toThrow(/already uses the path/);
    remove();
    expect(listPages()).toEqual([]);
  });

  it('groups listed pages by section, in the order of each section\'s first page, without hidden ones', () => {
    const sections = sidebarSections([
      page('system', 10),
      { ...page('hello', 90), section: 'Modules' },
      { ...page('details', 95), hidden: true },
      page('settings', 900),
    ]);
    expect(sections.map((s) => [s.title, s.pages.map((p) => p.id)])).toEqual([
      ['Workspace', ['system', 'settings']],
      ['Modules', ['hello']],
    ]);
  });

  it('nests child paths under their parent', () => {
    expect(childPath(page('meters', 1), { path: 'new' })).toBe('/meters/new');
    expect(childPath({ ...page('x', 1), path: '/x/' }, { path: '/y' })).toBe('/x/y');
  });
});
