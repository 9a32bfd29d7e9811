import type { MonthlySummaryAnswer } from './api';
import { change, formatChange, formatKwh, formatMoney, formatNumber } from './format';

type EndpointRow = MonthlySummaryAnswer['endpoints'][number];
type ClientRow = MonthlySummaryAnswer['clients'][number];

function Change({ current, previous }: { current: number; previous: number | null | undefined }) {
  const ratio = change(current, previous);
  return <span className={ratio === null ? 'cm-hint' : ratio > 0.005 ? 'cm-up' : ratio < -0.005 ? 'cm-down' : undefined}>{formatChange(ratio)}</span>;
}

function Complete({ complete, gap }: { complete: boolean; gap?: boolean }) {
  if (!complete) {
    return (
      <span className="nx-badge nx-badge-warning" title="A month boundary has no reading on one side: the figure counts from the first or to the last reading of the month.">
        partial
      </span>
    );
  }
  if (gap) {
    return (
      <span className="nx-badge nx-badge-warning" title="A boundary was interpolated across a long gap between readings.">
        gap
      </span>
    );
  }
  return <span className="nx-badge nx-badge-success">complete</span>;
}

const money = (value: number | null, currency: string | null) => (value === null ? <span className="cm-hint">no price</span> : `${formatMoney(value)}${currency ? ` ${currency}` : ''}`);

export function EndpointReportTable(props: {
  rows: EndpointRow[];
  previous: Map<number, number>;
  currency: string | null;
  selected: number | null;
  onSelect(id: number): void;
}) {
  const { rows, previous, currency } = props;
  return (
    <div className="cm-table-wrap">
      <table className="nx-table" data-testid="report-endpoints">
        <thead>
          <tr>
            <th>Endpoint</th>
            <th>Client</th>
            <th className="cm-num">Consumption</th>
            <th className="cm-num">Previous month</th>
            <th className="cm-num">Change</th>
            <th className="cm-num">Price / kWh</th>
            <th className="cm-num">Cost</th>
            <th>Data</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.endpointId} data-testid={`report-endpoint-${r.endpointId}`} data-kwh={r.consumptionKwh} style={props.selected === r.endpointId ? { background: 'var(--accent-soft)' } : undefined}>
              <td>
                <button type="button" className="cm-link" style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer', font: 'inherit' }} onClick={() => props.onSelect(r.endpointId)} title="Show its days">
                  {r.name}
                </button>
              </td>
              <td>{r.clientName ?? <span className="cm-hint">–</span>}</td>
              <td className="cm-num" data-testid={`report-kwh-${r.endpointId}`}>
                {formatKwh(r.consumptionKwh)}
              </td>
              <td className="cm-num">{previous.has(r.endpointId) ? formatKwh(previous.get(r.endpointId)) : <span className="cm-hint">–</span>}</td>
              <td className="cm-num">
                <Change current={r.consumptionKwh} previous={previous.get(r.endpointId)} />
              </td>
              <td className="cm-num">{r.pricePerKwh === null ? <span className="cm-hint">–</span> : formatNumber(r.pricePerKwh, 4)}</td>
              <td className="cm-num">{money(r.cost, currency)}</td>
              <td>
                <Complete complete={r.complete} gap={r.gapWarning} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const clientLabel = (name: string | null) => name ?? 'No client';

export function ClientReportTable({ rows, previous, currency }: { rows: ClientRow[]; previous: Map<string, number>; currency: string | null }) {
  return (
    <div className="cm-table-wrap">
      <table className="nx-table" data-testid="report-clients">
        <thead>
          <tr>
            <th>Client</th>
            <th className="cm-num">Endpoints</th>
            <th className="cm-num">Consumption</th>
            <th className="cm-num">Previous month</th>
            <th className="cm-num">Change</th>
            <th className="cm-num">Cost</th>
            <th>Data</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const key = clientLabel(r.clientName);
            return (
              <tr key={key} data-testid={`report-client-${key}`}>
                <td>{r.clientName ?? <span className="cm-hint">No client</span>}</td>
                <td className="cm-num">{r.endpoints}</td>
                <td className="cm-num">{formatKwh(r.consumptionKwh)}</td>
                <td className="cm-num">{previous.has(key) ? formatKwh(previous.get(key)) : <span className="cm-hint">–</span>}</td>
                <td className="cm-num">
                  <Change current={r.consumptionKwh} previous={previous.get(key)} />
                </td>
                <td className="cm-num" title={r.cost === null ? 'At least one of its endpoints has no price: no total is given, so a partial bill never looks whole.' : undefined}>
                  {money(r.cost, currency)}
                </td>
                <td>
                  <Complete complete={r.complete} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
