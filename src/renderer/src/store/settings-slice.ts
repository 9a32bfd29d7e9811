import type { StateCreator } from 'zustand';
import type { SettingChangedEvent, SettingDescriptor, SettingValue } from '../../../shared/core-api';
import type { RouteError } from '../../../shared/result';
import { coreApi } from '../bridge/route-client';
import { idle, settled, started, type AsyncState } from './async-state';
import type { AppState } from './app-store';

export interface SaveState {
  saving: boolean;
  error: RouteError | null;
}

export interface SettingsSlice {
  settings: AsyncState<SettingDescriptor[]>;
  saves: Record<string, SaveState>;
  loadSettings(): Promise<void>;
  /** Resolves true when the server accepted the value. */
  saveSetting(key: string, value: SettingValue): Promise<boolean>;
  clearSaveError(key: string): void;
  applySettingChanged(event: SettingChangedEvent): void;
}

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set, get) => ({
  settings: idle(),
  saves: {},
  loadSettings: async () => {
    set({ settings: started(get().settings) });
    const result = await coreApi.call('GET /settings');
    set({ settings: settled(get().settings, result) });
  },
  saveSetting: async (key, value) => {
    set({ saves: { ...get().saves, [key]: { saving: true, error: null } } });
    const result = await coreApi.call('PUT /settings/:key', { params: { key }, body: { value } });
    set({ saves: { ...get().saves, [key]: { saving: false, error: result.ok ? null : result.error } } });
    if (!result.ok) return false;
    get().applySettingChanged({ key, value: result.data.value });
    get().pushToast({ tone: 'success', title: `${result.data.label} saved`, message: String(result.data.value) });
    return true;
  },
  clearSaveError: (key) => {
    const save = get().saves[key];
    if (save?.error) set({ saves: { ...get().saves, [key]: { ...save, error: null } } });
  },
  // Applies a change made here, in another window or from the CLI alike.
  applySettingChanged: ({ key, value }) => {
    const { settings, info } = get();
    const list = settings.data?.map((s) => (s.key === key ? { ...s, value } : s)) ?? null;
    set({
      settings: list ? { ...settings, data: list } : settings,
      info: key === 'timezone' && info.data && typeof value === 'string' ? { ...info, data: { ...info.data, timezone: value } } : info,
    });
  },
});
