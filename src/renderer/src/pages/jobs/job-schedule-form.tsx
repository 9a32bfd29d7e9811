import { useEffect, useState, type FormEvent } from 'react';
import type { JobView } from '../../../../shared/core-api';
import { useAppStore } from '../../store/app-store';
import { ErrorPanel } from '../../ui/error-panel';
import { fieldIssue } from '../../ui/errors';
import { formatDateTime } from '../../ui/format';
import { useCronTools, type CronPreview } from './cron-preview';

type Mode = 'default' | 'custom';

const PRESETS: { label: string; cron: string }[] = [
  { label: 'Every 15 minutes', cron: '*/15 * * * *' },
  { label: 'Hourly', cron: '0 * * * *' },
  { label: 'Daily at 06:00', cron: '0 6 * * *' },
  { label: 'Weekdays at 07:30', cron: '30 7 * * 1-5' },
  { label: 'Monthly, 1st at 02:00', cron: '0 2 1 * *' },
];

/** `Fri 27 Nov, 01:15`: enough to check a schedule by eye; the zone is said once above. */
function shortTime(date: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  } catch {
    return formatDateTime(date.toISOString());
  }
}

function Preview({ preview, timeZone }: { preview: CronPreview | null; timeZone: string }) {
  if (!preview) return <div className="cron-preview cron-preview--loading" aria-hidden="true" />;
  if (!preview.ok) {
    return (
      <div className="cron-preview cron-preview--invalid" data-testid="job-schedule-preview" data-valid="false">
        {preview.message}
      </div>
    );
  }
  return (
    <div className="cron-preview" data-testid="job-schedule-preview" data-valid="true" aria-live="polite">
      <div className="cron-preview__words" data-testid="job-schedule-preview-text">
        {preview.text}
      </div>
      {preview.next.length > 0 && (
        <div className="cron-preview__next">
          Next: {preview.next.map((d) => shortTime(d, timeZone)).join(' · ')}
        </div>
      )}
    </div>
  );
}

function OnOff({ job }: { job: JobView }) {
  const busy = useAppStore((s) => s.jobBusy[job.id] === 'switch');
  const saveJob = useAppStore((s) => s.saveJob);
  // Shows the new position while the core saves it; a refusal puts it back.
  const [pending, setPending] = useState<boolean | null>(null);
  const on = pending ?? job.enabled;
  const flip = async (enabled: boolean) => {
    setPending(enabled);
    await saveJob(job.id, { enabled });
    setPending(null);
  };
  return (
    <div className="setting">
      <div className="setting__text">
        <label className="setting__label" htmlFor="job-enabled">
          Runs on its schedule
        </label>
        <p className="setting__description">Switched off, the job never starts by itself; Run now still works. Saved at once.</p>
      </div>
      <div className="setting__control">
        <label className="switch switch--toggle">
          <input
            type="checkbox"
            id="job-enabled"
            checked={on}
            disabled={busy}
            onChange={(e) => void flip(e.target.checked)}
            data-testid="job-enabled"
          />
          <span className="switch__track" aria-hidden="true" />
          <span>{on ? 'On' : 'Off'}</span>
        </label>
      </div>
    </div>
  );
}

