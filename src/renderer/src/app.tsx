import { useEffect } from 'react';
import { HashRouter, Navigate, Route, Routes } from 'react-router';
import { ModuleOutlet } from './modules/module-page';
import { MODULE_ROUTE_PREFIX } from './modules/module-paths';
import { AppShell } from './shell/app-shell';
import { DEFAULT_PAGE_PATH } from './shell/core-pages';
import { PageErrorBoundary } from './shell/page-error-boundary';
import { childPath, usePages, type PageDefinition } from './shell/page-registry';
import { NotFoundPage } from './pages/not-found-page';
import { useAppStore } from './store/app-store';

function pageRoute(page: Pick<PageDefinition, 'id' | 'label' | 'element'>, path: string) {
  return (
    <Route
      key={page.id}
      path={path}
      element={
        // Keyed by page, so leaving a crashed page and coming back starts it afresh.
        <PageErrorBoundary key={page.id} pageLabel={page.label}>
          {page.element}
        </PageErrorBoundary>
      }
    />
  );
}

/**
 * Routes come from the page registry. A hash router, because the app is loaded from a
 * custom protocol in Electron and from a single HTTP path in serve mode. Module pages not in
 * the sidebar are reached through the catch-all under `/m/`, which finds them by address.
 */
export function App() {
  const pages = usePages();
  const loadInfo = useAppStore((s) => s.loadInfo);
  useEffect(() => {
    // The header and sidebar show the mode and version whichever page opens first.
    void loadInfo();
  }, [loadInfo]);
  return (
    <HashRouter>
      <Routes>
        <Route element={<AppShell />}>
          <Route index element={<Navigate to={DEFAULT_PAGE_PATH} replace />} />
          {pages.flatMap((page) => [
            pageRoute(page, page.path),
            ...(page.children ?? []).map((child) => pageRoute(child, childPath(page, child))),
          ])}
          {pageRoute({ id: 'module-pages', label: 'module', element: <ModuleOutlet /> }, `${MODULE_ROUTE_PREFIX}/:module/*`)}
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </HashRouter>
  );
}
