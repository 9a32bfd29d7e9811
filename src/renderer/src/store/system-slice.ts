import type { StateCreator } from 'zustand';
import type { CoreInfo } from '../../../shared/core-api';
import { coreApi } from '../bridge/route-client';
import { idle, settled, started, type AsyncState } from './async-state';
import type { AppState } from './app-store';

export interface SystemSlice {
  info: AsyncState<CoreInfo>;
  loadInfo(): Promise<void>;
}

// The shell and the System page both ask for info at start; one request serves both.
let inflight: Promise<void> | null = null;

export const createSystemSlice: StateCreator<AppState, [], [], SystemSlice> = (set, get) => ({
  info: idle(),
  loadInfo: () => {
    inflight ??= (async () => {
      set({ info: started(get().info) });
      const result = await coreApi.call('GET /info');
      set({ info: settled(get().info, result) });
    })().finally(() => {
      inflight = null;
    });
    return inflight;
  },
});
