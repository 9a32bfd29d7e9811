import { useMemo, useState } from 'react';
import { Button, Card, ErrorNotice, Loading, printPage, useEvent, useRoute, type PageProps, type RouteError } from '@nxforge/sdk/ui';
import type { MonthlyReport, MonthlySummaryAnswer } from './api';
import { BarChart } from './charts/bar-chart';
import { TimeChart } from './charts/time-chart';
import { ClientPrices } from './client-prices';
import { exportCsv } from './download';
import { change, formatChange, formatKwh, formatMoney, formatMonth, formatNumber, previousMonth } from './format';
import { currentMonth, MonthPicker, type YearMonth } from './month-picker';
import { clientLabel, ClientReportTable, EndpointReportTable } from './report-tables';
import { ModuleStyles } from './styles';

const DAY_MS = 86_400_000;

function DailyChart({ module, endpointId, month, name }: { module: string; endpointId: number; month: YearMonth; name: string }) {
  const report = useRoute<MonthlyReport>({ module, path: `/monthly/${endpointId}`, query: { year: month.year, month: month.month } });
  if (report.error) return <ErrorNotice error={report.error} onRetry={report.reload} />;
  if (!report.data) return <Loading />;
  const days = report.data.days.map((d) => ({ ts: new Date(`${d.date}T00:00:00`).getTime(), value: d.consumptionKwh }));
  const from = days[0]?.ts ?? Date.now();
  const to = (days[days.length - 1]?.ts ?? from) + DAY_MS;
  return (
    <div className="cm-form" style={{ gap: 8 }} data-testid="report-days">
      <p className="cm-hint">
        Counter from {report.data.startKwh === null ? '–' : formatKwh(report.data.startKwh)} to {report.data.endKwh === null ? '–' : formatKwh(report.data.endKwh)};{' '}
        {report.data.days.filter((d) => !d.complete).length} of {report.data.days.length} days without full data.
      </p>
      <TimeChart points={days} mode="bars" bucketMs={DAY_MS} from={from} to={to} unit="kWh" format={(v) => formatNumber(v, 2)} label={`${name}: consumption per day`} height={200} />
    </div>
  );
}

