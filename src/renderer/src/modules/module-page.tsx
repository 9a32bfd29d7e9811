import { Component, createElement, Suspense, use, useState, type ErrorInfo, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import type { ModuleUiEntry } from '../../../shared/core-api';
import type { UiPage } from '../../../shared/manifest';
import { useAppStore } from '../store/app-store';
import { ErrorPanel } from '../ui/error-panel';
import { IconAlert, IconPuzzle, IconRefresh } from '../ui/icons';
import { PageHeader } from '../ui/page-header';
import { loadModuleEntry, ModuleLoadError, pickComponent, retryModuleEntry } from './module-loader';
import { findModulePage, splitModulePath } from './module-paths';

interface BoundaryProps {
  entry: ModuleUiEntry;
  page: UiPage;
  onRetry(): void;
  children: ReactNode;
}

/**
 * A module page that fails, on import or while rendering, shows which module broke and why;
 * the sidebar and every other page keep working.
 */
class ModuleErrorBoundary extends Component<BoundaryProps, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`Module ${this.props.entry.name}: its page ${this.props.page.path} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    const { entry, page } = this.props;
    if (!error) return this.props.children;
    const loading = error instanceof ModuleLoadError;
    return (
      <div className="page-crash" role="alert" data-testid="module-page-error" data-module={entry.name}>
        <div className="page-crash__icon">
          <IconAlert size={22} />
        </div>
        <h2 className="page-crash__title">
          {loading ? `${entry.displayName} could not load this page` : `${entry.displayName} stopped working on this page`}
        </h2>
        <p className="page-crash__text">
          {loading ? 'The page code of the module ' : 'An error was thrown by the module '}
          <code>{entry.name}</code> {entry.version} (page <code>{page.path}</code>). The rest of the app is fine.
        </p>
        <pre className="page-crash__error" data-testid="module-page-error-message">
          {error.message || error.name}
        </pre>
        <div className="page-crash__actions">
          <button type="button" className="btn btn--primary" onClick={this.props.onRetry}>
            <IconRefresh size={14} />
            Try again
          </button>
          <Link className="btn btn--secondary" to={`/modules/${entry.name}`}>
            Module details
          </Link>
        </div>
      </div>
    );
  }
}

interface PageMount {
  entry: ModuleUiEntry;
  page: UiPage;
  params: Record<string, string>;
}

function ModuleComponent({ entry, page, params }: PageMount) {
  const exports = use(loadModuleEntry(entry.entryUrl));
  // The module's own export, the same object on every render: looked up, never created here.
  return createElement(pickComponent(exports, page.component, entry), { module: entry.name, path: page.path, params });
}

/** Loads the module's page code with a dynamic import and mounts the export the manifest names. */
function ModulePage({ entry, page, params }: PageMount) {
  const [attempt, setAttempt] = useState(0);
  const retry = () => {
    retryModuleEntry(entry.entryUrl);
    setAttempt((n) => n + 1);
  };
  return (
    <div className="module-page" data-testid="module-page" data-module={entry.name} data-page={page.path}>
      <PageHeader
        title={page.title ?? entry.displayName}
        description={
          <Link className="module-origin" to={`/modules/${entry.name}`} title="The module's details, settings and log">
            <IconPuzzle size={13} />
            Module <span className="module-origin__name">{entry.name}</span>
            <span className="module-origin__version">{entry.version}</span>
          </Link>
        }
      />
      <ModuleErrorBoundary key={attempt} entry={entry} page={page} onRetry={retry}>
        <Suspense
          fallback={
            <div className="loading" role="status" data-testid="module-page-loading">
              <div className="loading__text">Loading {entry.displayName}…</div>
            </div>
          }
        >
          <div className="nx-root">
            <ModuleComponent entry={entry} page={page} params={params} />
          </div>
        </Suspense>
      </ModuleErrorBoundary>
    </div>
  );
}

function Notice({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <div className="empty-state empty-state--page" data-testid={testId}>
      <div className="empty-state__icon">
        <IconPuzzle size={22} />
      </div>
      <div className="empty-state__title">{title}</div>
      <p className="empty-state__text">{children}</p>
      <Link className="btn btn--secondary" to="/modules">
        Go to Modules
      </Link>
    </div>
  );
}

/**
 * Every module page goes through here: `/m/<module>/<page path>`. It finds the module among
 * the enabled ones and the page among its pages, and mounts it.
 */
export function ModuleOutlet() {
  const { pathname } = useLocation();
  const ui = useAppStore((s) => s.moduleUi);
  const loadModuleUi = useAppStore((s) => s.loadModuleUi);
  const { name, inner } = splitModulePath(pathname) ?? { name: '', inner: '/' };
  const entry = ui.data?.find((e) => e.name === name);
  if (!entry) {
    if (ui.data === null) {
      if (ui.error) return <ErrorPanel title="Could not load the module pages" error={ui.error} onRetry={() => void loadModuleUi()} retrying={ui.loading} />;
      return (
        <div className="loading" role="status" data-testid="loading">
          <div className="loading__text">Loading module pages…</div>
        </div>
      );
    }
    return (
      <Notice title={`No enabled module named ${name}`} testId="module-not-enabled">
        Its pages appear here once it is installed and enabled on the Modules page.
      </Notice>
    );
  }
  const found = findModulePage(entry, inner);
  if (!found) {
    return (
      <Notice title={`${entry.displayName} has no page at ${inner}`} testId="module-page-missing">
        The module may have moved or dropped this page in version {entry.version}.
      </Notice>
    );
  }
  return <ModulePage key={`${entry.name} ${entry.entryUrl} ${found.page.path}`} entry={entry} page={found.page} params={found.params} />;
}
