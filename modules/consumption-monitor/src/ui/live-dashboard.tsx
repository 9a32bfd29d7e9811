import { useState } from 'react';
import { Button, Card, ErrorNotice, Loading, callRoute, pageHref, useEvent, useRoute, type PageProps, type RouteError } from '@nxforge/sdk/ui';
import type { LiveEndpoint, ReadingsEvent, SeriesAnswer } from './api';
import { Sparkline } from './charts/sparkline';
import { formatDateTime, formatKwh, formatPower, formatRelative } from './format';
import { useNow } from './hooks';
import { StatusBadge } from './status';
import { ModuleStyles } from './styles';

const DAY_MS = 86_400_000;

function PowerSparkline({ module, endpointId, at }: { module: string; endpointId: number; at: number }) {
  const series = useRoute<SeriesAnswer>({ module, path: '/series', query: { endpointId, metric: 'power', from: at - DAY_MS, to: at + 60_000, maxPoints: 240 } });
  return <Sparkline points={series.data?.points ?? []} label="Power over the last 24 hours" testId={`live-spark-${endpointId}`} />;
}

function EndpointCard({ module, endpoint, now, at }: { module: string; endpoint: LiveEndpoint; now: number; at: number }) {
  const last = endpoint.lastReading;
  return (
    <article className="cm-live-card" data-testid={`live-endpoint-${endpoint.endpointId}`} data-status={endpoint.status}>
      <div className="cm-live-head">
        <div style={{ minWidth: 0 }}>
          <div className="cm-live-name" title={endpoint.name}>
            {endpoint.name}
          </div>
          <div className="cm-live-sub">
            {endpoint.clientName ?? 'No client'}
            {!endpoint.enabled && ' · disabled'}
          </div>
        </div>
        <StatusBadge status={endpoint.status} testId={`live-status-${endpoint.endpointId}`} />
      </div>
      <div className="cm-live-figures">
        <div>
          <div className="cm-figure-label">Power</div>
          <div className="cm-figure-value" data-testid={`live-power-${endpoint.endpointId}`}>
            {formatPower(endpoint.power)}
          </div>
        </div>
        <div>
          <div className="cm-figure-label">This month</div>
          <div
            className="cm-figure-value"
            data-testid={`live-month-${endpoint.endpointId}`}
            title={endpoint.monthComplete ? 'Since the start of the month' : 'Since the first reading this month: the month start has no reading before it'}
          >
            {formatKwh(endpoint.monthToDateKwh)}
            {!endpoint.monthComplete && <span className="cm-hint"> *</span>}
          </div>
        </div>
      </div>
      <PowerSparkline module={module} endpointId={endpoint.endpointId} at={at} />
      <div className="cm-live-sub" data-testid={`live-last-${endpoint.endpointId}`}>
        {last ? (
          <>
            Last reading{' '}
            <time dateTime={new Date(last.ts).toISOString()} title={formatDateTime(last.ts)}>
              {formatRelative(last.ts, now)}
            </time>
            {last.totalKwh !== null && <> · counter {formatKwh(last.totalKwh)}</>}
          </>
        ) : (
          'No reading yet'
        )}
      </div>
      {last && !last.success && last.error && <div className="cm-live-error">{last.error}</div>}
      <a className="cm-link" style={{ fontSize: 12.5 }} href={pageHref(module, `/history?endpoint=${endpoint.endpointId}`)}>
        History →
      </a>
    </article>
  );
}

function EmptyState({ module }: { module: string }) {
  return (
    <div className="cm-empty" data-testid="live-empty">
      <div className="cm-empty-title">No endpoints yet</div>
      <p className="nx-muted">
        An endpoint is a meter's web page to read. Add one with its address and the steps that find the kWh counter; readings appear here as soon as the collection
        runs.
      </p>
      <a className="nx-button nx-button-primary" href={pageHref(module, '/endpoints?new=1')} data-testid="live-add-endpoint">
        Add an endpoint
      </a>
    </div>
  );
}

