import { useState } from 'react';
import { Button, ErrorNotice, callRoute, type RouteError } from '@nxforge/sdk/ui';
import type { EndpointView, ImportReport } from './api';
import { TextField } from './fields';
import { formatDateTime } from './format';

type Format = 'csv' | 'greenbutton';

interface CsvOptions {
  timestamp: string;
  totalKwh: string;
  delimiter: '' | ',' | ';' | '\t';
  decimal: '' | '.' | ',';
  timeZone: string;
}

const NO_OPTIONS: CsvOptions = { timestamp: '', totalKwh: '', delimiter: '', decimal: '', timeZone: '' };

function guessFormat(name: string, content: string): Format {
  return /\.xml$/i.test(name) || /^\s*<\?xml|<feed[\s>]/.test(content.slice(0, 500)) ? 'greenbutton' : 'csv';
}

function mappingOf(options: CsvOptions): Record<string, string> | undefined {
  const mapping: Record<string, string> = {};
  for (const [key, value] of Object.entries(options)) if (value.trim()) mapping[key] = key === 'delimiter' ? value : value.trim();
  return Object.keys(mapping).length ? mapping : undefined;
}

function Report({ report, dryRun }: { report: ImportReport; dryRun: boolean }) {
  return (
    <div className="cm-form" style={{ gap: 10 }} data-testid="import-report" data-dry-run={dryRun}>
      <div className="cm-stats">
        <div className="cm-stat">
          <div className="cm-stat-label">{dryRun ? 'Would insert' : 'Inserted'}</div>
          <div className="cm-stat-value" data-testid="import-inserted">
            {report.inserted}
          </div>
        </div>
        <div className="cm-stat">
          <div className="cm-stat-label">{dryRun ? 'Would update' : 'Updated'}</div>
          <div className="cm-stat-value" data-testid="import-updated">
            {report.updated}
          </div>
          <div className="cm-stat-hint">Times the endpoint already had</div>
        </div>
        <div className="cm-stat">
          <div className="cm-stat-label">Rejected</div>
          <div className="cm-stat-value" data-testid="import-rejected">
            {report.rejected.length}
          </div>
        </div>
      </div>
      {report.first !== null && report.last !== null && (
        <p className="cm-hint">
          Readings from {formatDateTime(report.first)} to {formatDateTime(report.last)}.
        </p>
      )}
      {report.warnings.map((w) => (
        <p key={w} className="cm-hint">
          ⚠ {w}
        </p>
      ))}
      {report.rejected.length > 0 && (
        <div className="cm-table-wrap" style={{ maxHeight: 240, overflowY: 'auto' }}>
          <table className="nx-table" data-testid="import-rejections">
            <thead>
              <tr>
                <th className="cm-num">Line</th>
                <th>Why it was rejected</th>
              </tr>
            </thead>
            <tbody>
              {report.rejected.slice(0, 500).map((r) => (
                <tr key={`${r.line}:${r.reason}`}>
                  <td className="cm-num">{r.line}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** Imports a CSV or Green Button file into one endpoint and shows what happened to every row. */
export function ImportPanel({ module, endpoint, onClose }: { module: string; endpoint: EndpointView; onClose(): void }) {
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [format, setFormat] = useState<Format>('csv');
  const [options, setOptions] = useState<CsvOptions>(NO_OPTIONS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RouteError | null>(null);
  const [result, setResult] = useState<{ report: ImportReport; dryRun: boolean } | null>(null);

  const pick = async (picked: File | undefined) => {
    setResult(null);
    setError(null);
    if (!picked) return setFile(null);
    const content = await picked.text();
    setFile({ name: picked.name, content });
    setFormat(guessFormat(picked.name, content));
  };
  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    const mapping = format === 'csv' ? mappingOf(options) : undefined;
    const answer = await callRoute<ImportReport>({
      module,
      method: 'POST',
      path: '/import',
      body: { endpointId: endpoint.id, format, content: file.content, ...(mapping ? { mapping } : {}), ...(dryRun ? { dryRun: true } : {}) },
    });
    setBusy(false);
    if (answer.ok) setResult({ report: answer.data, dryRun });
    else {
      setResult(null);
      setError(answer.error);
    }
  };
  const set = (key: keyof CsvOptions) => (value: string) => setOptions({ ...options, [key]: value });

  return (
    <div className="cm-form" data-testid="import-panel">
      <p className="cm-hint">
        A CSV needs a header line; by default the columns <span className="cm-mono">timestamp,totalKwh</span>, times in ISO 8601 with an offset or epoch
        milliseconds. Green Button (ESPI) XML is read as utilities publish it. Readings already stored at the same time are replaced.
      </p>
      <div className="nx-row">
        <label className="nx-field">
          <span>File</span>
          <input type="file" accept=".csv,.txt,.xml,text/csv,application/xml" data-testid="import-file" onChange={(e) => void pick(e.target.files?.[0])} />
        </label>
        <label className="nx-field" style={{ minWidth: 180 }}>
          <span>Format</span>
          <select data-testid="import-format" value={format} onChange={(e) => setFormat(e.target.value as Format)}>
            <option value="csv">CSV</option>
            <option value="greenbutton">Green Button XML</option>
          </select>
        </label>
      </div>
      {format === 'csv' && (
        <div className="cm-fields">
          <TextField label="Time column" testId="import-timestamp" value={options.timestamp} onChange={set('timestamp')} placeholder="timestamp" />
          <TextField label="Counter column" testId="import-totalKwh" value={options.totalKwh} onChange={set('totalKwh')} placeholder="totalKwh" />
          <label className="nx-field">
            <span>Delimiter</span>
            <select value={options.delimiter} onChange={(e) => set('delimiter')(e.target.value)}>
              <option value="">from the header</option>
              <option value=",">comma</option>
              <option value=";">semicolon</option>
              <option value={'\t'}>tab</option>
            </select>
          </label>
          <label className="nx-field">
            <span>Decimal separator</span>
            <select value={options.decimal} onChange={(e) => set('decimal')(e.target.value)}>
              <option value="">point</option>
              <option value=",">comma</option>
            </select>
          </label>
          <TextField label="Time zone of times without offset" testId="import-time-zone" value={options.timeZone} onChange={set('timeZone')} placeholder="the app's (e.g. Europe/Berlin)" />
        </div>
      )}
      <div className="nx-row">
        <Button onClick={() => void run(true)} disabled={!file || busy} data-testid="import-check">
          Check without importing
        </Button>
        <Button kind="primary" onClick={() => void run(false)} disabled={!file || busy} data-testid="import-run">
          {busy ? 'Working…' : `Import into ${endpoint.name}`}
        </Button>
        <Button onClick={onClose}>Close</Button>
      </div>
      <ErrorNotice error={error} />
      {result && <Report report={result.report} dryRun={result.dryRun} />}
    </div>
  );
}
