import type { StateCreator } from 'zustand';
import type { LogEntry } from '../../../shared/core-api';
import { coreApi } from '../bridge/route-client';
import { idle, settled, started, type AsyncState } from './async-state';
import type { AppState } from './app-store';
import { atLeast, LOG_LIMIT, type LogLevel } from './logs-slice';

export interface ModuleLogSlice {
  /** The module whose log is shown on its details page. */
  moduleLogName: string | null;
  moduleLogLevel: LogLevel;
  moduleLog: AsyncState<LogEntry[]>;
  loadModuleLog(name: string): Promise<void>;
  setModuleLogLevel(level: LogLevel): void;
  appendModuleLog(entry: LogEntry): void;
}

let seqCounter = 0;

export const createModuleLogSlice: StateCreator<AppState, [], [], ModuleLogSlice> = (set, get) => ({
  moduleLogName: null,
  moduleLogLevel: 'debug',
  moduleLog: idle(),
  loadModuleLog: async (name) => {
    const seq = ++seqCounter;
    const previous = get().moduleLogName === name ? get().moduleLog : idle<LogEntry[]>();
    set({ moduleLogName: name, moduleLog: started(previous) });
    const result = await coreApi.call('GET /modules/:name/logs', { params: { name }, query: { level: get().moduleLogLevel, limit: String(LOG_LIMIT) } });
    if (seq === seqCounter) set({ moduleLog: settled(get().moduleLog, result) });
  },
  setModuleLogLevel: (level) => {
    if (level === get().moduleLogLevel) return;
    set({ moduleLogLevel: level });
    const name = get().moduleLogName;
    if (name) void get().loadModuleLog(name);
  },
  appendModuleLog: (entry) => {
    const { moduleLog, moduleLogName, moduleLogLevel } = get();
    if (!moduleLog.data || entry.module !== moduleLogName || !atLeast(entry.level, moduleLogLevel)) return;
    if (moduleLog.data.some((e) => e.id === entry.id && e.id !== 0)) return;
    set({ moduleLog: { ...moduleLog, data: [entry, ...moduleLog.data].slice(0, LOG_LIMIT) } });
  },
});
