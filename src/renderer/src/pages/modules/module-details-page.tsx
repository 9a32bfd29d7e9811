import { useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { ModuleDetail } from '../../../../shared/core-api';
import { useAppStore } from '../../store/app-store';
import { AsyncView, SkeletonLines } from '../../ui/async-view';
import { IconArrowLeft, IconPackage } from '../../ui/icons';
import { ModuleStateBadge } from '../../ui/module-state';
import { RefreshButton } from '../../ui/page-header';
import { Tabs, type TabItem } from '../../ui/tabs';
import { ApiReference } from './api-reference';
import { ModuleActions } from './module-actions';
import { ModuleError, SourceText } from './module-list';
import { ModuleLog } from './module-log';
import { ModuleOverview } from './module-overview';
import { ModuleSettingsForm } from './module-settings-form';
import { UninstallDialog } from './uninstall-dialog';

type TabKey = 'overview' | 'settings' | 'log' | 'api';
const TAB_KEYS: readonly TabKey[] = ['overview', 'settings', 'log', 'api'];

function Count({ n }: { n: number }) {
  return <span className="tabs__count">{n}</span>;
}

function Details({ detail, refresh }: { detail: ModuleDetail; refresh: ReactNode }) {
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const [uninstalling, setUninstalling] = useState(false);
  const requested = search.get('tab');
  const tab: TabKey = TAB_KEYS.includes(requested as TabKey) ? (requested as TabKey) : 'overview';
  const tabs: TabItem<TabKey>[] = [
    { key: 'overview', label: 'Overview' },
    { key: 'settings', label: <>Settings {detail.settings.length > 0 && <Count n={detail.settings.length} />}</> },
    { key: 'log', label: 'Log' },
    { key: 'api', label: <>API reference {detail.routes.length > 0 && <Count n={detail.routes.length} />}</> },
  ];
  return (
    <>
      <div className="module-head">
        <span className={`module-row__icon module-head__icon${detail.state === 'ENABLED' ? ' module-row__icon--on' : ''}`}>
          <IconPackage size={24} />
        </span>
        <div className="module-head__main">
          <div className="module-head__title">
            <h1 className="page-header__title" data-testid="module-detail-title">
              {detail.displayName}
            </h1>
            <ModuleStateBadge state={detail.state} testId="module-detail-state" />
          </div>
          <div className="module-row__meta">
            <span className="mono">{detail.name}</span>
            <span aria-hidden="true">·</span>
            <span className="mono">{detail.version}</span>
            <span aria-hidden="true">·</span>
            <SourceText source={detail.source} />
            {detail.author && (
              <>
                <span aria-hidden="true">·</span>
                <span>by {detail.author}</span>
              </>
            )}
          </div>
        </div>
        <div className="module-head__actions">
          {refresh}
          <ModuleActions module={detail} onUninstall={() => setUninstalling(true)} />
        </div>
      </div>
      <ModuleError module={detail} testId="module-detail-error" />
      <Tabs tabs={tabs} active={tab} onChange={(key) => setSearch(key === 'overview' ? {} : { tab: key }, { replace: true })} label="Module details" />
      <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`} className="tabpanel">
        {tab === 'overview' && <ModuleOverview detail={detail} />}
        {tab === 'settings' && <ModuleSettingsForm key={detail.name} name={detail.name} settings={detail.settings} />}
        {tab === 'log' && <ModuleLog name={detail.name} />}
        {tab === 'api' && <ApiReference routes={detail.routes} enabled={detail.state === 'ENABLED'} />}
      </div>
      <UninstallDialog
        module={uninstalling ? detail : null}
        onClose={() => setUninstalling(false)}
        onDone={() => void navigate('/modules', { replace: true })}
      />
    </>
  );
}

/** One module: overview, settings form, log and API reference, in tabs. */
export function ModuleDetailsPage() {
  const { name = '' } = useParams();
  const detailName = useAppStore((s) => s.detailName);
  const detail = useAppStore((s) => s.moduleDetail);
  const loadModuleDetail = useAppStore((s) => s.loadModuleDetail);
  useEffect(() => {
    void loadModuleDetail(name);
  }, [loadModuleDetail, name]);
  // Until this module's own details arrive, another's are never shown.
  const state = detailName === name ? detail : { data: null, loading: true, error: null };
  return (
    <div data-testid="module-details-page" data-module={name}>
      <div className="module-details__top">
        <Link className="back-link" to="/modules" data-testid="back-to-modules">
          <IconArrowLeft size={14} />
          Modules
        </Link>
      </div>
      <AsyncView state={state} what={`the module ${name}`} onRetry={() => void loadModuleDetail(name)} skeleton={<SkeletonLines lines={6} />}>
        {(data) => <Details detail={data} refresh={<RefreshButton loading={state.loading} onClick={() => void loadModuleDetail(name)} />} />}
      </AsyncView>
    </div>
  );
}
