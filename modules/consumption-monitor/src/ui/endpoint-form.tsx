import { useState, type ReactNode } from 'react';
import { Button, ErrorNotice, type RouteError } from '@nxforge/sdk/ui';
import { ENDPOINT_TYPES, type AuthType, type EndpointType, type EndpointView, type ScrapingConfig } from './api';
import { AuthSection } from './auth-section';
import { configFields, scrapingConfigOf, SELECTOR_FIELDS, toBody, type EndpointDraft, type FieldProblem } from './endpoint-draft';
import { TextField } from './fields';
import { StepBuilder } from './step-builder';

interface Props {
  draft: EndpointDraft;
  onChange(draft: EndpointDraft): void;
  /** The endpoint being edited, null for a new one. */
  endpoint: EndpointView | null;
  saving: boolean;
  error: RouteError | null;
  onSave(body: Record<string, unknown>): void;
  onCancel(): void;
  /** Extra buttons beside Save, e.g. Test. */
  actions?: ReactNode;
}

/** The problems of the server's VALIDATION answer, if it named fields. */
function serverIssues(error: RouteError | null): FieldProblem[] {
  const details = error?.details as { issues?: FieldProblem[] } | undefined;
  return Array.isArray(details?.issues) ? details.issues : [];
}

/** Add or edit an endpoint: every field, the login, the step builder (or JSON), with checks naming the field. */
export function EndpointForm({ draft, onChange, endpoint, saving, error, onSave, onCancel, actions }: Props) {
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  // After the first save attempt, the list follows every edit, so fixed fields drop out of it.
  const [tried, setTried] = useState(false);
  const [json, setJson] = useState<string | null>(null);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const all = [...problems, ...serverIssues(error)];
  const problem = (field: string) => all.find((p) => p.field === field)?.message;
  const set = <K extends keyof EndpointDraft>(key: K) => (value: EndpointDraft[K]) => change({ ...draft, [key]: value });

  const openJson = () => {
    const scratch: FieldProblem[] = [];
    setJson(JSON.stringify(scrapingConfigOf(draft, scratch), null, 2));
    setJsonError(null);
  };
  const applyJson = (): boolean => {
    if (json === null) return true;
    try {
      const parsed = JSON.parse(json) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the scraping configuration must be a JSON object');
      onChange({ ...draft, ...configFields(parsed as ScrapingConfig) });
      setJson(null);
      setJsonError(null);
      return true;
    } catch (err) {
      setJsonError(`The JSON cannot be used: ${(err as Error).message}. Fix it or discard the JSON edit.`);
      return false;
    }
  };

  const submit = () => {
    if (json !== null) {
      // Save what the JSON says: apply it first, then check the result on the next render's draft.
      try {
        const parsed = JSON.parse(json) as ScrapingConfig;
        const next = { ...draft, ...configFields(parsed) };
        onChange(next);
        setJson(null);
        return check(next);
      } catch (err) {
        setJsonError(`The JSON cannot be used: ${(err as Error).message}.`);
        return;
      }
    }
    check(draft);
  };
  const check = (d: EndpointDraft) => {
    const { body, problems: found } = toBody(d, endpoint?.hasPassword ?? false);
    setTried(true);
    setProblems(found);
    if (!found.length) onSave(body);
  };
  const change = (d: EndpointDraft) => {
    onChange(d);
    if (tried) setProblems(toBody(d, endpoint?.hasPassword ?? false).problems);
  };

  return (
    <form
      className="cm-form"
      data-testid="endpoint-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <fieldset className="cm-fieldset">
        <legend>Meter</legend>
        <div className="cm-fields">
          <TextField label="Name" testId="endpoint-name" value={draft.name} onChange={set('name')} placeholder="Rack A3 PDU" problem={problem('body.name')} />
          <TextField
            label="Address"
            testId="endpoint-address"
            value={draft.ipAddress}
            onChange={set('ipAddress')}
            placeholder="192.168.1.20 or https://pdu-3.local"
            problem={problem('body.ipAddress')}
            hint="IP, host name or URL of the meter's web page"
          />
          <label className="nx-field">
            <span>Type</span>
            <select data-testid="endpoint-type" value={draft.type} onChange={(e) => set('type')(e.target.value as EndpointType)}>
              {ENDPOINT_TYPES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          <TextField label="Vendor" testId="endpoint-vendor" value={draft.vendor} onChange={set('vendor')} placeholder="optional" />
          <TextField label="Location" testId="endpoint-location" value={draft.location} onChange={set('location')} placeholder="Hall 2, rack B-07" />
          <TextField label="Client" testId="endpoint-client" value={draft.clientName} onChange={set('clientName')} placeholder="who is billed" hint="Reports total per client" />
          <TextField
            label="Poll interval (minutes)"
            testId="endpoint-poll"
            value={draft.pollInterval}
            onChange={set('pollInterval')}
            problem={problem('body.pollInterval')}
            hint="The collection reads it at most this often"
          />
          <TextField
            label="Price per kWh"
            testId="endpoint-price"
            value={draft.pricePerKwh}
            onChange={set('pricePerKwh')}
            placeholder="client's or default price"
            problem={problem('body.pricePerKwh')}
          />
        </div>
        <label className="cm-check">
          <input type="checkbox" data-testid="endpoint-enabled" checked={draft.enabled} onChange={(e) => set('enabled')(e.target.checked)} />
          Enabled: read by the scheduled collection
        </label>
      </fieldset>

      <AuthSection draft={draft} onChange={change} hasPassword={endpoint?.hasPassword ?? false} problem={problem} setAuthType={(t: AuthType) => change({ ...draft, authType: t })} />

      <fieldset className="cm-fieldset">
        <legend>Reading the page</legend>
        <div className="cm-toolbar">
          <p className="cm-hint" style={{ flex: 1 }}>
            The scraper opens the address (plus the page path), runs the steps in order, then reads the values. Read the energy counter with a selector below or a
            “Read value” step.
          </p>
          <Button onClick={() => (json === null ? openJson() : applyJson())} data-testid="endpoint-json-toggle">
            {json === null ? 'Edit as JSON' : 'Back to the form'}
          </Button>
        </div>
        {json !== null ? (
          <>
            <textarea className="cm-json" data-testid="endpoint-json" value={json} spellCheck={false} onChange={(e) => setJson(e.target.value)} />
            {jsonError && <p className="cm-field-error">{jsonError}</p>}
            {jsonError && (
              <Button
                onClick={() => {
                  setJson(null);
                  setJsonError(null);
                }}
                data-testid="endpoint-json-discard"
              >
                Discard the JSON edit
              </Button>
            )}
          </>
        ) : (
          <>
            <div className="cm-fields">
              <TextField label="Page path" testId="endpoint-path" value={draft.path} onChange={set('path')} placeholder="/status.html (optional)" />
              <label className="nx-field">
                <span>Decimal separator</span>
                <select data-testid="endpoint-decimal" value={draft.decimal} onChange={(e) => set('decimal')(e.target.value as EndpointDraft['decimal'])}>
                  <option value="">guess from the text</option>
                  <option value=".">point (1,234.5)</option>
                  <option value=",">comma (1.234,5)</option>
                </select>
              </label>
              <TextField label="In frame" testId="endpoint-frame" value={draft.frame} onChange={set('frame')} placeholder="optional" />
              <TextField label="Timeout (ms)" testId="endpoint-timeout" value={draft.timeoutMs} onChange={set('timeoutMs')} placeholder="60000" problem={problem('body.scrapingConfig.timeoutMs')} />
            </div>
            <h3 style={{ fontSize: 13, margin: '4px 0 0' }}>Steps</h3>
            <StepBuilder steps={draft.steps} onChange={set('steps')} />
            <h3 style={{ fontSize: 13, margin: '4px 0 0' }}>Value selectors</h3>
            <p className="cm-hint">CSS selectors read after the steps, for values no “Read value” step reads. Power is in watts.</p>
            <div className="cm-fields">
              {SELECTOR_FIELDS.map((f) => (
                <TextField key={f.key} label={f.label} testId={`endpoint-${f.key}`} value={draft[f.key]} onChange={set(f.key)} placeholder={f.placeholder} problem={problem(`body.scrapingConfig.${f.key}`)} />
              ))}
              <TextField label="Counter regex" testId="endpoint-valueRegex" value={draft.valueRegex} onChange={set('valueRegex')} placeholder="([\d.,]+) kWh" problem={problem('body.scrapingConfig.valueRegex')} />
            </div>
          </>
        )}
      </fieldset>

      {all.length > 0 && (
        <div className="nx-error" role="alert" data-testid="endpoint-problems">
          <strong>CHECK</strong>
          <ul style={{ margin: 0, paddingLeft: 18, width: '100%' }}>
            {all.map((p) => (
              <li key={`${p.field}:${p.message}`}>
                <span className="cm-mono">{p.field.replace(/^body\./, '')}</span>: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && serverIssues(error).length === 0 && <ErrorNotice error={error} />}
      <div className="nx-row">
        <Button type="submit" kind="primary" disabled={saving} data-testid="endpoint-save">
          {saving ? 'Saving…' : endpoint ? 'Save changes' : 'Add endpoint'}
        </Button>
        {actions}
        <Button onClick={onCancel} data-testid="endpoint-cancel">
          {endpoint ? 'Close' : 'Cancel'}
        </Button>
      </div>
    </form>
  );
}
