import { useState } from 'react';
import { Link } from 'react-router';
import type { ModuleListItem } from '../../../../shared/core-api';
import { IconAlert, IconChevronRight, IconPackage } from '../../ui/icons';
import { ModuleStateBadge } from '../../ui/module-state';
import { PermissionList } from '../../ui/permissions';
import { ModuleActions } from './module-actions';
import { UninstallDialog } from './uninstall-dialog';

/** Where the module came from: shipped with the app, or installed from a package. */
export function SourceText({ source }: { source: ModuleListItem['source'] }) {
  return <span data-testid="module-source">{source === 'built-in' ? 'built into the app' : 'installed from a package'}</span>;
}

/** The last error, in full: it is written to be read, so it is never hidden in a tooltip. */
export function ModuleError({ module, testId }: { module: Pick<ModuleListItem, 'error'>; testId?: string }) {
  if (!module.error) return null;
  return (
    <div className="module-error" role="status" data-testid={testId}>
      <IconAlert size={15} className="icon module-error__icon" />
      <div className="module-error__text">{module.error}</div>
    </div>
  );
}

function ModuleRow({ module, onUninstall }: { module: ModuleListItem; onUninstall(): void }) {
  return (
    <li className="module-row" data-testid={`module-card-${module.name}`} data-state={module.state}>
      <span className={`module-row__icon${module.state === 'ENABLED' ? ' module-row__icon--on' : ''}`}>
        <IconPackage size={20} />
      </span>
      <div className="module-row__main">
        <div className="module-row__title">
          <Link className="module-row__name" to={`/modules/${module.name}`} data-testid={`module-details-${module.name}`}>
            {module.displayName}
          </Link>
          <span className="mono module-row__version">{module.version}</span>
          <ModuleStateBadge state={module.state} testId={`module-state-${module.name}`} />
        </div>
        <div className="module-row__meta">
          <span className="mono">{module.name}</span>
          <span aria-hidden="true">·</span>
          <SourceText source={module.source} />
          {module.author && (
            <>
              <span aria-hidden="true">·</span>
              <span>by {module.author}</span>
            </>
          )}
          {module.hasUi && (
            <>
              <span aria-hidden="true">·</span>
              <span>has pages</span>
            </>
          )}
        </div>
        {module.description && <p className="module-row__description">{module.description}</p>}
        <PermissionList permissions={module.permissions} testId={`module-permissions-${module.name}`} />
        <ModuleError module={module} testId={`module-error-${module.name}`} />
      </div>
      <div className="module-row__side">
        <ModuleActions module={module} onUninstall={onUninstall} />
        <Link className="link module-row__more" to={`/modules/${module.name}`}>
          Settings, log and API
          <IconChevronRight size={14} />
        </Link>
      </div>
    </li>
  );
}

/** Every module, installed or built in, with its state, and what can be done with it. */
export function ModuleList({ modules }: { modules: ModuleListItem[] }) {
  const [uninstalling, setUninstalling] = useState<ModuleListItem | null>(null);
  return (
    <section className="card card--flush" aria-labelledby="module-list-title" data-testid="module-list">
      <div className="card__header">
        <h2 className="card__title" id="module-list-title">
          Modules
        </h2>
        <span className="count" data-testid="module-count">
          {modules.length}
        </span>
      </div>
      <ul className="module-rows">
        {modules.map((m) => (
          <ModuleRow key={m.name} module={m} onUninstall={() => setUninstalling(m)} />
        ))}
      </ul>
      <UninstallDialog module={uninstalling} onClose={() => setUninstalling(null)} />
    </section>
  );
}
