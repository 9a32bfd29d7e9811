import { Component, createElement, Suspense, use, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { WidgetProps } from '@nxforge/sdk/ui';
import type { ModuleUiEntry } from '../../../../shared/core-api';
import type { WidgetSpec } from '../../../../shared/manifest';
import { loadModuleEntry, pickComponent, retryModuleEntry } from '../../modules/module-loader';
import { IconAlert, IconRefresh } from '../../ui/icons';

interface BoundaryProps {
  onRetry(): void;
  children: ReactNode;
}

/** A widget that fails to load or render says so in its own card; the others keep working. */
class WidgetBoundary extends Component<BoundaryProps, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="stack" style={{ gap: 10 }} data-testid="widget-error">
        <div className="widget-card__error">
          <IconAlert size={14} /> {error.message || error.name}
        </div>
        <div>
          <button type="button" className="btn btn--secondary btn--small" onClick={this.props.onRetry}>
            <IconRefresh size={13} />
            Try again
          </button>
        </div>
      </div>
    );
  }
}

function WidgetComponent({ entry, widget }: { entry: ModuleUiEntry; widget: WidgetSpec }) {
  const exports = use(loadModuleEntry(entry.entryUrl));
  // Widgets are named exports like pages; they get the module's name and their own id.
  const component = pickComponent(exports, widget.component, entry) as unknown as ComponentType<WidgetProps>;
  return createElement(component, { module: entry.name, widget: widget.id });
}

/** One module widget in a card headed by its title, loaded from the module's page code. */
export function WidgetCard({ entry, widget }: { entry: ModuleUiEntry; widget: WidgetSpec }) {
  const [attempt, setAttempt] = useState(0);
  const [refresh, setRefresh] = useState(0);
  const everySeconds = widget.refreshInterval ?? 0;
  // refreshInterval (seconds) remounts the widget on a timer, for data that no event announces.
  useEffect(() => {
    if (everySeconds <= 0) return;
    const timer = setInterval(() => setRefresh((n) => n + 1), everySeconds * 1000);
    return () => clearInterval(timer);
  }, [everySeconds]);
  const retry = () => {
    retryModuleEntry(entry.entryUrl);
    setAttempt((n) => n + 1);
  };
  return (
    <section className={`card widget-card widget-card--${widget.size ?? 'medium'}`} data-testid={`widget-${entry.name}-${widget.id}`}>
      <header className="card__header">
        <h2 className="card__title">{widget.title}</h2>
        <Link className="widget-card__module" to={`/modules/${entry.name}`} title="The module that brings this widget">
          {entry.displayName}
        </Link>
      </header>
      <div className="widget-card__body">
        <WidgetBoundary key={attempt} onRetry={retry}>
          <Suspense fallback={<div className="loading__text">Loading…</div>}>
            <div className="nx-root" key={refresh}>
              <WidgetComponent entry={entry} widget={widget} />
            </div>
          </Suspense>
        </WidgetBoundary>
      </div>
    </section>
  );
}
