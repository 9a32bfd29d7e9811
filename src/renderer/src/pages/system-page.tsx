import { useEffect, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { CoreInfo } from '../../../shared/core-api';
import { useAppStore } from '../store/app-store';
import { AsyncView, SkeletonLines } from '../ui/async-view';
import { CopyButton } from '../ui/copy-button';
import { formatBytes, formatDateTime } from '../ui/format';
import { IconDatabase, IconPackage, IconServer, IconTag } from '../ui/icons';
import { PageHeader, RefreshButton } from '../ui/page-header';
import { ModulesTable } from './modules-table';

const MODE_LABEL: Record<CoreInfo['mode'], string> = {
  desktop: 'Desktop',
  serve: 'Serve (headless)',
  cli: 'Command line',
};

function Fact({ label, testId, children, mono = false }: { label: string; testId: string; children: ReactNode; mono?: boolean }) {
  return (
    <div className="facts__row">
      <dt className="facts__label">{label}</dt>
      <dd className={mono ? 'facts__value facts__value--mono' : 'facts__value'} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** Splits after each separator, so a long path wraps between folders, never inside a name. */
function pathSegments(path: string): string[] {
  return path.match(/[^/\\]*[/\\]?/g)?.filter(Boolean) ?? [path];
}

function PathValue({ path, label, testId }: { path: string; label: string; testId: string }) {
  return (
    <span className="path-value">
      <span className="path-value__text" data-testid={testId} title={path}>
        {pathSegments(path).map((segment, i) => (
          <span key={i} className="path-value__segment">
            {segment}
          </span>
        ))}
      </span>
      <CopyButton value={path} label={label} />
    </span>
  );
}

function Stat({ icon, label, value, hint, testId }: { icon: ReactNode; label: string; value: string; hint: string; testId: string }) {
  return (
    <div className="stat card" data-testid={testId}>
      <div className="stat__head">
        <span className="stat__icon">{icon}</span>
        <span className="stat__label">{label}</span>
      </div>
      <div className="stat__value">{value}</div>
      <div className="stat__hint">{hint}</div>
    </div>
  );
}

function SystemDetails({ info }: { info: CoreInfo }) {
  const size = formatBytes(info.databaseSizeBytes);
  const moduleCount = info.modules.length;
  return (
    <div className="stack">
      <div className="stats">
        <Stat testId="stat-version" icon={<IconTag size={15} />} label="Version" value={info.appVersion} hint={info.appName} />
        <Stat
          testId="stat-mode"
          icon={<IconServer size={15} />}
          label="Mode"
          value={MODE_LABEL[info.mode]}
          hint={info.electronVersion ? `Electron ${info.electronVersion}` : `Node.js ${info.nodeVersion}`}
        />
        <Stat testId="stat-database" icon={<IconDatabase size={15} />} label="Database" value={size} hint={`SQLite ${info.sqliteVersion}`} />
        <Stat
          testId="stat-modules"
          icon={<IconPackage size={15} />}
          label="Modules"
          value={String(moduleCount)}
          hint={moduleCount === 1 ? 'module installed' : 'modules installed'}
        />
      </div>

      <div className="grid-2">
        <section className="card" aria-labelledby="storage-title">
          <h2 className="card__title" id="storage-title">
            Storage
          </h2>
          <dl className="facts">
            <Fact label="Data folder" testId="system-data-dir-row" mono>
              <PathValue path={info.dataDir} label="data folder" testId="system-data-dir" />
            </Fact>
            <Fact label="Database file" testId="system-database-file-row" mono>
              <PathValue path={info.databaseFile} label="database file path" testId="system-database-file" />
            </Fact>
            <Fact label="Database size" testId="system-database-size-row">
              <span data-testid="system-database-size" data-bytes={info.databaseSizeBytes} title={`${info.databaseSizeBytes.toLocaleString()} bytes, with the WAL and shared-memory files`}>
                {size}
              </span>
            </Fact>
            <Fact label="SQLite version" testId="system-sqlite-version">
              {info.sqliteVersion}
            </Fact>
            <Fact label="Core schema version" testId="system-schema-version">
              {info.coreSchemaVersion}
            </Fact>
          </dl>
        </section>

        <section className="card" aria-labelledby="runtime-title">
          <h2 className="card__title" id="runtime-title">
            Application
          </h2>
          <dl className="facts">
            <Fact label="App version" testId="system-app-version">
              {info.appVersion}
            </Fact>
            <Fact label="Mode" testId="system-mode">
              {MODE_LABEL[info.mode]}
            </Fact>
            <Fact label="Started at" testId="system-started-at">
              {formatDateTime(info.startedAt, info.timezone)}
            </Fact>
            <Fact label="Time zone" testId="system-timezone-row">
              <span data-testid="system-timezone">{info.timezone}</span>
              <Link className="link facts__action" to="/settings">
                Change
              </Link>
            </Fact>
            <Fact label="Platform" testId="system-platform">
              {info.platform}
            </Fact>
            <Fact label="Node.js" testId="system-node-version">
              {info.nodeVersion}
            </Fact>
            <Fact label="Electron" testId="system-electron-version">
              {info.electronVersion ?? <span className="muted">Not running in Electron</span>}
            </Fact>
          </dl>
        </section>
      </div>

      <ModulesTable modules={info.modules} />
    </div>
  );
}

/** Real facts about this installation: versions, where the data lives, what is installed. */
export function SystemPage() {
  const info = useAppStore((s) => s.info);
  const loadInfo = useAppStore((s) => s.loadInfo);
  useEffect(() => {
    // Fresh on every visit: the database grows while the app runs.
    void loadInfo();
  }, [loadInfo]);
  return (
    <div data-testid="system-page">
      <PageHeader
        title="System"
        description="What this installation runs on, and where it keeps its data."
        actions={<RefreshButton loading={info.loading} onClick={() => void loadInfo()} />}
      />
      <AsyncView state={info} what="system information" onRetry={() => void loadInfo()} skeleton={<SkeletonLines lines={6} />}>
        {(data) => <SystemDetails info={data} />}
      </AsyncView>
    </div>
  );
}
