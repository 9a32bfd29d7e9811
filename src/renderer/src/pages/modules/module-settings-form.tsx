import { useState, type FormEvent } from 'react';
import type { ModuleSettingView } from '../../../../shared/core-api';
import { useAppStore } from '../../store/app-store';
import { ConfigField } from '../../ui/config-field';
import { ErrorPanel } from '../../ui/error-panel';
import { fieldIssue, issuesOf } from '../../ui/errors';
import { IconSliders } from '../../ui/icons';

type Draft = Record<string, string | boolean>;

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function initialDraft(settings: ModuleSettingView[]): Draft {
  const draft: Draft = {};
  for (const s of settings) draft[s.key] = s.type === 'boolean' ? s.value === true : s.type === 'secret' ? '' : text(s.value);
  return draft;
}

/** The value to send for a field's draft: empty text means "no value" (the default, or required). */
function toValue(setting: ModuleSettingView, draft: string | boolean): unknown {
  if (setting.type === 'boolean') return draft === true;
  const raw = String(draft);
  if (setting.type === 'number' || setting.type === 'integer') return raw.trim() === '' ? null : Number(raw);
  if (setting.type === 'secret') return raw;
  return raw === '' ? null : raw;
}

function isChanged(setting: ModuleSettingView, draft: string | boolean | undefined, initial: Draft): boolean {
  if (draft === undefined) return false;
  return setting.type === 'secret' ? draft !== '' : draft !== initial[setting.key];
}

function limits(setting: ModuleSettingView): string | null {
  const { min, max } = setting;
  if (min !== undefined && max !== undefined) return `From ${min} to ${max}`;
  if (min !== undefined) return `At least ${min}`;
  if (max !== undefined) return `At most ${max}`;
  return null;
}

function defaultText(setting: ModuleSettingView): string | null {
  if (setting.type === 'secret' || setting.default === undefined || setting.default === null) return null;
  if (setting.type === 'boolean') return setting.default ? 'on' : 'off';
  return String(setting.default);
}

function hintOf(setting: ModuleSettingView): string {
  const shown = defaultText(setting);
  return [setting.type === 'secret' ? 'Stored encrypted; it is never shown again.' : null, limits(setting), shown && `Default: ${shown}`].filter(Boolean).join(' · ');
}

function Form({ name, settings }: { name: string; settings: ModuleSettingView[] }) {
  const save = useAppStore((s) => s.moduleSettingsSave);
  const saveModuleSettings = useAppStore((s) => s.saveModuleSettings);
  const clearError = useAppStore((s) => s.clearModuleSettingsError);
  const [initial] = useState(() => initialDraft(settings));
  const [draft, setDraft] = useState<Draft>(initial);
  const changed = settings.filter((s) => isChanged(s, draft[s.key], initial));
  const fieldKeys = new Set(settings.map((s) => `body.${s.key}`));
  const general = save.error && !issuesOf(save.error).some((i) => fieldKeys.has(i.field)) ? save.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (changed.length === 0) return;
    const values = Object.fromEntries(changed.map((s) => [s.key, toValue(s, draft[s.key] ?? '')]));
    void saveModuleSettings(name, values);
  };
  return (
    <form className="card card--flush" onSubmit={submit} noValidate data-testid="module-settings-form">
      <div className="card__header">
        <h2 className="card__title">Settings</h2>
        <span className="muted card__header-note">Checked by the module's rules when saved; nothing is written unless every value is valid.</span>
      </div>
      {general && <ErrorPanel compact title="The settings were not saved" error={general} />}
      {settings.map((setting) => (
        <ConfigField
          key={setting.key}
          id={`module-setting-${setting.key}`}
          rowTestId={`module-setting-row-${setting.key}`}
          field={setting}
          value={draft[setting.key] ?? ''}
          error={fieldIssue(save.error, `body.${setting.key}`)}
          hint={hintOf(setting)}
          emptyOption="Default"
          secret={setting.type === 'secret' ? { isSet: setting.isSet === true, busy: save.saving, onClear: () => void saveModuleSettings(name, { [setting.key]: null }, `${setting.label} cleared`) } : undefined}
          onChange={(value) => {
            setDraft((d) => ({ ...d, [setting.key]: value }));
            clearError();
          }}
        />
      ))}
      <div className="form-footer">
        <span className="form-footer__status" data-testid="module-settings-status">
          {changed.length === 0 ? 'No unsaved changes' : changed.length === 1 ? '1 unsaved change' : `${changed.length} unsaved changes`}
        </span>
        <button
          type="button"
          className="btn btn--ghost"
          disabled={changed.length === 0 || save.saving}
          onClick={() => {
            setDraft(initial);
            clearError();
          }}
        >
          Discard
        </button>
        <button type="submit" className="btn btn--primary" disabled={changed.length === 0 || save.saving} data-testid="module-settings-save">
          {save.saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}

/** A form generated from the module's settings fields; it starts afresh whenever the saved values change. */
export function ModuleSettingsForm({ name, settings }: { name: string; settings: ModuleSettingView[] }) {
  if (settings.length === 0) {
    return (
      <section className="card empty-state" data-testid="module-settings-none">
        <div className="empty-state__icon">
          <IconSliders size={22} />
        </div>
        <div className="empty-state__title">No settings</div>
        <p className="empty-state__text">This module has nothing to configure.</p>
      </section>
    );
  }
  const signature = JSON.stringify(settings.map((s) => [s.key, s.value, s.isSet]));
  return <Form key={`${name} ${signature}`} name={name} settings={settings} />;
}
