import type { StateCreator } from 'zustand';
import type { AppState } from './app-store';

export interface Toast {
  id: number;
  tone: 'success' | 'error' | 'info';
  title: string;
  message?: string;
}

export interface ToastSlice {
  toasts: Toast[];
  pushToast(toast: Omit<Toast, 'id'>): number;
  dismissToast(id: number): void;
}

const TOAST_MS = 4_000;
let nextToastId = 1;

export const createToastSlice: StateCreator<AppState, [], [], ToastSlice> = (set, get) => ({
  toasts: [],
  pushToast: (toast) => {
    const id = nextToastId++;
    set({ toasts: [...get().toasts, { ...toast, id }].slice(-4) });
    if (toast.tone !== 'error') setTimeout(() => get().dismissToast(id), TOAST_MS);
    return id;
  },
  dismissToast: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
});
