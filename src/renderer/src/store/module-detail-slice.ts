import type { StateCreator } from 'zustand';
import type { ModuleDetail } from '../../../shared/core-api';
import type { RouteError } from '../../../shared/result';
import { coreApi } from '../bridge/route-client';
import { idle, settled, started, type AsyncState } from './async-state';
import type { AppState } from './app-store';
import type { SaveState } from './settings-slice';

export interface ModuleDetailSlice {
  /** The module whose details page is open. */
  detailName: string | null;
  moduleDetail: AsyncState<ModuleDetail>;
  moduleSettingsSave: SaveState;
  loadModuleDetail(name: string): Promise<void>;
  /** Saves the given values together; resolves true when the core accepted every one. */
  saveModuleSettings(name: string, values: Record<string, unknown>, title?: string): Promise<boolean>;
  clearModuleSettingsError(): void;
}

const NO_SAVE: SaveState = { saving: false, error: null };
let detailSeq = 0;

export const createModuleDetailSlice: StateCreator<AppState, [], [], ModuleDetailSlice> = (set, get) => ({
  detailName: null,
  moduleDetail: idle(),
  moduleSettingsSave: NO_SAVE,
  loadModuleDetail: async (name) => {
    const seq = ++detailSeq;
    // Another module's details never show under this one's name, not even while loading.
    const previous = get().detailName === name ? get().moduleDetail : idle<ModuleDetail>();
    set({ detailName: name, moduleDetail: started(previous), ...(get().detailName === name ? {} : { moduleSettingsSave: NO_SAVE }) });
    const result = await coreApi.call('GET /modules/:name', { params: { name } });
    if (seq === detailSeq) set({ moduleDetail: settled(get().moduleDetail, result) });
  },
  saveModuleSettings: async (name, values, title = 'Settings saved') => {
    set({ moduleSettingsSave: { saving: true, error: null } });
    const result = await coreApi.call('PUT /modules/:name/settings', { params: { name }, body: { values } });
    const error: RouteError | null = result.ok ? null : result.error;
    set({ moduleSettingsSave: { saving: false, error } });
    if (!result.ok) return false;
    const { moduleDetail, detailName } = get();
    if (detailName === name && moduleDetail.data) set({ moduleDetail: { ...moduleDetail, data: { ...moduleDetail.data, settings: result.data } } });
    const label = moduleDetail.data?.displayName ?? name;
    get().pushToast({ tone: 'success', title, message: `${label} uses the new values from now on.` });
    return true;
  },
  clearModuleSettingsError: () => {
    if (get().moduleSettingsSave.error) set({ moduleSettingsSave: NO_SAVE });
  },
});
