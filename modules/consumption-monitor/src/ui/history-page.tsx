import { useState } from 'react';
import { Button, Card, ErrorNotice, Loading, pageQuery, useEvent, useRoute, type PageProps, type RouteError } from '@nxforge/sdk/ui';
import type { EndpointView, SeriesAnswer, SeriesMetric, SummaryAnswer, SummaryPeriod } from './api';
import { TimeChart } from './charts/time-chart';
import { exportCsv } from './download';
import { formatNumber, localInputValue, parseLocalInput } from './format';
import { ImportPanel } from './import-panel';
import { ReadingsTable } from './readings-table';
import { ModuleStyles } from './styles';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const RANGES = [
  { id: '24h', label: 'Last 24 hours', ms: DAY },
  { id: '7d', label: 'Last 7 days', ms: 7 * DAY },
  { id: '30d', label: 'Last 30 days', ms: 30 * DAY },
  { id: '1y', label: 'Last year', ms: 365 * DAY },
  { id: '5y', label: 'Last 5 years', ms: 5 * 365 * DAY },
  { id: 'custom', label: 'Custom range', ms: 0 },
] as const;

type RangeId = (typeof RANGES)[number]['id'];
type Metric = SeriesMetric | 'consumption';

const METRICS: { id: Metric; label: string; unit: string; digits: number }[] = [
  { id: 'power', label: 'Power', unit: 'W', digits: 0 },
  { id: 'totalKwh', label: 'Energy counter', unit: 'kWh', digits: 1 },
  { id: 'consumption', label: 'Consumption, all endpoints', unit: 'kWh', digits: 2 },
  { id: 'voltage', label: 'Voltage', unit: 'V', digits: 1 },
  { id: 'current', label: 'Current', unit: 'A', digits: 2 },
  { id: 'powerFactor', label: 'Power factor', unit: '', digits: 2 },
];

/** The bucket for a consumption chart of this span: about 24 to 400 bars. */
function periodFor(spanMs: number): { period: SummaryPeriod; ms: number } {
  if (spanMs <= 3 * DAY) return { period: 'hour', ms: HOUR };
  if (spanMs <= 120 * DAY) return { period: 'day', ms: DAY };
  if (spanMs <= 2 * 365 * DAY) return { period: 'week', ms: 7 * DAY };
  return { period: 'month', ms: 30 * DAY };
}

function SeriesChart({ module, endpointId, metric, from, to }: { module: string; endpointId: number; metric: Metric; from: number; to: number }) {
  const spec = METRICS.find((m) => m.id === metric)!;
  const bucket = periodFor(to - from);
  const series = useRoute<SeriesAnswer>(metric === 'consumption' ? null : { module, path: '/series', query: { endpointId, metric, from, to, maxPoints: 2000 } });
  const summary = useRoute<SummaryAnswer>(metric === 'consumption' ? { module, path: '/summary', query: { period: bucket.period, from, to } } : null);
  const state = metric === 'consumption' ? summary : series;
  if (state.error) return <ErrorNotice error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading label="Drawing…" />;
  const format = (v: number) => formatNumber(v, spec.digits);
  if (metric === 'consumption') {
    const periods = summary.data?.periods ?? [];
    const points = periods.map((p) => ({ ts: Date.parse(p.start), value: p.consumptionKwh }));
    return (
      <>
        <TimeChart points={points} mode="bars" bucketMs={bucket.ms} from={from} to={to} unit="kWh" format={format} label={`Consumption of all endpoints per ${bucket.period}`} testId="history-chart" />
        <p className="cm-hint">
          kWh per {bucket.period} of all endpoints, from the hourly rollups (the counter’s rise, resets handled).
        </p>
      </>
    );
  }
  const answer = series.data!;
  return (
    <>
      <TimeChart points={answer.points} mode="line" from={from} to={to} unit={spec.unit} format={format} label={`${spec.label} over the range`} testId="history-chart" />
      <p className="cm-hint" data-testid="history-chart-note">
        {answer.total === 0
          ? 'No successful readings with this value in the range.'
          : `${answer.total.toLocaleString()} readings, drawn as ${answer.points.length.toLocaleString()} points (first, last, lowest and highest of each pixel column, so peaks survive).`}
      </p>
    </>
  );
}

