type Tone = 'success' | 'neutral' | 'warning' | 'danger' | 'info';

const STATES: Record<string, { label: string; tone: Tone; hint: string }> = {
  ENABLED: { label: 'Enabled', tone: 'success', hint: 'Running: its routes answer and its pages are in the sidebar.' },
  INSTALLED: { label: 'Installed', tone: 'info', hint: 'Installed and checked, never enabled: its code has not run yet.' },
  DISABLED: { label: 'Disabled', tone: 'neutral', hint: 'Stopped: its routes answer MODULE_UNAVAILABLE. Its data is kept.' },
  ENABLING: { label: 'Enabling', tone: 'warning', hint: 'Running its migrations and starting.' },
  DISABLING: { label: 'Disabling', tone: 'warning', hint: 'Stopping.' },
  UPDATING: { label: 'Updating', tone: 'warning', hint: 'A new version is being put in place.' },
  REMOVING: { label: 'Removing', tone: 'warning', hint: 'Being uninstalled.' },
  ERROR: { label: 'Error', tone: 'danger', hint: 'Stopped by a failure; see the message. Enable starts it again.' },
};

export function moduleStateInfo(state: string): { label: string; tone: Tone; hint: string } {
  return STATES[state.toUpperCase()] ?? { label: state.toLowerCase(), tone: 'neutral', hint: state };
}

export function isTransient(state: string): boolean {
  return moduleStateInfo(state).tone === 'warning';
}

/** A module's lifecycle state as a coloured badge; passing states carry a pulsing dot. */
export function ModuleStateBadge({ state, testId }: { state: string; testId?: string }) {
  const info = moduleStateInfo(state);
  return (
    <span className={`badge badge--${info.tone} badge--dot`} title={info.hint} data-testid={testId} data-state={state}>
      <span className={`badge__dot${info.tone === 'warning' ? ' badge__dot--pulse' : ''}`} />
      {info.label}
    </span>
  );
}
