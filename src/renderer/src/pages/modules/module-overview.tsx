import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ModuleDetail } from '../../../../shared/core-api';
import { moduleRoot, modulePath } from '../../modules/module-paths';
import { useAppStore } from '../../store/app-store';
import { CopyButton } from '../../ui/copy-button';
import { formatDateTime } from '../../ui/format';
import { IconChevronRight } from '../../ui/icons';
import { PermissionList } from '../../ui/permissions';

function formatDuration(ms: number): string {
  if (ms < 1) return 'under 1 ms';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function Fact({ label, children, testId, mono = false }: { label: string; children: ReactNode; testId?: string; mono?: boolean }) {
  return (
    <div className="facts__row">
      <dt className="facts__label">{label}</dt>
      <dd className={mono ? 'facts__value facts__value--mono' : 'facts__value'} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function homepageOf(detail: ModuleDetail): string | null {
  const author = detail.manifest.author;
  const url = detail.manifest.homepage ?? (typeof author === 'object' ? author.url : undefined);
  return url && /^https?:\/\//.test(url) ? url : null;
}

function Pages({ detail }: { detail: ModuleDetail }) {
  const pages = detail.manifest.ui?.pages ?? [];
  if (pages.length === 0) return <p className="muted">This module brings no pages.</p>;
  const enabled = detail.state === 'ENABLED';
  return (
    <ul className="link-list">
      {pages.map((page) => {
        const path = modulePath(moduleRoot(detail.name), page.path);
        const routable = enabled && !page.path.includes(':');
        return (
          <li key={page.path}>
            {routable ? (
              <Link className="link-list__item" to={path}>
                <span>{page.title ?? page.component}</span>
                <span className="mono muted">{page.path}</span>
                <IconChevronRight size={14} />
              </Link>
            ) : (
              <span className="link-list__item link-list__item--plain">
                <span>{page.title ?? page.component}</span>
                <span className="mono muted">{page.path}</span>
              </span>
            )}
          </li>
        );
      })}
      {!enabled && <li className="muted link-list__note">Enable the module to open its pages.</li>}
    </ul>
  );
}

function Jobs({ detail }: { detail: ModuleDetail }) {
  const jobs = Object.entries(detail.manifest.jobs ?? {});
  if (jobs.length === 0) return <p className="muted">This module declares no jobs.</p>;
  return (
    <ul className="plain-list">
      {jobs.map(([key, job]) => (
        <li key={key}>
          <div className="plain-list__title">
            {job.name} <span className="mono muted">{key}</span>
          </div>
          {job.description && <div className="plain-list__text">{job.description}</div>}
          <div className="plain-list__text muted">{job.schedule ? `Runs on the schedule ${job.schedule}` : 'Runs when started by hand'}</div>
        </li>
      ))}
    </ul>
  );
}

function Database({ detail, timeZone }: { detail: ModuleDetail; timeZone: string | undefined }) {
  return (
    <>
      <h3 className="subheading">Tables</h3>
      {detail.tables.length === 0 ? (
        <p className="muted">No tables yet{detail.state === 'ENABLED' ? '' : ': they are made by its migrations when it is enabled'}.</p>
      ) : (
        <ul className="chips" data-testid="module-tables">
          {detail.tables.map((t) => (
            <li key={t} className="chip mono">
              {t}
            </li>
          ))}
        </ul>
      )}
      <h3 className="subheading">Migrations</h3>
      {detail.migrations.length === 0 ? (
        <p className="muted">None applied.</p>
      ) : (
        <ul className="plain-list" data-testid="module-migrations">
          {detail.migrations.map((m) => (
            <li key={m.filename}>
              <div className="plain-list__title mono">{m.filename}</div>
              <div className="plain-list__text muted">
                Applied {formatDateTime(m.appliedAt, timeZone)} in {formatDuration(m.executionMs)} ·{' '}
                <span className="mono" title={`sha256 ${m.checksum}`}>
                  {m.checksum.slice(0, 12)}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** What the module is, who made it, what it may do, and what it has put in the database. */
export function ModuleOverview({ detail }: { detail: ModuleDetail }) {
  const timeZone = useAppStore((s) => s.info.data?.timezone);
  const homepage = homepageOf(detail);
  return (
    <div className="grid-2 grid-2--top">
      <div className="stack">
        <section className="card" aria-labelledby="about-title">
          <h2 className="card__title" id="about-title">
            About
          </h2>
          {detail.description && (
            <p className="lead-text" data-testid="module-description">
              {detail.description}
            </p>
          )}
          <dl className="facts">
            <Fact label="Author" testId="module-author">
              {detail.author ?? <span className="muted">Not given</span>}
            </Fact>
            <Fact label="License">{detail.license ?? <span className="muted">Not given</span>}</Fact>
            {homepage && (
              <Fact label="Homepage">
                <a className="link" href={homepage} target="_blank" rel="noreferrer noopener">
                  {homepage}
                </a>
              </Fact>
            )}
            <Fact label="Source">{detail.source === 'built-in' ? 'Built into the app' : 'Installed from a package'}</Fact>
            <Fact label="Installed">{formatDateTime(detail.installedAt, timeZone)}</Fact>
            <Fact label="Updated">{formatDateTime(detail.updatedAt, timeZone)}</Fact>
            <Fact label="SHA-256" mono>
              {detail.sha256 ? (
                <>
                  <span className="hash" data-testid="module-sha256">
                    {detail.sha256}
                  </span>
                  <CopyButton value={detail.sha256} label="SHA-256 checksum" />
                </>
              ) : (
                <span className="muted">None: built-in modules are part of the app</span>
              )}
            </Fact>
            <Fact label="Needs app">
              <span className="mono">{detail.manifest.engines.nxforge}</span>
            </Fact>
          </dl>
        </section>
        <section className="card" aria-labelledby="permissions-title">
          <h2 className="card__title" id="permissions-title">
            Permissions
          </h2>
          <PermissionList permissions={detail.permissions} testId="module-permissions" />
        </section>
      </div>
      <div className="stack">
        <section className="card" aria-labelledby="pages-title">
          <h2 className="card__title" id="pages-title">
            Pages
          </h2>
          <Pages detail={detail} />
        </section>
        <section className="card" aria-labelledby="jobs-title">
          <h2 className="card__title" id="jobs-title">
            Jobs
          </h2>
          <Jobs detail={detail} />
        </section>
        <section className="card" aria-labelledby="database-title">
          <h2 className="card__title" id="database-title">
            Database
          </h2>
          <Database detail={detail} timeZone={timeZone} />
        </section>
      </div>
    </div>
  );
}
