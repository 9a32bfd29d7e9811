import { useState, type FormEvent } from 'react';
import type { ModuleSettingView } from '../../../../shared/core-api';
import { useAppStore } from '../../store/app-store';
import { ErrorPanel } from '../../ui/error-panel';
import { fieldIssue, issuesOf } from '../../ui/errors';
import { IconLock, IconSliders } from '../../ui/icons';

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

interface FieldProps {
  setting: ModuleSettingView;
  value: string | boolean;
  error: string | null;
  onChange(value: string | boolean): void;
  onClearSecret(): void;
  busy: boolean;
}

function Control({ setting, value, error, onChange, onClearSecret, busy }: FieldProps) {
  const id = `module-setting-${setting.key}`;
  const describedBy = `${id}-hint${error ? ` ${id}-error` : ''}`;
  const common = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, 'data-testid': id } as const;
  const inputClass = `input${error ? ' input--invalid' : ''}`;
  switch (setting.type) {
    case 'boolean':
      return (
        <label className="switch switch--toggle">
          <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          <span className="switch__track" aria-hidden="true" />
          <span>{value === true ? 'On' : 'Off'}</span>
        </label>
      );
    case 'select':
      return (
        <select className={`${inputClass} select`} {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          {(!setting.required || value === '') && <option value="">{setting.required ? 'Choose…' : 'Default'}</option>}
          {(setting.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'number':
    case 'integer':
      return (
        <input
          className={inputClass}
          type="number"
          inputMode={setting.type === 'integer' ? 'numeric' : 'decimal'}
          step={setting.type === 'integer' ? 1 : 'any'}
          min={setting.min}
          max={setting.max}
          {...common}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case 'secret':
      return (
        <div className="secret">
          <div className="secret__status">
            <span className={`badge ${setting.isSet ? 'badge--success' : 'badge--neutral'}`} data-testid={`${id}-status`}>
              <IconLock size={12} className="icon" />
              {setting.isSet ? 'Set' : 'Not set'}
            </span>
            {setting.isSet && (
              <button type="button" className="btn btn--ghost btn--small" onClick={onClearSecret} disabled={busy} data-testid={`${id}-clear`}>
                Clear
              </button>
            )}
          </div>
          <input
            className={inputClass}
            type="password"
            autoComplete="new-password"
            placeholder={setting.isSet ? 'Type a new value to replace it' : 'Type the value'}
            {...common}
            value={String(value)}
            onChange={(e) => onChange(e.target.value)}
          />
        </div>
      );
    default:
      return <input className={inputClass} type="text" {...common} value={String(value)} onChange={(e) => onChange(e.target.value)} />;
  }
}

function Field(props: FieldProps) {
  const { setting, error } = props;
  const id = `module-setting-${setting.key}`;
  const hints = [setting.type === 'secret' ? 'Stored encrypted; it is never shown again.' : null, limits(setting), defaultText(setting) && `Default: ${defaultText(setting)}`].filter(Boolean);
  return (
    <div className="setting" data-testid={`module-setting-row-${setting.key}`}>
      <div className="setting__text">
        <label className="setting__label" htmlFor={id}>
          {setting.label}
          {setting.required && (
            <span className="required" title="Required">
              {' '}
              *
            </span>
          )}
        </label>
        {setting.description && <p className="setting__description">{setting.description}</p>}
      </div>
      <div className="setting__control">
        <Control {...props} />
        {error && (
          <p className="field-error" id={`${id}-error`} role="alert" data-testid={`${id}-error`}>
            {error}
          </p>
        )}
        <p className="field-hint" id={`${id}-hint`}>
          {hints.join(' · ') || '\u00a0'}
        </p>
      </div>
    </div>
  );
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
        <Field
          key={setting.key}
          setting={setting}
          value={draft[setting.key] ?? ''}
          error={fieldIssue(save.error, `body.${setting.key}`)}
          busy={save.saving}
          onChange={(value) => {
            setDraft((d) => ({ ...d, [setting.key]: value }));
            clearError();
          }}
          onClearSecret={() => void saveModuleSettings(name, { [setting.key]: null }, `${setting.label} cleared`)}
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
