import { useRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { InstallReport } from '../../../../shared/core-api';
import type { RouteError } from '../../../../shared/result';
import { useAppStore } from '../../store/app-store';
import { PACKAGE_EXTENSION } from '../../store/modules-slice';
import { CopyButton } from '../../ui/copy-button';
import { formatBytes } from '../../ui/format';
import { IconAlert, IconCheckCircle, IconPower, IconRefresh, IconUpload, IconX } from '../../ui/icons';
import { issuesOf } from '../../ui/errors';
import { PermissionList } from '../../ui/permissions';

/** The hidden file input behind every "choose a file" on the page; in Electron it opens the system picker. */
export function usePackagePicker(): { input: ReactNode; open(): void } {
  const ref = useRef<HTMLInputElement>(null);
  const installModuleFile = useAppStore((s) => s.installModuleFile);
  const input = (
    <input
      ref={ref}
      type="file"
      accept={PACKAGE_EXTENSION}
      className="visually-hidden"
      tabIndex={-1}
      aria-hidden="true"
      data-testid="module-file-input"
      onChange={(e) => {
        const file = e.target.files?.[0];
        // Cleared, so picking the same file again (after fixing it) installs it again.
        e.target.value = '';
        if (file) void installModuleFile(file);
      }}
    />
  );
  return { input, open: () => ref.current?.click() };
}

const ACTION_TEXT: Record<InstallReport['action'], string> = {
  installed: 'Installed',
  upgraded: 'Upgraded',
  reinstalled: 'Reinstalled',
  downgraded: 'Downgraded',
};

function Report({ report }: { report: InstallReport }) {
  const dismissInstall = useAppStore((s) => s.dismissInstall);
  const module = useAppStore((s) => s.modules.data?.find((m) => m.name === report.name));
  const busy = useAppStore((s) => s.moduleBusy[report.name]);
  const runModuleAction = useAppStore((s) => s.runModuleAction);
  const enabled = module?.state === 'ENABLED';
  return (
    <section className="card install-report" aria-labelledby="install-report-title" data-testid="install-report">
      <div className="install-report__head">
        <span className="install-report__icon">
          <IconCheckCircle size={20} />
        </span>
        <div className="install-report__heading">
          <h2 className="install-report__title" id="install-report-title">
            {ACTION_TEXT[report.action]} {report.displayName} {report.version}
          </h2>
          <p className="install-report__lead">
            {report.previousVersion ? `Replaces version ${report.previousVersion}; its data is kept. ` : ''}
            The package was checked before any of its code ran. Compare the checksum with the one its author published.
          </p>
        </div>
        <button type="button" className="icon-btn" aria-label="Close the report" onClick={dismissInstall}>
          <IconX size={14} />
        </button>
      </div>
      <dl className="facts install-report__facts">
        <div className="facts__row">
          <dt className="facts__label">Module</dt>
          <dd className="facts__value" data-testid="install-report-name">
            <span className="mono">{report.name}</span>
            <span className="tag">{report.version}</span>
          </dd>
        </div>
        <div className="facts__row">
          <dt className="facts__label">Author</dt>
          <dd className="facts__value" data-testid="install-report-author">
            {report.author ?? <span className="muted">Not given</span>}
          </dd>
        </div>
        <div className="facts__row">
          <dt className="facts__label">Permissions</dt>
          <dd className="facts__value">
            <PermissionList permissions={report.permissions} testId="install-report-permissions" />
          </dd>
        </div>
        <div className="facts__row">
          <dt className="facts__label">SHA-256</dt>
          <dd className="facts__value facts__value--mono">
            <span className="hash" data-testid="install-report-sha256">
              {report.sha256}
            </span>
            <CopyButton value={report.sha256} label="SHA-256 checksum" />
          </dd>
        </div>
        <div className="facts__row">
          <dt className="facts__label">Contents</dt>
          <dd className="facts__value">
            {report.files} files, {formatBytes(report.bytes)}
          </dd>
        </div>
      </dl>
      <div className="install-report__actions">
        {enabled ? (
          <span className="install-report__enabled" data-testid="install-report-enabled">
            <IconCheckCircle size={15} /> Enabled
          </span>
        ) : (
          <button
            type="button"
            className="btn btn--primary"
            disabled={Boolean(busy)}
            onClick={() => void runModuleAction(report.name, 'enable')}
            data-testid="install-enable"
          >
            <IconPower size={14} />
            {busy === 'enable' ? 'Enabling…' : `Enable ${report.displayName}`}
          </button>
        )}
        <Link className="btn btn--secondary" to={`/modules/${report.name}`} data-testid="install-details">
          Details
        </Link>
      </div>
    </section>
  );
}

function Failure({ fileName, error, canForce }: { fileName: string; error: RouteError; canForce: boolean }) {
  const dismissInstall = useAppStore((s) => s.dismissInstall);
  const install = useAppStore((s) => s.install);
  const installModuleFile = useAppStore((s) => s.installModuleFile);
  const issues = issuesOf(error);
  return (
    <div className="error-panel install-error" role="alert" data-testid="install-error">
      <IconAlert size={20} className="icon error-panel__icon" />
      <div className="error-panel__body">
        <div className="error-panel__title">{fileName} was not installed</div>
        <div className="install-error__message" data-testid="install-error-message">
          {error.message}
        </div>
        {issues.length > 0 && (
          <ul className="install-error__issues">
            {issues.map((issue, i) => (
              <li key={i}>
                <code>{issue.field}</code> {issue.message}
              </li>
            ))}
          </ul>
        )}
        <div className="error-panel__code">{error.code}</div>
        {canForce && install.phase === 'failed' && install.file && (
          <div className="install-error__actions">
            <button
              type="button"
              className="btn btn--secondary"
              onClick={() => install.file && void installModuleFile(install.file, { force: true })}
              data-testid="install-force"
            >
              <IconRefresh size={14} />
              Install anyway
            </button>
          </div>
        )}
      </div>
      <button type="button" className="icon-btn" aria-label="Dismiss" onClick={dismissInstall}>
        <IconX size={14} />
      </button>
    </div>
  );
}

/** Where a package is picked or dropped, and what became of the last one. */
export function InstallPanel({ onPick, compact }: { onPick(): void; compact: boolean }) {
  const install = useAppStore((s) => s.install);
  return (
    <div className="stack">
      <div className={`drop-zone${compact ? ' drop-zone--compact' : ''}`} data-testid="drop-zone">
        <span className="drop-zone__icon">
          <IconUpload size={compact ? 18 : 22} />
        </span>
        <div className="drop-zone__text">
          <div className="drop-zone__title">
            {install.phase === 'busy' ? `Installing ${install.fileName}…` : 'Install a module from a .nxmod file'}
          </div>
          <p className="drop-zone__hint">
            Drop the file anywhere on this page, or{' '}
            <button type="button" className="link-button" onClick={onPick} disabled={install.phase === 'busy'} data-testid="drop-zone-choose">
              choose it
            </button>
            . Its manifest, permissions and checksum are checked before any of its code runs.
          </p>
        </div>
        {install.phase === 'busy' && <IconRefresh size={16} className="icon spin drop-zone__spinner" />}
      </div>
      {install.phase === 'done' && <Report report={install.report} />}
      {install.phase === 'failed' && (
        <Failure fileName={install.fileName} error={install.error} canForce={install.error.code === 'CONFLICT' && /--force/.test(install.error.message)} />
      )}
    </div>
  );
}
