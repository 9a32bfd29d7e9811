/** What the tray menu shows, computed from state; the Electron adapter turns it into a Menu. */

export interface CollectionStatus {
  at: string;
  ok: number;
  failed: number;
}

export interface TrayState {
  windowVisible: boolean;
  lastCollection: CollectionStatus | null;
  /** A collection is running now. */
  collecting: boolean;
  schedulesPaused: boolean;
  /** Formats a time for the menu in the user's locale and the app's time zone. */
  formatTime: (iso: string) => string;
}

export type TrayAction = 'open-window' | 'run-collections' | 'pause-schedules' | 'resume-schedules' | 'quit';

export type TrayItem = { kind: 'action'; id: TrayAction; label: string; enabled: boolean } | { kind: 'info'; label: string } | { kind: 'separator' };

export function trayMenuModel(state: TrayState): TrayItem[] {
  const status: TrayItem = { kind: 'info', label: collectionLabel(state) };
  return [
    { kind: 'action', id: 'open-window', label: state.windowVisible ? 'Show NxForge Desktop' : 'Open NxForge Desktop', enabled: true },
    { kind: 'separator' },
    status,
    { kind: 'action', id: 'run-collections', label: state.collecting ? 'Collecting…' : 'Run all collections now', enabled: !state.collecting },
    state.schedulesPaused
      ? { kind: 'action', id: 'resume-schedules', label: 'Resume schedules', enabled: true }
      : { kind: 'action', id: 'pause-schedules', label: 'Pause schedules', enabled: true },
    { kind: 'separator' },
    { kind: 'action', id: 'quit', label: 'Quit NxForge Desktop', enabled: true },
  ];
}

export function collectionLabel(state: Pick<TrayState, 'lastCollection' | 'collecting' | 'formatTime'>): string {
  if (state.collecting) return 'Collection running…';
  const last = state.lastCollection;
  if (!last) return 'No collection yet';
  const outcome = last.failed === 0 ? `${last.ok} ok` : `${last.ok} ok, ${last.failed} failed`;
  return `Last collection ${state.formatTime(last.at)}: ${outcome}`;
}

/** The tray tooltip: the same facts in one line. */
export function trayTooltip(state: Pick<TrayState, 'lastCollection' | 'collecting' | 'schedulesPaused' | 'formatTime'>): string {
  const parts = ['NxForge Desktop', collectionLabel(state)];
  if (state.schedulesPaused) parts.push('schedules paused');
  return parts.join(' — ');
}