/** The billing month: per endpoint and per client, against the month before, with cost, CSV and print. */
export function ReportsPage({ module }: PageProps) {
  const [month, setMonth] = useState<YearMonth>(currentMonth);
  const before = previousMonth(month.year, month.month);
  const summary = useRoute<MonthlySummaryAnswer>({ module, path: '/monthly-summary', query: { year: month.year, month: month.month } });
  const previous = useRoute<MonthlySummaryAnswer>({ module, path: '/monthly-summary', query: { year: before.year, month: before.month } });
  const reload = () => {
    summary.reload();
    previous.reload();
  };
  useEvent(`${module}:readings`, reload);
  useEvent(`${module}:endpoints`, reload);
  const [selected, setSelected] = useState<number | null>(null);
  const [exportError, setExportError] = useState<RouteError | null>(null);
  const [exporting, setExporting] = useState(false);

  const prevByEndpoint = useMemo(() => new Map((previous.data?.endpoints ?? []).map((e) => [e.endpointId, e.consumptionKwh])), [previous.data]);
  const prevByClient = useMemo(() => new Map((previous.data?.clients ?? []).map((c) => [clientLabel(c.clientName), c.consumptionKwh])), [previous.data]);

  const data = summary.data;
  const currency = data?.currency ?? null;
  const title = formatMonth(month.year, month.month);
  const selectedRow = data?.endpoints.find((e) => e.endpointId === selected) ?? null;

  const [printError, setPrintError] = useState<RouteError | null>(null);
  const download = async () => {
    setExporting(true);
    setExportError(await exportCsv({ module, query: { kind: 'monthly', year: month.year, month: month.month } }));
    setExporting(false);
  };

  return (
    <div className="nx-page" data-testid="reports-page">
      <ModuleStyles />
      <div className="cm-print-only">
        <h1 style={{ fontSize: 20 }}>Consumption report: {title}</h1>
        <p>
          Printed {new Date().toLocaleString()}
          {data ? ` · time zone ${data.timeZone}` : ''}
        </p>
      </div>
      <Card
        title={`Month: ${title}`}
        actions={
          <div className="nx-row cm-no-print">
            <Button onClick={() => void download()} disabled={exporting || !data} data-testid="report-export">
              {exporting ? 'Exporting…' : 'Export CSV'}
            </Button>
            <Button
              onClick={() => {
                setPrintError(null);
                printPage({ fileName: `Consumption ${month.year}-${String(month.month).padStart(2, '0')}` }).catch((err: unknown) =>
                  setPrintError({ code: 'INTERNAL', message: `The report could not be printed: ${err instanceof Error ? err.message : String(err)}` }),
                );
              }}
              disabled={!data}
              data-testid="report-print"
            >
              Print
            </Button>
          </div>
        }
      >
        <div className="cm-toolbar cm-no-print">
          <MonthPicker
            value={month}
            onChange={(m) => {
              setMonth(m);
              setSelected(null);
            }}
          />
          <span className="cm-spacer" />
          {data && <span className="cm-hint">Days and months of the {data.timeZone} time zone</span>}
        </div>
        <ErrorNotice error={exportError} />
        <ErrorNotice error={printError} />
        {summary.loading && !data && <Loading label="Adding up the month…" />}
        <ErrorNotice error={summary.error} onRetry={summary.reload} />
        {data && (
          <div className="cm-stats" data-testid="report-totals">
            <div className="cm-stat">
              <div className="cm-stat-label">Consumption</div>
              <div className="cm-stat-value" data-testid="report-total-kwh">
                {formatKwh(data.totalKwh)}
              </div>
              <div className="cm-stat-hint">{data.endpoints.length} endpoints</div>
            </div>
            <div className="cm-stat">
              <div className="cm-stat-label">Against {formatMonth(before.year, before.month)}</div>
              <div className="cm-stat-value" data-testid="report-change">
                {formatChange(change(data.totalKwh, previous.data?.totalKwh))}
              </div>
              <div className="cm-stat-hint">{previous.data ? `${formatKwh(previous.data.totalKwh)} then` : 'loading…'}</div>
            </div>
            <div className="cm-stat">
              <div className="cm-stat-label">Cost</div>
              <div className="cm-stat-value" data-testid="report-total-cost">
                {data.totalCost === null ? '–' : `${formatMoney(data.totalCost)}${currency ? ` ${currency}` : ''}`}
              </div>
              <div className="cm-stat-hint">{data.totalCost === null ? 'Set prices below to see costs' : 'Of the endpoints with a price'}</div>
            </div>
          </div>
        )}
      </Card>
      {data && data.endpoints.length === 0 && (
        <Card>
          <div className="cm-empty" data-testid="report-empty">
            <div className="cm-empty-title">No endpoints to report on</div>
            <p className="nx-muted">Add endpoints on the Endpoints page; their consumption appears here once they have readings.</p>
          </div>
        </Card>
      )}
      {data && data.endpoints.length > 0 && (
        <>
          <Card title="Per endpoint" actions={<span className="cm-legend cm-no-print"><span><span className="cm-swatch" style={{ background: 'var(--accent)' }} />{title}</span><span><span className="cm-swatch" style={{ background: 'var(--border-strong)' }} />previous month</span><span><span className="cm-swatch" style={{ background: 'var(--warning)' }} />partial data</span></span>}>
            <BarChart
              testId="report-endpoint-chart"
              label={`Consumption per endpoint, ${title}`}
              items={data.endpoints.map((e) => ({ key: String(e.endpointId), label: e.name, value: e.consumptionKwh, previous: prevByEndpoint.get(e.endpointId) ?? null, incomplete: !e.complete }))}
            />
            <EndpointReportTable rows={data.endpoints} previous={prevByEndpoint} currency={currency} selected={selected} onSelect={(id) => setSelected(id === selected ? null : id)} />
          </Card>
          {selectedRow && (
            <Card title={`${selectedRow.name}, day by day`} actions={<Button onClick={() => setSelected(null)}>Close</Button>}>
              <DailyChart module={module} endpointId={selectedRow.endpointId} month={month} name={selectedRow.name} />
            </Card>
          )}
          <Card title="Per client">
            <BarChart
              testId="report-client-chart"
              label={`Consumption per client, ${title}`}
              items={data.clients.map((c) => ({ key: clientLabel(c.clientName), label: clientLabel(c.clientName), value: c.consumptionKwh, previous: prevByClient.get(clientLabel(c.clientName)) ?? null, incomplete: !c.complete }))}
            />
            <ClientReportTable rows={data.clients} previous={prevByClient} currency={currency} />
          </Card>
        </>
      )}
      <div className="cm-no-print">
        <Card title="Client prices" actions={<span className="nx-muted">per kWh{currency ? `, ${currency}` : ''}</span>}>
          <ClientPrices module={module} onChanged={reload} />
        </Card>
      </div>
    </div>
  );
}
