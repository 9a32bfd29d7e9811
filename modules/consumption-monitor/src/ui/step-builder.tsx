import { useState, type ReactNode } from 'react';
import { Button } from '@nxforge/sdk/ui';
import { emptyStep, moveStep, STEP_TYPES, VALUE_NAMES, type StepDraft, type StepType } from './steps';

interface Props {
  steps: StepDraft[];
  onChange(steps: StepDraft[]): void;
}

function Field({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <label className="nx-field" style={wide ? { gridColumn: 'span 2' } : undefined}>
      <span>{label}</span>
      {children}
    </label>
  );
}

function StepFields({ step, index, set }: { step: StepDraft; index: number; set: (patch: Partial<StepDraft>) => void }) {
  const id = (field: string) => `step-${index}-${field}`;
  const input = (field: 'url' | 'selector' | 'value' | 'key_' | 'ms' | 'regex' | 'attribute' | 'timeout' | 'frame', placeholder = '') => (
    <input data-testid={id(field === 'key_' ? 'key' : field)} value={step[field]} placeholder={placeholder} onChange={(e) => set({ [field]: e.target.value })} />
  );
  switch (step.type) {
    case 'goto':
      return <Field label="Address" wide>{input('url', '/status or http://10.0.0.5/status')}</Field>;
    case 'click':
      return <Field label="Selector" wide>{input('selector', '#login-button')}</Field>;
    case 'fill':
    case 'select':
      return (
        <>
          <Field label="Selector">{input('selector', step.type === 'fill' ? 'input[name=q]' : 'select#view')}</Field>
          <Field label="Value">{input('value')}</Field>
        </>
      );
    case 'press':
      return (
        <>
          <Field label="Key">{input('key_', 'Enter')}</Field>
          <Field label="In element (optional)">{input('selector', 'the page')}</Field>
        </>
      );
    case 'wait':
      return <Field label="Milliseconds">{input('ms', '1000')}</Field>;
    case 'waitForSelector':
      return (
        <>
          <Field label="Selector">{input('selector', '#energy-kwh')}</Field>
          <Field label="Until it is">
            <select data-testid={id('state')} value={step.state} onChange={(e) => set({ state: e.target.value as StepDraft['state'] })}>
              <option value="">visible (default)</option>
              <option value="attached">in the page</option>
              <option value="hidden">hidden</option>
              <option value="detached">gone</option>
            </select>
          </Field>
        </>
      );
    case 'extract': {
      const known = VALUE_NAMES.some((v) => v.name === step.name);
      return (
        <>
          <Field label="Value">
            <select data-testid={id('name')} value={known ? step.name : '__other'} onChange={(e) => set({ name: e.target.value === '__other' ? '' : e.target.value })}>
              {VALUE_NAMES.map((v) => (
                <option key={v.name} value={v.name}>
                  {v.label}
                </option>
              ))}
              <option value="__other">Other (kept in raw data)…</option>
            </select>
          </Field>
          {!known && (
            <Field label="Name">
              <input data-testid={id('custom-name')} value={step.name} placeholder="e.g. frequency" onChange={(e) => set({ name: e.target.value })} />
            </Field>
          )}
          <Field label="Selector">{input('selector', '#energy-kwh')}</Field>
          <Field label="Regex (optional)">{input('regex', '([\\d.,]+)')}</Field>
          <Field label="Decimal separator">
            <select data-testid={id('decimal')} value={step.decimal} onChange={(e) => set({ decimal: e.target.value as StepDraft['decimal'] })}>
              <option value="">guess</option>
              <option value=".">point (1,234.5)</option>
              <option value=",">comma (1.234,5)</option>
            </select>
          </Field>
          <label className="cm-check" style={{ alignSelf: 'end', height: 34 }}>
            <input type="checkbox" data-testid={id('optional')} checked={step.optional} onChange={(e) => set({ optional: e.target.checked })} />
            Optional (missing is not an error)
          </label>
        </>
      );
    }
  }
}

