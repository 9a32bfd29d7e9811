import type { CoreEvents } from '../../../shared/core-api';
import type { NxforgeBridge } from '../../../shared/contract';
import type { BridgeClient } from '../bridge/bridge-client';
import { useAppStore } from './app-store';

/** Topics of the shared contract carry known payloads; this is the one place that trusts them. */
function onCoreEvent<K extends keyof CoreEvents>(bridge: NxforgeBridge, topic: K, handler: (payload: CoreEvents[K]) => void): () => void {
  return bridge.on(topic, (event) => handler(event.payload as CoreEvents[K]));
}

/**
 * The one subscriber that applies pushed events to the store. After the event channel
 * drops and comes back, lists that may have missed events are reloaded.
 * The enabled modules' pages are loaded here too, at start, so the sidebar has them at once.
 */
export function startEventSync(client: BridgeClient): () => void {
  const store = useAppStore;
  const offSettings = onCoreEvent(client.bridge, 'core:settings.changed', (change) => {
    store.getState().applySettingChanged(change);
    if (change.key === 'jobs.paused') store.getState().applyJobsPaused(change.value === true);
  });
  const offLog = onCoreEvent(client.bridge, 'core:log', (entry) => {
    store.getState().appendLog(entry);
    store.getState().appendModuleLog(entry);
    store.getState().appendRunLog(entry);
  });
  // Every transition changes what the Modules page lists and which module pages exist.
  const offModuleState = onCoreEvent(client.bridge, 'core:module.state', (event) => {
    const state = store.getState();
    state.applyModuleState(event);
    void state.loadModuleUi();
    if (state.modules.data) void state.loadModules();
    if (state.detailName === event.name && event.state !== 'UNINSTALLED') void state.loadModuleDetail(event.name);
    // A module's jobs come and go with it, and its state shows beside them.
    state.applyJobsChanged();
  });
  const offModuleSettings = onCoreEvent(client.bridge, 'core:module.settings', ({ name }) => {
    const state = store.getState();
    if (state.detailName === name && !state.moduleSettingsSave.saving) void state.loadModuleDetail(name);
  });
  const offJobRun = onCoreEvent(client.bridge, 'core:job.run', (event) => {
    store.getState().applyJobRun(event);
    store.getState().applyRunStatus(event);
  });
  const offJobProgress = onCoreEvent(client.bridge, 'core:job.progress', (event) => {
    store.getState().applyJobProgress(event);
    store.getState().applyRunProgress(event);
  });
  const offJobsChanged = onCoreEvent(client.bridge, 'core:jobs.changed', () => store.getState().applyJobsChanged());
  void store.getState().loadModuleUi();
  let wasConnected = client.connection.get() === 'connected';
  const offConnection = client.connection.subscribe(() => {
    const connected = client.connection.get() === 'connected';
    if (connected && !wasConnected) {
      const state = store.getState();
      if (state.logs.data) void state.loadLogs();
      if (state.settings.data) void state.loadSettings();
      void state.loadModuleUi();
      if (state.modules.data) void state.loadModules();
      if (state.detailName) void state.loadModuleDetail(state.detailName);
      if (state.moduleLogName && state.moduleLog.data) void state.loadModuleLog(state.moduleLogName);
      if (state.jobsPaused.data !== null) void state.loadJobsPaused();
      state.applyJobsChanged();
      if (state.runsJobId && state.runs.data) void state.loadRuns(state.runsJobId);
      if (state.runDetailId) void state.loadRunDetail(state.runDetailId);
    }
    wasConnected = connected;
  });
  return () => {
    offConnection();
    offJobsChanged();
    offJobProgress();
    offJobRun();
    offModuleSettings();
    offModuleState();
    offLog();
    offSettings();
  };
}
