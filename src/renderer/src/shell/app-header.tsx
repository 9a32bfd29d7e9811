import { useSyncExternalStore } from 'react';
import { bridgeClient, type ConnectionState } from '../bridge/bridge-client';
import { useAppStore } from '../store/app-store';
import { IconBolt } from '../ui/icons';

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connected: 'Live',
  connecting: 'Connecting…',
  offline: 'Offline',
};

const MODE_TEXT = { desktop: 'Desktop', serve: 'Serve mode', cli: 'CLI' } as const;

function ConnectionBadge() {
  const connection = bridgeClient().connection;
  const state = useSyncExternalStore(connection.subscribe, connection.get);
  const title =
    state === 'connected' ? 'Receiving live updates' : state === 'connecting' ? 'Opening the event channel' : 'No live updates: reconnecting';
  return (
    <span className={`status-pill status-pill--${state}`} title={title} data-testid="connection-status">
      <span className="status-pill__dot" />
      {CONNECTION_TEXT[state]}
    </span>
  );
}

export function AppHeader() {
  const mode = useAppStore((s) => s.info.data?.mode);
  return (
    <header className="app-header" data-testid="app-header">
      <div className="app-header__brand">
        <span className="app-header__logo">
          <IconBolt size={16} />
        </span>
        <span className="app-header__name">NxForge Desktop</span>
      </div>
      <div className="app-header__meta">
        {mode && <span className="tag">{MODE_TEXT[mode]}</span>}
        <ConnectionBadge />
      </div>
    </header>
  );
}
