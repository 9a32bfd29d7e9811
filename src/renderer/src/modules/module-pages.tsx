import type { ModuleUiEntry } from '../../../shared/core-api';
import type { NavItem } from '../../../shared/manifest';
import { registerPage, type PageDefinition } from '../shell/page-registry';
import { useAppStore } from '../store/app-store';
import { moduleIcon } from '../ui/module-icons';
import { ModuleOutlet } from './module-page';
import { moduleRoot } from './module-paths';

export const MODULE_SECTION = 'Modules';
const DEFAULT_ORDER = 500;

function byOrder(items: NavItem[]): NavItem[] {
  return items.map((item, i) => ({ item, i })).sort((a, b) => (a.item.order ?? a.i) - (b.item.order ?? b.i) || a.i - b.i).map(({ item }) => item);
}

/**
 * A module's sidebar item as a registry page. The item links to the module's root, which shows
 * the page at the item's path; its children sit under the root at their own paths. Every one of
 * them renders the module outlet, which picks the page from the location.
 */
export function modulePageDefinition(entry: ModuleUiEntry, sidebar: NavItem): PageDefinition {
  return {
    id: `module:${entry.name}`,
    path: moduleRoot(entry.name),
    label: sidebar.label || entry.displayName,
    icon: moduleIcon(sidebar.icon),
    order: sidebar.order ?? DEFAULT_ORDER,
    section: MODULE_SECTION,
    element: <ModuleOutlet />,
    children: byOrder(sidebar.children ?? []).map((child, i) => ({
      id: `module:${entry.name}:${child.path ?? i}`,
      path: (child.path ?? '').replace(/^\/+/, ''),
      label: child.label,
      icon: moduleIcon(child.icon ?? sidebar.icon),
      order: child.order ?? i,
      element: <ModuleOutlet />,
    })),
  };
}

/**
 * Keeps the page registry in step with the enabled modules: a module that comes adds its
 * sidebar item, one that goes (disabled, uninstalled, crashed) takes it away at once, and an
 * upgraded one replaces it. Module pages without a sidebar item are reached by their address.
 */
export function startModulePages(): () => void {
  const registered = new Map<string, { signature: string; dispose: () => void }>();
  const sync = (entries: readonly ModuleUiEntry[]): void => {
    const present = new Set(entries.map((e) => e.name));
    for (const [name, page] of registered) {
      if (present.has(name)) continue;
      page.dispose();
      registered.delete(name);
    }
    for (const entry of entries) {
      const signature = JSON.stringify([entry.displayName, entry.version, entry.entryUrl, entry.sidebar]);
      const current = registered.get(entry.name);
      if (current?.signature === signature) continue;
      current?.dispose();
      const dispose = entry.sidebar ? registerPage(modulePageDefinition(entry, entry.sidebar)) : () => undefined;
      registered.set(entry.name, { signature, dispose });
    }
  };
  sync(useAppStore.getState().moduleUi.data ?? []);
  const unsubscribe = useAppStore.subscribe((state, previous) => {
    if (state.moduleUi.data !== previous.moduleUi.data) sync(state.moduleUi.data ?? []);
  });
  return () => {
    unsubscribe();
    for (const page of registered.values()) page.dispose();
    registered.clear();
  };
}
