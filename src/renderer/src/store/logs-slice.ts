import type { StateCreator } from 'zustand';
import type { LogEntry } from '../../../shared/core-api';
import { coreApi } from '../bridge/route-client';
import { idle, settled, started, type AsyncState } from './async-state';
import type { AppState } from './app-store';

export type LogLevel = LogEntry['level'];
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
export const LOG_LIMIT = 200;

export interface LogsSlice {
  logs: AsyncState<LogEntry[]>;
  /** Lowest level shown; `debug` shows everything. */
  logLevel: LogLevel;
  loadLogs(): Promise<void>;
  setLogLevel(level: LogLevel): void;
  appendLog(entry: LogEntry): void;
}

export function atLeast(level: LogLevel, min: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(min);
}

let loadSeq = 0;

export const createLogsSlice: StateCreator<AppState, [], [], LogsSlice> = (set, get) => ({
  logs: idle(),
  logLevel: 'debug',
  loadLogs: async () => {
    // A newer load (say, after a filter change) wins over a slower older one.
    const seq = ++loadSeq;
    set({ logs: started(get().logs) });
    const level = get().logLevel;
    const result = await coreApi.call('GET /logs', { query: { level, limit: String(LOG_LIMIT) } });
    if (seq === loadSeq) set({ logs: settled(get().logs, result) });
  },
  setLogLevel: (level) => {
    if (level === get().logLevel) return;
    set({ logLevel: level });
    void get().loadLogs();
  },
  appendLog: (entry) => {
    const { logs, logLevel } = get();
    if (!logs.data || !atLeast(entry.level, logLevel)) return;
    if (logs.data.some((e) => e.id === entry.id && e.id !== 0)) return;
    set({ logs: { ...logs, data: [entry, ...logs.data].slice(0, LOG_LIMIT) } });
  },
});