/** The job's schedule: the module's own, or a cron expression of the user's with a live preview; and on or off. */
export function JobScheduleForm({ job }: { job: JobView }) {
  const save = useAppStore((s) => s.scheduleSave);
  const saveJob = useAppStore((s) => s.saveJob);
  const clearError = useAppStore((s) => s.clearJobSaveError);
  const appZone = useAppStore((s) => s.info.data?.timezone);
  const timeZone = appZone ?? job.timezone;
  const tools = useCronTools();
  const initialMode: Mode = job.scheduleOverride ? 'custom' : 'default';
  const [mode, setMode] = useState<Mode>(initialMode);
  const [cron, setCron] = useState(job.scheduleOverride ?? job.scheduleDefault ?? '');
  const serverError = fieldIssue(save.error, 'body.scheduleOverride');
  const general = save.error && !serverError ? save.error : null;
  const changed = mode !== initialMode || (mode === 'custom' && cron.trim() !== (job.scheduleOverride ?? ''));
  const preview = tools ? tools.preview(cron, timeZone) : null;
  const defaultPreview = tools && job.scheduleDefault ? tools.preview(job.scheduleDefault, timeZone, 0) : null;
  const defaultWords = defaultPreview?.ok ? defaultPreview.text : null;
  // A refusal belongs to the draft it was made from: leaving the form drops both.
  useEffect(() => () => clearError('schedule'), [clearError]);

  const edit = (next: string) => {
    setCron(next);
    clearError('schedule');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!changed) return;
    void saveJob(job.id, { scheduleOverride: mode === 'custom' ? cron.trim() : null });
  };
  return (
    <div className="stack">
      <form className="card card--flush" onSubmit={submit} noValidate data-testid="job-schedule-form">
        <div className="card__header">
          <h2 className="card__title">Schedule</h2>
          <span className="muted card__header-note">Times are in {timeZone}, the app’s time zone.</span>
        </div>
        <OnOff job={job} />
        {general && <ErrorPanel compact title="The schedule was not saved" error={general} />}
        <div className="setting">
          <div className="setting__text">
            <span className="setting__label">When it runs</span>
            <p className="setting__description">
              Now: <strong data-testid="job-schedule-current">{job.scheduleText}</strong>
              {job.schedule && <span className="mono muted"> ({job.schedule})</span>}
            </p>
          </div>
          <div className="setting__control schedule-choice" role="radiogroup" aria-label="Schedule">
            <label className={`choice${mode === 'default' ? ' choice--active' : ''}`}>
              <input
                type="radio"
                name="schedule-mode"
                checked={mode === 'default'}
                onChange={() => {
                  setMode('default');
                  clearError('schedule');
                }}
                data-testid="job-schedule-mode-default"
              />
              <span className="choice__text">
                <span className="choice__title">The module’s schedule</span>
                <span className="choice__hint">
                  {job.scheduleDefault ? (
                    <>
                      {defaultWords && `${defaultWords} · `}
                      <span className="mono">{job.scheduleDefault}</span>
                    </>
                  ) : (
                    'Manual only: it runs when started by hand'
                  )}
                </span>
              </span>
            </label>
            <label className={`choice${mode === 'custom' ? ' choice--active' : ''}`}>
              <input
                type="radio"
                name="schedule-mode"
                checked={mode === 'custom'}
                onChange={() => {
                  setMode('custom');
                  clearError('schedule');
                }}
                data-testid="job-schedule-mode-custom"
              />
              <span className="choice__text">
                <span className="choice__title">A custom schedule</span>
                <span className="choice__hint">A cron expression: minute, hour, day of month, month, day of week.</span>
              </span>
            </label>
            {mode === 'custom' && (
              <div className="cron-editor">
                <input
                  className={`input mono${serverError ? ' input--invalid' : ''}`}
                  type="text"
                  spellCheck={false}
                  autoComplete="off"
                  placeholder="*/15 * * * *"
                  aria-label="Cron expression"
                  aria-invalid={serverError ? true : undefined}
                  aria-describedby={serverError ? 'job-schedule-cron-error' : undefined}
                  value={cron}
                  onChange={(e) => edit(e.target.value)}
                  data-testid="job-schedule-cron"
                />
                {serverError && (
                  <p className="field-error" id="job-schedule-cron-error" role="alert" data-testid="job-schedule-cron-error">
                    {serverError}
                  </p>
                )}
                {!serverError && <Preview preview={preview} timeZone={timeZone} />}
                <div className="cron-presets">
                  {PRESETS.map((p) => (
                    <button key={p.cron} type="button" className={`chip chip--button${cron.trim() === p.cron ? ' chip--active' : ''}`} onClick={() => edit(p.cron)}>
                      {p.label}
                    </button>
                  ))}
                </div>
              </div>
            )}
          </div>
        </div>
        <div className="form-footer">
          <span className="form-footer__status" data-testid="job-schedule-status">
            {changed ? 'Unsaved changes' : job.scheduleOverride ? 'Using a custom schedule' : 'Using the module’s schedule'}
          </span>
          <button
            type="button"
            className="btn btn--ghost"
            disabled={!changed || save.saving}
            onClick={() => {
              setMode(initialMode);
              setCron(job.scheduleOverride ?? job.scheduleDefault ?? '');
              clearError('schedule');
            }}
          >
            Discard
          </button>
          <button type="submit" className="btn btn--primary" disabled={!changed || save.saving} data-testid="job-schedule-save">
            {save.saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </div>
  );
}
