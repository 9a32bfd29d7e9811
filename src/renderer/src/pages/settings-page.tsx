import { useEffect } from 'react';
import { useAppStore } from '../store/app-store';
import { AsyncView, SkeletonLines } from '../ui/async-view';
import { PageHeader, RefreshButton } from '../ui/page-header';
import { SettingField } from './setting-field';

/** The core's settings; each one is saved on its own and validated by the server. */
export function SettingsPage() {
  const settings = useAppStore((s) => s.settings);
  const loadSettings = useAppStore((s) => s.loadSettings);
  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);
  return (
    <div data-testid="settings-page">
      <PageHeader
        title="Settings"
        description="Preferences of the app itself. Each module’s settings are on its page under Modules."
        actions={<RefreshButton loading={settings.loading} onClick={() => void loadSettings()} />}
      />
      <AsyncView state={settings} what="settings" onRetry={() => void loadSettings()} skeleton={<SkeletonLines lines={3} />}>
        {(list) => (
          <section className="card card--flush" aria-labelledby="general-title">
            <div className="card__header">
              <h2 className="card__title" id="general-title">
                General
              </h2>
            </div>
            {list.length === 0 ? (
              <div className="empty-state">
                <div className="empty-state__title">No settings</div>
              </div>
            ) : (
              list.map((setting) => <SettingField key={`${setting.key}:${String(setting.value)}`} setting={setting} />)
            )}
          </section>
        )}
      </AsyncView>
    </div>
  );
}
