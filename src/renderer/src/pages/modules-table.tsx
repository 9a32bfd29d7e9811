import { Link } from 'react-router';
import type { ModuleSummary } from '../../../shared/core-api';
import { IconPackage } from '../ui/icons';
import { ModuleStateBadge } from '../ui/module-state';

/** Installed modules, or an honest empty state: never placeholder rows. */
export function ModulesTable({ modules }: { modules: ModuleSummary[] }) {
  return (
    <section className="card card--flush" aria-labelledby="modules-title" data-testid="modules-card">
      <div className="card__header">
        <h2 className="card__title" id="modules-title">
          Installed modules
        </h2>
        <span className="count" data-testid="modules-count">
          {modules.length}
        </span>
        <Link className="link card__header-action" to="/modules">
          Manage
        </Link>
      </div>
      {modules.length === 0 ? (
        <div className="empty-state" data-testid="modules-empty">
          <div className="empty-state__icon">
            <IconPackage size={22} />
          </div>
          <div className="empty-state__title">No modules installed yet</div>
          <p className="empty-state__text">
            Modules bring meters, scraping jobs and reports. Each one you install is listed here with its version and state.
          </p>
          <Link className="btn btn--secondary" to="/modules">
            Install a module
          </Link>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="modules-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Version</th>
                <th scope="col">Source</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {modules.map((m) => (
                <tr key={m.name} data-testid={`module-row-${m.name}`}>
                  <td className="table__strong">
                    <Link className="link" to={`/modules/${m.name}`}>
                      {m.name}
                    </Link>
                  </td>
                  <td className="mono">{m.version}</td>
                  <td>{m.source === 'built-in' ? 'Built-in' : 'Installed'}</td>
                  <td>
                    <ModuleStateBadge state={m.state} />
                    {m.error && <div className="table__error">{m.error}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
