import { Link } from 'react-router';
import { useAppStore } from '../../store/app-store';
import { AsyncView } from '../../ui/async-view';
import { IconGauge } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { WidgetCard } from './widget-card';
import './dashboard.css';

/** Every enabled module's widgets on one page; they come and go with their modules. */
export function DashboardPage() {
  const ui = useAppStore((s) => s.moduleUi);
  const loadModuleUi = useAppStore((s) => s.loadModuleUi);
  return (
    <div data-testid="dashboard-page">
      <PageHeader title="Dashboard" description="Widgets of the enabled modules, updated as their data changes." />
      <AsyncView state={ui} what="the module widgets" onRetry={() => void loadModuleUi()}>
        {(entries) => {
          const widgets = entries.flatMap((entry) => entry.widgets.map((widget) => ({ entry, widget })));
          if (widgets.length === 0) {
            return (
              <div className="card empty-state" data-testid="dashboard-empty">
                <div className="empty-state__icon">
                  <IconGauge size={22} />
                </div>
                <div className="empty-state__title">No widgets yet</div>
                <p className="empty-state__text">Modules can bring dashboard widgets; they appear here when such a module is enabled.</p>
                <Link className="btn btn--secondary" to="/modules">
                  Go to Modules
                </Link>
              </div>
            );
          }
          return (
            <div className="dashboard-grid">
              {widgets.map(({ entry, widget }) => (
                <WidgetCard key={`${entry.name}:${entry.entryUrl}:${widget.id}`} entry={entry} widget={widget} />
              ))}
            </div>
          );
        }}
      </AsyncView>
    </div>
  );
}
