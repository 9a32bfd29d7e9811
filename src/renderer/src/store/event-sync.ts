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
 */
export function startEventSync(client: BridgeClient): () => void {
  const store = useAppStore;
  const offSettings = onCoreEvent(client.bridge, 'core:settings.changed', (change) => store.getState().applySettingChanged(change));
  const offLog = onCoreEvent(client.bridge, 'core:log', (entry) => store.getState().appendLog(entry));
  let wasConnected = client.connection.get() === 'connected';
  const offConnection = client.connection.subscribe(() => {
    const connected = client.connection.get() === 'connected';
    if (connected && !wasConnected) {
      const state = store.getState();
      if (state.logs.data) void state.loadLogs();
      if (state.settings.data) void state.loadSettings();
    }
    wasConnected = connected;
  });
  return () => {
    offConnection();
    offLog();
    offSettings();
  };
}
