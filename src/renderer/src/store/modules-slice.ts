import type { StateCreator } from 'zustand';
import type { InstallReport, ModuleListItem, ModuleStateEvent, ModuleUiEntry } from '../../../shared/core-api';
import type { RouteError } from '../../../shared/result';
import { coreApi } from '../bridge/route-client';
import { readFileAsBase64 } from '../lib/file-base64';
import { idle, settled, started, type AsyncState } from './async-state';
import type { AppState } from './app-store';

export type ModuleAction = 'enable' | 'disable' | 'uninstall';

/** The one install at a time that the Modules page shows: reading and sending, then its report or error. */
export type InstallState =
  | { phase: 'idle' }
  | { phase: 'busy'; fileName: string }
  | { phase: 'done'; fileName: string; report: InstallReport }
  | { phase: 'failed'; fileName: string; error: RouteError; file: File | null };

export interface ModulesSlice {
  modules: AsyncState<ModuleListItem[]>;
  /** Pages and sidebar items of the enabled modules. */
  moduleUi: AsyncState<ModuleUiEntry[]>;
  moduleBusy: Record<string, ModuleAction>;
  install: InstallState;
  loadModules(): Promise<void>;
  loadModuleUi(): Promise<void>;
  installModuleFile(file: File, options?: { force?: boolean }): Promise<void>;
  dismissInstall(): void;
  /** Resolves true when the core did it. */
  runModuleAction(name: string, action: ModuleAction, options?: { purge?: boolean }): Promise<boolean>;
  applyModuleState(event: ModuleStateEvent): void;
}

export const PACKAGE_EXTENSION = '.nxmod';
/** The core refuses larger uploads; saying so before reading the file spares the wait. */
export const MAX_PACKAGE_BYTES = 100 * 1024 * 1024;

const DONE_TEXT: Record<ModuleAction, string> = { enable: 'enabled', disable: 'disabled', uninstall: 'uninstalled' };

function refusal(message: string): RouteError {
  return { code: 'VALIDATION', message };
}

let listSeq = 0;
let uiSeq = 0;

export const createModulesSlice: StateCreator<AppState, [], [], ModulesSlice> = (set, get) => ({
  modules: idle(),
  moduleUi: idle(),
  moduleBusy: {},
  install: { phase: 'idle' },
  loadModules: async () => {
    // State events come in bursts (ENABLING, ENABLED): the newest load wins.
    const seq = ++listSeq;
    set({ modules: started(get().modules) });
    const result = await coreApi.call('GET /modules');
    if (seq === listSeq) set({ modules: settled(get().modules, result) });
  },
  loadModuleUi: async () => {
    const seq = ++uiSeq;
    set({ moduleUi: started(get().moduleUi) });
    const result = await coreApi.call('GET /ui/modules');
    if (seq === uiSeq) set({ moduleUi: settled(get().moduleUi, result) });
  },
  installModuleFile: async (file, options = {}) => {
    // One install at a time: a second drop while one is sent would race it for the report.
    if (get().install.phase === 'busy') return;
    const fileName = file.name;
    if (!fileName.toLowerCase().endsWith(PACKAGE_EXTENSION)) {
      set({ install: { phase: 'failed', fileName, file: null, error: refusal(`${fileName} is not a module package: pick a ${PACKAGE_EXTENSION} file.`) } });
      return;
    }
    if (file.size > MAX_PACKAGE_BYTES) {
      set({ install: { phase: 'failed', fileName, file: null, error: refusal(`${fileName} is larger than 100 MB, the most a module package may be.`) } });
      return;
    }
    set({ install: { phase: 'busy', fileName } });
    let contentBase64: string;
    try {
      contentBase64 = await readFileAsBase64(file);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      set({ install: { phase: 'failed', fileName, file, error: { code: 'INTERNAL', message: `${fileName} could not be read: ${message}` } } });
      return;
    }
    const result = await coreApi.call('POST /modules/upload', { body: { fileName, contentBase64, ...(options.force ? { force: true } : {}) } });
    set({ install: result.ok ? { phase: 'done', fileName, report: result.data } : { phase: 'failed', fileName, file, error: result.error } });
    if (result.ok) void get().loadModules();
  },
  dismissInstall: () => set({ install: { phase: 'idle' } }),
  runModuleAction: async (name, action, options = {}) => {
    if (get().moduleBusy[name]) return false;
    set({ moduleBusy: { ...get().moduleBusy, [name]: action } });
    const params = { name };
    const result =
      action === 'enable'
        ? await coreApi.call('POST /modules/:name/enable', { params })
        : action === 'disable'
          ? await coreApi.call('POST /modules/:name/disable', { params })
          : await coreApi.call('DELETE /modules/:name', { params, query: { purge: options.purge ? 'true' : 'false' } });
    const { [name]: _done, ...busy } = get().moduleBusy;
    set({ moduleBusy: busy });
    const label = get().modules.data?.find((m) => m.name === name)?.displayName ?? name;
    if (result.ok) {
      const purged = action === 'uninstall' && options.purge ? ', with its data' : '';
      get().pushToast({ tone: 'success', title: `${label} ${DONE_TEXT[action]}${purged}` });
    } else {
      get().pushToast({ tone: 'error', title: `${label} could not be ${DONE_TEXT[action]}`, message: result.error.message });
    }
    void get().loadModules();
    return result.ok;
  },
  // Shown at once; the reload that follows brings the rest (version, error, running).
  applyModuleState: ({ name, state, error }) => {
    const { modules } = get();
    if (!modules.data) return;
    const list =
      state === 'UNINSTALLED' ? modules.data.filter((m) => m.name !== name) : modules.data.map((m) => (m.name === name ? { ...m, state, error } : m));
    set({ modules: { ...modules, data: list } });
  },
});