interface JobRun {
  status: string;
  error: string | null;
}

/** Every endpoint's status, power and month so far; fetched afresh whenever new readings are announced. */
export function LiveDashboardPage({ module }: PageProps) {
  const live = useRoute<LiveEndpoint[]>({ module, path: '/live' });
  // A collection or an import pushes the whole live view with it: shown as it comes, nothing is polled.
  const [pushed, setPushed] = useState<LiveEndpoint[] | null>(null);
  const [at, setAt] = useState(() => Date.now());
  useEvent<ReadingsEvent>(`${module}:readings`, (event) => {
    setPushed(event.live);
    setAt(Date.now());
  });
  useEvent(`${module}:endpoints`, () => {
    setPushed(null);
    live.reload();
  });
  const now = useNow();
  const [collecting, setCollecting] = useState(false);
  const [runError, setRunError] = useState<RouteError | null>(null);
  const [runNote, setRunNote] = useState<string | null>(null);

  const collect = async () => {
    setCollecting(true);
    setRunError(null);
    setRunNote(null);
    // Answers when the run has finished; its readings arrive by event like any other collection's.
    const run = await callRoute<JobRun>({ module: 'core', method: 'POST', path: `/modules/${module}/jobs/collect-consumption/run` });
    setCollecting(false);
    if (!run.ok) setRunError(run.error);
    else if (run.data.status !== 'succeeded') setRunNote(`The collection ${run.data.status}${run.data.error ? `: ${run.data.error}` : '.'}`);
  };

  const data = pushed ?? live.data;
  const endpoints = data ?? [];
  const totalPower = endpoints.reduce((sum, e) => sum + (e.power ?? 0), 0);
  const monthTotal = endpoints.reduce((sum, e) => sum + e.monthToDateKwh, 0);
  const counts = endpoints.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.status]: (acc[e.status] ?? 0) + 1 }), {});

  return (
    <div className="nx-page" data-testid="live-dashboard">
      <ModuleStyles />
      <Card
        title="Right now"
        actions={
          <Button onClick={() => void collect()} disabled={collecting} data-testid="live-collect">
            {collecting ? 'Reading meters…' : 'Read meters now'}
          </Button>
        }
      >
        <ErrorNotice error={runError} />
        {runNote && <p className="cm-field-error">{runNote}</p>}
        <div className="cm-stats">
          <div className="cm-stat">
            <div className="cm-stat-label">Total power</div>
            <div className="cm-stat-value" data-testid="live-total-power">
              {formatPower(totalPower)}
            </div>
            <div className="cm-stat-hint">Sum of the latest successful reads</div>
          </div>
          <div className="cm-stat">
            <div className="cm-stat-label">This month</div>
            <div className="cm-stat-value" data-testid="live-total-month">
              {formatKwh(monthTotal)}
            </div>
            <div className="cm-stat-hint">All endpoints, so far</div>
          </div>
          <div className="cm-stat">
            <div className="cm-stat-label">Endpoints</div>
            <div className="cm-stat-value">{endpoints.length}</div>
            <div className="cm-stat-hint">
              {counts.ok ?? 0} OK · {counts.failing ?? 0} failing · {(counts.stale ?? 0) + (counts.never ?? 0)} waiting
            </div>
          </div>
        </div>
        <p className="nx-muted">Updates arrive as soon as the collection stores new readings; nothing is polled.</p>
      </Card>
      {live.loading && !data && <Loading label="Reading the latest figures…" />}
      <ErrorNotice error={live.error} onRetry={live.reload} />
      {data && endpoints.length === 0 && (
        <Card>
          <EmptyState module={module} />
        </Card>
      )}
      {endpoints.length > 0 && (
        <div className="cm-live-grid" data-testid="live-endpoints">
          {endpoints.map((endpoint) => (
            <EndpointCard key={endpoint.endpointId} module={module} endpoint={endpoint} now={now} at={at} />
          ))}
        </div>
      )}
    </div>
  );
}