function StepRow({ step, index, count, onChange, onMove, onRemove }: { step: StepDraft; index: number; count: number; onChange(patch: Partial<StepDraft>): void; onMove(to: number): void; onRemove(): void }) {
  const [more, setMore] = useState(Boolean(step.timeout || step.frame || step.attribute));
  return (
    <li className="cm-step" data-testid={`step-${index}`} data-type={step.type}>
      <span className="cm-step-index">{index + 1}</span>
      <label className="nx-field">
        <span>Step</span>
        <select data-testid={`step-${index}-type`} value={step.type} onChange={(e) => onChange({ ...emptyStep(e.target.value as StepType), key: step.key, selector: step.selector })}>
          {STEP_TYPES.map((t) => (
            <option key={t.type} value={t.type}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      <div className="cm-step-fields">
        <StepFields step={step} index={index} set={onChange} />
        {more && (
          <>
            <label className="nx-field">
              <span>Timeout (ms)</span>
              <input data-testid={`step-${index}-timeout`} value={step.timeout} placeholder="default" onChange={(e) => onChange({ timeout: e.target.value })} />
            </label>
            <label className="nx-field">
              <span>In frame</span>
              <input data-testid={`step-${index}-frame`} value={step.frame} placeholder="name, selector or URL part" onChange={(e) => onChange({ frame: e.target.value })} />
            </label>
            {step.type === 'extract' && (
              <label className="nx-field">
                <span>Read attribute</span>
                <input data-testid={`step-${index}-attribute`} value={step.attribute} placeholder="the element's text" onChange={(e) => onChange({ attribute: e.target.value })} />
              </label>
            )}
          </>
        )}
      </div>
      <div className="cm-step-tools">
        <button type="button" className="cm-icon-button" title={more ? 'Fewer options' : 'More options: timeout, frame'} aria-label="More options" onClick={() => setMore(!more)}>
          {more ? '−' : '⋯'}
        </button>
        <button type="button" className="cm-icon-button" title="Move up" aria-label="Move up" disabled={index === 0} onClick={() => onMove(index - 1)} data-testid={`step-${index}-up`}>
          ↑
        </button>
        <button type="button" className="cm-icon-button" title="Move down" aria-label="Move down" disabled={index === count - 1} onClick={() => onMove(index + 1)} data-testid={`step-${index}-down`}>
          ↓
        </button>
        <button type="button" className="cm-icon-button" title="Remove step" aria-label="Remove step" onClick={onRemove} data-testid={`step-${index}-remove`}>
          ×
        </button>
      </div>
    </li>
  );
}

/** Steps the scraper runs on the meter's page, built from forms instead of JSON. */
export function StepBuilder({ steps, onChange }: Props) {
  const [adding, setAdding] = useState<StepType>('extract');
  const hint = STEP_TYPES.find((t) => t.type === adding)?.hint;
  return (
    <div className="cm-steps" data-testid="step-builder">
      {steps.length === 0 ? (
        <p className="cm-hint">No steps: the scraper opens the endpoint address and reads nothing. Add a “Read value” step for the energy counter.</p>
      ) : (
        <ol className="cm-steps" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {steps.map((step, i) => (
            <StepRow
              key={step.key}
              step={step}
              index={i}
              count={steps.length}
              onChange={(patch) => onChange(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)))}
              onMove={(to) => onChange(moveStep(steps, i, to))}
              onRemove={() => onChange(steps.filter((_, j) => j !== i))}
            />
          ))}
        </ol>
      )}
      <div className="nx-row">
        <label className="nx-field" style={{ minWidth: 200 }}>
          <span>New step</span>
          <select data-testid="step-add-type" value={adding} onChange={(e) => setAdding(e.target.value as StepType)}>
            {STEP_TYPES.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <Button onClick={() => onChange([...steps, emptyStep(adding)])} data-testid="step-add">
          Add step
        </Button>
        <span className="cm-hint" style={{ alignSelf: 'center' }}>
          {hint}
        </span>
      </div>
    </div>
  );
}
