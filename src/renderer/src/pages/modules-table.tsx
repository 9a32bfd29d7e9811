import type { ModuleSummary } from '../../../shared/core-api';
import { IconPackage } from '../ui/icons';

const STATE_TONE: Record<string, string> = {
  enabled: 'success',
  running: 'success',
  active: 'success',
  disabled: 'neutral',
  error: 'danger',
  failed: 'danger',
};

function StateBadge({ state }: { state: string }) {
  const tone = STATE_TONE[state.toLowerCase()] ?? 'neutral';
  return <span className={`badge badge--${tone}`}>{state}</span>;
}

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
                  <td className="table__strong">{m.name}</td>
                  <td className="mono">{m.version}</td>
                  <td>{m.source === 'built-in' ? 'Built-in' : 'Installed'}</td>
                  <td>
                    <StateBadge state={m.state} />
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
