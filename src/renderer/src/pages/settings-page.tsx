import { useEffect } from 'react';
import type { SettingDescriptor } from '../../../shared/core-api';
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
        {(all) => {
          const list = all.filter((s) => !s.key.startsWith(DESKTOP_PREFIX));
          const desktop = all.filter((s) => s.key.startsWith(DESKTOP_PREFIX));
          return (
            <div className="stack">
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
              {desktop.length > 0 && <DesktopSettings settings={desktop} />}
            </div>
          );
        }}
      </AsyncView>
    </div>
  );
}

const DESKTOP_PREFIX = 'desktop.';

/** Tray, start at login and notifications: used by the desktop app, stored with the core's settings. */
function DesktopSettings({ settings }: { settings: SettingDescriptor[] }) {
  const mode = useAppStore((s) => s.info.data?.mode);
  return (
    <section className="card card--flush" aria-labelledby="desktop-title" data-testid="settings-desktop">
      <div className="card__header">
        <h2 className="card__title" id="desktop-title">
          Desktop app
        </h2>
        {mode !== undefined && mode !== 'desktop' && (
          <span className="card__header-note setting__description" data-testid="settings-desktop-note">
            Stored here; they take effect in the desktop app.
          </span>
        )}
      </div>
      {settings.map((setting) => (
        <SettingField key={`${setting.key}:${String(setting.value)}`} setting={setting} />
      ))}
    </section>
  );
}
