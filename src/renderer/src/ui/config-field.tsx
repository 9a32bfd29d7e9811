import type { ReactNode } from 'react';
import type { ModuleSettingView } from '../../../shared/core-api';
import { IconLock } from './icons';

type Value = string | boolean;

/** What a field control needs to know about its field (a module setting or a job config field). */
export type ConfigFieldSpec = Pick<ModuleSettingView, 'key' | 'type' | 'label' | 'description' | 'required' | 'options' | 'min' | 'max'>;

/** A stored secret: whether it is set, and how to clear it. Without it, a secret field is a plain password input. */
export interface StoredSecret {
  isSet: boolean;
  onClear(): void;
  busy: boolean;
}

export interface ConfigFieldProps {
  /** The id (and data-testid) of the control; its error and hint use it as a prefix. */
  id: string;
  /** The data-testid of the row. */
  rowTestId: string;
  field: ConfigFieldSpec;
  value: Value;
  error: string | null;
  onChange(value: Value): void;
  /** The line under the control; empty text keeps its height. */
  hint: string;
  /** The label of the select's empty option when the field is optional. */
  emptyOption: string;
  /** Extra text under the description. */
  note?: ReactNode;
  secret?: StoredSecret;
}

type ControlProps = Pick<ConfigFieldProps, 'id' | 'field' | 'value' | 'error' | 'onChange' | 'emptyOption' | 'secret'>;

function Control({ id, field, value, error, onChange, emptyOption, secret }: ControlProps) {
  const common = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': `${id}-hint${error ? ` ${id}-error` : ''}`, 'data-testid': id } as const;
  const inputClass = `input${error ? ' input--invalid' : ''}`;
  switch (field.type) {
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
          {(!field.required || value === '') && <option value="">{field.required ? 'Choose…' : emptyOption}</option>}
          {(field.options ?? []).map((o) => (
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
          inputMode={field.type === 'integer' ? 'numeric' : 'decimal'}
          step={field.type === 'integer' ? 1 : 'any'}
          min={field.min}
          max={field.max}
          {...common}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case 'secret':
      if (!secret) {
        return <input className={inputClass} type="password" autoComplete="new-password" {...common} value={String(value)} onChange={(e) => onChange(e.target.value)} />;
      }
      return (
        <div className="secret">
          <div className="secret__status">
            <span className={`badge ${secret.isSet ? 'badge--success' : 'badge--neutral'}`} data-testid={`${id}-status`}>
              <IconLock size={12} className="icon" />
              {secret.isSet ? 'Set' : 'Not set'}
            </span>
            {secret.isSet && (
              <button type="button" className="btn btn--ghost btn--small" onClick={secret.onClear} disabled={secret.busy} data-testid={`${id}-clear`}>
                Clear
              </button>
            )}
          </div>
          <input
            className={inputClass}
            type="password"
            autoComplete="new-password"
            placeholder={secret.isSet ? 'Type a new value to replace it' : 'Type the value'}
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

/** One row of a settings or config form: label, description, the control for the field's type, its error and hint. */
export function ConfigField({ rowTestId, hint, note, ...control }: ConfigFieldProps) {
  const { id, field, error } = control;
  return (
    <div className="setting" data-testid={rowTestId}>
      <div className="setting__text">
        <label className="setting__label" htmlFor={id}>
          {field.label}
          {field.required && (
            <span className="required" title="Required">
              {' '}
              *
            </span>
          )}
        </label>
        {field.description && <p className="setting__description">{field.description}</p>}
        {note}
      </div>
      <div className="setting__control">
        <Control {...control} />
        {error && (
          <p className="field-error" id={`${id}-error`} role="alert" data-testid={`${id}-error`}>
            {error}
          </p>
        )}
        <p className="field-hint" id={`${id}-hint`}>
          {hint || '\u00a0'}
        </p>
      </div>
    </div>
  );
}
