import { useEffect, useState, type FormEvent } from 'react';
import type { SettingDescriptor, SettingValue } from '../../../shared/core-api';
import { useAppStore } from '../store/app-store';
import { Combobox } from '../ui/combobox';
import { fieldMessage } from '../ui/errors';
import { formatNowIn, zoneOffset } from '../ui/format';

function toText(value: SettingValue): string {
  return value === null ? '' : String(value);
}

function fromText(type: SettingDescriptor['type'], text: string): SettingValue {
  if (type === 'number') return text.trim() === '' ? null : Number(text);
  if (type === 'boolean') return text === 'true';
  return text.trim();
}

/**
 * One setting as a small form of its own. It is keyed by the saved value, so a change
 * saved here or pushed from elsewhere starts it afresh from that value.
 */
export function SettingField({ setting }: { setting: SettingDescriptor }) {
  const save = useAppStore((s) => s.saves[setting.key]);
  const saveSetting = useAppStore((s) => s.saveSetting);
  const clearSaveError = useAppStore((s) => s.clearSaveError);
  const [draft, setDraft] = useState(toText(setting.value));
  const saving = save?.saving ?? false;
  const error = save?.error ?? null;
  const dirty = draft !== toText(setting.value);
  const inputId = `setting-${setting.key}`;
  const errorId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;

  // A failed save belongs to the draft it was made from: leaving the page drops both.
  useEffect(() => () => clearSaveError(setting.key), [clearSaveError, setting.key]);

  const change = (text: string) => {
    setDraft(text);
    clearSaveError(setting.key);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void saveSetting(setting.key, fromText(setting.type, draft));
  };
  const isDefault = toText(setting.defaultValue) === draft;
  // Seeing the local time there is the quickest check that the right zone was picked.
  const zoneNow = setting.key === 'timezone' && !error ? formatNowIn(draft) : null;

  return (
    <form className="setting" onSubmit={submit} noValidate data-testid={`setting-${setting.key}`}>
      <div className="setting__text">
        <label className="setting__label" htmlFor={inputId}>
          {setting.label}
        </label>
        <p className="setting__description" id={hintId}>
          {setting.description}
        </p>
      </div>
      <div className="setting__control">
        {setting.choices ? (
          <Combobox
            id={inputId}
            value={draft}
            onChange={change}
            options={setting.choices}
            describe={setting.key === 'timezone' ? zoneOffset : undefined}
            invalid={error !== null}
            describedBy={error ? `${errorId} ${hintId}` : hintId}
            placeholder="Search…"
            testId={`setting-input-${setting.key}`}
          />
        ) : setting.type === 'boolean' ? (
          <label className="switch">
            <input id={inputId} type="checkbox" checked={draft === 'true'} onChange={(e) => change(String(e.target.checked))} data-testid={`setting-input-${setting.key}`} />
            <span>{draft === 'true' ? 'On' : 'Off'}</span>
          </label>
        ) : (
          <input
            id={inputId}
            className={`input${error ? ' input--invalid' : ''}`}
            type={setting.type === 'number' ? 'number' : 'text'}
            value={draft}
            onChange={(e) => change(e.target.value)}
            aria-invalid={error !== null || undefined}
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
            data-testid={`setting-input-${setting.key}`}
          />
        )}
        {zoneNow && (
          <p className="field-hint" data-testid={`setting-preview-${setting.key}`}>
            Now there: {zoneNow}
          </p>
        )}
        {error && (
          <p className="field-error" id={errorId} role="alert" data-testid={`setting-error-${setting.key}`}>
            {fieldMessage(error, 'body.value')}
          </p>
        )}
        <div className="setting__footer">
          <span className="setting__default">
            Default: <span className="setting__default-value">{toText(setting.defaultValue) || '—'}</span>
          </span>
          <div className="setting__buttons">
            {!isDefault && (
              <button type="button" className="btn btn--ghost" onClick={() => change(toText(setting.defaultValue))} disabled={saving}>
                Use default
              </button>
            )}
            <button type="submit" className="btn btn--primary" disabled={!dirty || saving} data-testid={`setting-save-${setting.key}`}>
              {saving ? 'Saving…' : 'Save'}
            </button>
          </div>
        </div>
      </div>
    </form>
  );
}
