import { useState } from 'react';
import { Button, ErrorNotice, callRoute, useRoute, type RouteError } from '@nxforge/sdk/ui';
import type { ClientView } from './api';
import { formatNumber } from './format';

function PriceRow({ module, client, onSaved }: { module: string; client: ClientView; onSaved(): void }) {
  const [value, setValue] = useState(client.pricePerKwh === null ? '' : String(client.pricePerKwh));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RouteError | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const save = async () => {
    const price = value.trim() === '' ? null : Number(value.replace(',', '.'));
    if (price !== null && (!Number.isFinite(price) || price < 0)) return setProblem('A price of 0 or more, or empty for none.');
    setProblem(null);
    setBusy(true);
    const answer = await callRoute<ClientView>({ module, method: 'PUT', path: `/clients/${encodeURIComponent(client.clientName)}/price`, body: { pricePerKwh: price } });
    setBusy(false);
    setError(answer.ok ? null : answer.error);
    if (answer.ok) onSaved();
  };
  return (
    <tr data-testid={`client-price-${client.clientName}`}>
      <td>{client.clientName}</td>
      <td className="cm-num">{client.endpoints}</td>
      <td>
        <input
          className="cm-price-input"
          style={{ width: 120, height: 30, padding: '0 8px', borderRadius: 6, border: '1px solid var(--border-strong)', background: 'var(--surface)', color: 'var(--text)' }}
          value={value}
          placeholder="none"
          aria-label={`Price per kWh for ${client.clientName}`}
          onChange={(e) => setValue(e.target.value)}
        />
        {problem && <div className="cm-field-error">{problem}</div>}
        <ErrorNotice error={error} />
      </td>
      <td>
        <Button onClick={() => void save()} disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </Button>
      </td>
    </tr>
  );
}

/** Each client's default price per kWh: used for its endpoints that have no price of their own. */
export function ClientPrices({ module, onChanged }: { module: string; onChanged(): void }) {
  const clients = useRoute<ClientView[]>({ module, path: '/clients' });
  if (clients.error) return <ErrorNotice error={clients.error} onRetry={clients.reload} />;
  if (!clients.data) return null;
  if (clients.data.length === 0) return <p className="cm-hint">No clients yet: give endpoints a client name on the Endpoints page.</p>;
  return (
    <div className="cm-table-wrap">
      <table className="nx-table" data-testid="client-prices">
        <thead>
          <tr>
            <th>Client</th>
            <th className="cm-num">Endpoints</th>
            <th>Default price per kWh</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {clients.data.map((c) => (
            <PriceRow
              key={`${c.clientName}:${c.pricePerKwh === null ? '' : formatNumber(c.pricePerKwh, 6)}`}
              module={module}
              client={c}
              onSaved={() => {
                clients.reload();
                onChanged();
              }}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
