import { useSyncExternalStore, type ComponentType, type ReactNode } from 'react';
import type { IconProps } from '../ui/icons';

/** A page in the sidebar. Modules register theirs the same way the core pages do. */
export interface PageDefinition {
  id: string;
  /** Route path, e.g. `/system`; a child's path is relative to its parent's. */
  path: string;
  label: string;
  icon: ComponentType<IconProps>;
  /** Sidebar position, lowest first. */
  order: number;
  element: ReactNode;
  /** Optional sub-pages, shown indented under the page. */
  children?: Omit<PageDefinition, 'children' | 'section' | 'hidden'>[];
  /** The sidebar heading it is listed under; default `Workspace`. */
  section?: string;
  /** Routed but not listed in the sidebar, e.g. a details page reached from a list. */
  hidden?: boolean;
}

export const DEFAULT_SECTION = 'Workspace';

let pages: PageDefinition[] = [];
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of [...listeners]) listener();
}

/** Adds a page; the returned function removes it again (e.g. when a module is disabled). */
export function registerPage(page: PageDefinition): () => void {
  if (pages.some((p) => p.id === page.id)) throw new Error(`A page with id "${page.id}" is already registered`);
  if (pages.some((p) => p.path === page.path)) throw new Error(`A page already uses the path "${page.path}"`);
  // A fresh sorted array on each change keeps snapshots stable between changes.
  pages = [...pages, page].sort((a, b) => a.order - b.order || a.label.localeCompare(b.label));
  emit();
  return () => {
    const before = pages.length;
    pages = pages.filter((p) => p !== page);
    if (pages.length !== before) emit();
  };
}

export function listPages(): readonly PageDefinition[] {
  return pages;
}

export function subscribePages(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePages(): readonly PageDefinition[] {
  return useSyncExternalStore(subscribePages, listPages);
}

export interface SidebarSection {
  title: string;
  pages: PageDefinition[];
}

/** Listed pages grouped by section; sections come in the order of their first page. */
export function sidebarSections(list: readonly PageDefinition[]): SidebarSection[] {
  const sections = new Map<string, PageDefinition[]>();
  for (const page of list) {
    if (page.hidden) continue;
    const title = page.section ?? DEFAULT_SECTION;
    const pages = sections.get(title) ?? [];
    pages.push(page);
    sections.set(title, pages);
  }
  return [...sections].map(([title, pages]) => ({ title, pages }));
}

export function childPath(parent: Pick<PageDefinition, 'path'>, child: { path: string }): string {
  return `${parent.path.replace(/\/+$/, '')}/${child.path.replace(/^\/+/, '')}`;
}
