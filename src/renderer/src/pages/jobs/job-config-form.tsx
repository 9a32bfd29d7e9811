import { useEffect, useState, type FormEvent } from 'react';
import type { JobView } from '../../../../shared/core-api';
import { useAppStore } from '../../store/app-store';
import { ConfigField } from '../../ui/config-field';
import { ErrorPanel } from '../../ui/error-panel';
import { fieldIssue, issuesOf } from '../../ui/errors';
import { IconSliders } from '../../ui/icons';

type Field = JobView['configFields'][string] & { key: string };
type Draft = Record<string, string | boolean>;

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function draftOf(fields: Field[], values: Record<string, unknown>): Draft {
  return Object.fromEntries(fields.map((f) => [f.key, f.type === 'boolean' ? values[f.key] === true : text(values[f.key])]));
}

/** The value sent for a field's draft: empty text means "no value" (the core then says if one is required). */
function toValue(field: Field, draft: string | boolean): unknown {
  if (field.type === 'boolean') return draft === true;
  const raw = String(draft);
  if (field.type === 'number' || field.type === 'integer') return raw.trim() === '' ? null : Number(raw);
  return raw === '' ? null : raw;
}

function hint(field: Field): string {
  const parts: string[] = [];
  const { min, max } = field;
  if (min !== undefined && max !== undefined) parts.push(`From ${min} to ${max}`);
  else if (min !== undefined) parts.push(`At least ${min}`);
  else if (max !== undefined) parts.push(`At most ${max}`);
  if (field.type !== 'secret' && field.default !== undefined && field.default !== null) {
    parts.push(`Default: ${field.type === 'boolean' ? (field.default ? 'on' : 'off') : String(field.default)}`);
  }
  return parts.join(' · ');
}

function Form({ job, fields }: { job: JobView; fields: Field[] }) {
  const save = useAppStore((s) => s.configSave);
  const saveJobConfig = useAppStore((s) => s.saveJobConfig);
  const clearError = useAppStore((s) => s.clearJobSaveError);
  const [saved] = useState(() => draftOf(fields, job.config));
  const [draft, setDraft] = useState<Draft>(saved);
  const defaults = draftOf(
    fields,
    Object.fromEntries(fields.map((f) => [f.key, f.default ?? null])),
  );
  const changed = fields.filter((f) => draft[f.key] !== saved[f.key]);
  const atDefaults = fields.every((f) => draft[f.key] === defaults[f.key]);
  const keys = new Set(fields.map((f) => `body.config.${f.key}`));
  const general = save.error && !issuesOf(save.error).some((i) => keys.has(i.field)) ? save.error : null;
  useEffect(() => () => clearError('config'), [clearError]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (changed.length === 0) return;
    void saveJobConfig(job.id, Object.fromEntries(changed.map((f) => [f.key, toValue(f, draft[f.key] ?? '')])));
  };
  const reset = (next: Draft) => {
    setDraft(next);
    clearError('config');
  };
  return (
    <form className="card card--flush" onSubmit={submit} noValidate data-testid="job-config-form">
      <div className="card__header">
        <h2 className="card__title">Config</h2>
        <span className="muted card__header-note">Passed to every run of this job; checked against the module’s rules when saved.</span>
      </div>
      {general && <ErrorPanel compact title="The config was not saved" error={general} />}
      {fields.map((field) => (
        <ConfigField
          key={field.key}
          id={`job-config-${field.key}`}
          rowTestId={`job-config-row-${field.key}`}
          field={field}
          value={draft[field.key] ?? ''}
          error={fieldIssue(save.error, `body.config.${field.key}`)}
          hint={hint(field)}
          emptyOption="None"
          note={<p className="setting__key mono">{field.key}</p>}
          onChange={(value) => {
            setDraft((d) => ({ ...d, [field.key]: value }));
            clearError('config');
          }}
        />
      ))}
      <div className="form-footer">
        <span className="form-footer__status" data-testid="job-config-status">
          {changed.length === 0 ? 'No unsaved changes' : changed.length === 1 ? '1 unsaved change' : `${changed.length} unsaved changes`}
        </span>
        <button type="button" className="btn btn--ghost" disabled={atDefaults || save.saving} onClick={() => reset(defaults)} data-testid="job-config-reset">
          Reset to defaults
        </button>
        <button type="button" className="btn btn--ghost" disabled={changed.length === 0 || save.saving} onClick={() => reset(saved)}>
          Discard
        </button>
        <button type="submit" className="btn btn--primary" disabled={changed.length === 0 || save.saving} data-testid="job-config-save">
          {save.saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}

/** A form generated from the job's config fields; it starts afresh whenever the saved values change. */
export function JobConfigForm({ job }: { job: JobView }) {
  const fields: Field[] = Object.entries(job.configFields).map(([key, spec]) => ({ ...spec, key }));
  if (fields.length === 0) {
    return (
      <section className="card empty-state" data-testid="job-config-none">
        <div className="empty-state__icon">
          <IconSliders size={22} />
        </div>
        <div className="empty-state__title">Nothing to configure</div>
        <p className="empty-state__text">This job declares no config fields in its module’s manifest.</p>
      </section>
    );
  }
  return <Form key={`${job.id} ${JSON.stringify(job.config)}`} job={job} fields={fields} />;
}
