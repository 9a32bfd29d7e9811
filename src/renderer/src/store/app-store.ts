import { create } from 'zustand';
import { createJobsSlice, type JobsSlice } from './jobs-slice';
import { createLogsSlice, type LogsSlice } from './logs-slice';
import { createModuleDetailSlice, type ModuleDetailSlice } from './module-detail-slice';
import { createModuleLogSlice, type ModuleLogSlice } from './module-log-slice';
import { createModulesSlice, type ModulesSlice } from './modules-slice';
import { createRunsSlice, type RunsSlice } from './runs-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createSystemSlice, type SystemSlice } from './system-slice';
import { createToastSlice, type ToastSlice } from './toast-slice';

export type AppState = SystemSlice &
  SettingsSlice &
  LogsSlice &
  ToastSlice &
  ModulesSlice &
  ModuleDetailSlice &
  ModuleLogSlice &
  JobsSlice &
  RunsSlice;

/** The one store, built from slices; components select narrowly from it. */
export const useAppStore = create<AppState>()((...a) => ({
  ...createSystemSlice(...a),
  ...createSettingsSlice(...a),
  ...createLogsSlice(...a),
  ...createToastSlice(...a),
  ...createModulesSlice(...a),
  ...createModuleDetailSlice(...a),
  ...createModuleLogSlice(...a),
  ...createJobsSlice(...a),
  ...createRunsSlice(...a),
}));