/** Any endpoint over any range: a chart thinned for drawing and every raw reading in a virtualized table. */
export function HistoryPage({ module }: PageProps) {
  const endpoints = useRoute<EndpointView[]>({ module, path: '/endpoints' });
  const [chosen, setChosen] = useState<number | null>(() => Number(pageQuery().get('endpoint')) || null);
  const [range, setRange] = useState<RangeId>('7d');
  const [metric, setMetric] = useState<Metric>('power');
  const [anchor, setAnchor] = useState(() => Date.now());
  const [custom, setCustom] = useState(() => ({ from: localInputValue(Date.now() - 7 * DAY), to: localInputValue(Date.now()) }));
  const [version, setVersion] = useState(0);
  const [importing, setImporting] = useState(false);
  const [exportError, setExportError] = useState<RouteError | null>(null);
  useEvent(`${module}:readings`, () => {
    setAnchor(Date.now());
    setVersion((v) => v + 1);
  });
  useEvent(`${module}:endpoints`, endpoints.reload);

  const list = endpoints.data ?? [];
  const endpoint = list.find((e) => e.id === chosen) ?? list[0] ?? null;
  const preset = RANGES.find((r) => r.id === range)!;
  const customFrom = parseLocalInput(custom.from);
  const customTo = parseLocalInput(custom.to);
  const rangeProblem = range === 'custom' && (customFrom === null || customTo === null || customTo <= customFrom) ? 'Pick a start before the end.' : null;
  const to = range === 'custom' ? (customTo ?? anchor) : anchor + 60_000;
  const from = range === 'custom' ? (customFrom ?? anchor - DAY) : anchor - preset.ms;

  return (
    <div className="nx-page" data-testid="history-page">
      <ModuleStyles />
      <Card title="History">
        {endpoints.loading && !endpoints.data && <Loading />}
        <ErrorNotice error={endpoints.error} onRetry={endpoints.reload} />
        {endpoints.data && list.length === 0 && <p className="nx-muted">No endpoints yet: add one on the Endpoints page.</p>}
        {endpoint && (
          <div className="cm-toolbar">
            <label className="nx-field">
              <span>Endpoint</span>
              <select data-testid="history-endpoint" value={endpoint.id} onChange={(e) => setChosen(Number(e.target.value))}>
                {list.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="nx-field" style={{ minWidth: 170 }}>
              <span>Range</span>
              <select
                data-testid="history-range"
                value={range}
                onChange={(e) => {
                  setRange(e.target.value as RangeId);
                  setAnchor(Date.now());
                }}
              >
                {RANGES.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.label}
                  </option>
                ))}
              </select>
            </label>
            {range === 'custom' && (
              <>
                <label className="nx-field" style={{ minWidth: 200 }}>
                  <span>From</span>
                  <input type="datetime-local" data-testid="history-from" value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} />
                </label>
                <label className="nx-field" style={{ minWidth: 200 }}>
                  <span>To</span>
                  <input type="datetime-local" data-testid="history-to" value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} />
                </label>
              </>
            )}
            <label className="nx-field" style={{ minWidth: 200 }}>
              <span>Chart</span>
              <select data-testid="history-metric" value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
                {METRICS.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label}
                  </option>
                ))}
              </select>
            </label>
            <span className="cm-spacer" />
            <Button
              onClick={() => void exportCsv({ module, query: { kind: 'readings', endpointId: endpoint.id, from, to } }).then(setExportError)}
              disabled={Boolean(rangeProblem)}
              data-testid="history-export"
            >
              Export CSV
            </Button>
            <Button onClick={() => setImporting(!importing)} data-testid="history-import">
              Import…
            </Button>
          </div>
        )}
        {rangeProblem && <p className="cm-field-error">{rangeProblem}</p>}
        <ErrorNotice error={exportError} />
      </Card>
      {endpoint && importing && (
        <Card title={`Import readings into ${endpoint.name}`}>
          <ImportPanel module={module} endpoint={endpoint} onClose={() => setImporting(false)} />
        </Card>
      )}
      {endpoint && !rangeProblem && (
        <>
          <Card title={METRICS.find((m) => m.id === metric)!.label}>
            <SeriesChart module={module} endpointId={endpoint.id} metric={metric} from={from} to={to} />
          </Card>
          <Card title={`Readings of ${endpoint.name}`}>
            <ReadingsTable module={module} endpointId={endpoint.id} from={from} to={to} version={version} />
          </Card>
        </>
      )}
    </div>
  );
}
