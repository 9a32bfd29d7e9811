import { useEffect, useSyncExternalStore } from 'react';
import type { LogEntry } from '../../../shared/core-api';
import { bridgeClient } from '../bridge/bridge-client';
import { useAppStore } from '../store/app-store';
import { LOG_LEVELS, LOG_LIMIT, type LogLevel } from '../store/logs-slice';
import { AsyncView, SkeletonLines } from '../ui/async-view';
import { formatClock, formatDay, zoneOffset } from '../ui/format';
import { IconList } from '../ui/icons';
import { PageHeader, RefreshButton } from '../ui/page-header';

const LEVEL_LABEL: Record<LogLevel, string> = { debug: 'All', info: 'Info+', warn: 'Warnings+', error: 'Errors' };

export function LevelFilter({ level, setLevel }: { level: LogLevel; setLevel(level: LogLevel): void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label="Lowest level shown" data-testid="log-level-filter">
      {LOG_LEVELS.map((l) => (
        <button
          key={l}
          type="button"
          role="radio"
          aria-checked={level === l}
          className={`segmented__item${level === l ? ' segmented__item--active' : ''}`}
          onClick={() => setLevel(l)}
          data-testid={`log-level-${l}`}
        >
          {LEVEL_LABEL[l]}
        </button>
      ))}
    </div>
  );
}

function details(entry: LogEntry): string | null {
  if (entry.details === null || entry.details === undefined) return null;
  return typeof entry.details === 'string' ? entry.details : JSON.stringify(entry.details);
}

export function LogTable({ entries, timeZone, showModule = true }: { entries: LogEntry[]; timeZone: string | undefined; showModule?: boolean }) {
  if (entries.length === 0) {
    return (
      <div className="empty-state" data-testid="logs-empty">
        <div className="empty-state__icon">
          <IconList size={22} />
        </div>
        <div className="empty-state__title">No log lines at this level</div>
        <p className="empty-state__text">New lines appear here as they are written.</p>
      </div>
    );
  }
  const today = formatDay(new Date().toISOString(), timeZone);
  return (
    <div className="table-wrap table-wrap--scroll">
      <table className="table table--dense table--logs" data-testid="logs-table">
        <thead>
          <tr>
            <th scope="col" className="col-time" title={timeZone ? `Times in ${timeZone}, the app's time zone` : undefined}>
              Time{timeZone ? ` (${zoneOffset(timeZone)})` : ''}
            </th>
            <th scope="col" className="col-level">
              Level
            </th>
            {showModule && (
              <th scope="col" className="col-module">
                Module
              </th>
            )}
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const day = formatDay(entry.at, timeZone);
            const extra = details(entry);
            return (
              <tr key={`${entry.id}-${entry.at}`} data-testid="log-row" data-level={entry.level}>
                <td className="mono nowrap muted" title={entry.at}>
                  {day !== today && <span className="log-day">{day} </span>}
                  {formatClock(entry.at, timeZone)}
                </td>
                <td>
                  <span className={`level level--${entry.level}`}>{entry.level}</span>
                </td>
                {showModule && <td className="mono nowrap">{entry.module}</td>}
                <td className="log-message">
                  {entry.message}
                  {extra && <div className="log-details mono">{extra}</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Whether new lines arrive by themselves (the event channel is up). */
export function LiveHint() {
  const connection = bridgeClient().connection;
  const live = useSyncExternalStore(connection.subscribe, connection.get) === 'connected';
  return (
    <span className={`live-hint${live ? ' live-hint--on' : ''}`} data-testid="logs-live">
      <span className="live-hint__dot" />
      {live ? 'Updating live' : 'Live updates paused: reconnecting'}
    </span>
  );
}

/** Recent log lines, newest first, kept current by `core:log` events. */
export function LogsPage() {
  const logs = useAppStore((s) => s.logs);
  const level = useAppStore((s) => s.logLevel);
  const setLevel = useAppStore((s) => s.setLogLevel);
  const loadLogs = useAppStore((s) => s.loadLogs);
  const timeZone = useAppStore((s) => s.info.data?.timezone);
  useEffect(() => {
    void loadLogs();
  }, [loadLogs]);
  return (
    <div data-testid="logs-page">
      <PageHeader
        title="Logs"
        description={`The latest ${LOG_LIMIT} lines from the core and its modules, newest first.`}
        actions={<RefreshButton loading={logs.loading} onClick={() => void loadLogs()} />}
      />
      <section className="card card--flush">
        <div className="card__header card__header--toolbar">
          <LevelFilter level={level} setLevel={setLevel} />
          <LiveHint />
        </div>
        <AsyncView state={logs} what="log lines" onRetry={() => void loadLogs()} skeleton={<SkeletonLines lines={8} />}>
          {(entries) => <LogTable entries={entries} timeZone={timeZone} />}
        </AsyncView>
      </section>
    </div>
  );
}
