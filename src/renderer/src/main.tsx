import { setBridge } from '@nxforge/sdk/ui';
import { StrictMode, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { bridgeClient } from './bridge/bridge-client';
import { startModulePages } from './modules/module-pages';
import { exposeSharedModules } from './modules/shared-modules';
import { AccessPage } from './shell/access-page';
import { registerCorePages } from './shell/core-pages';
import { startEventSync } from './store/event-sync';
import './styles/index.css';

const client = bridgeClient();
// Before any module page loads: they share this React and call routes through this bridge.
exposeSharedModules();
setBridge(client.bridge);
registerCorePages();
startModulePages();
startEventSync(client);

function Root() {
  const problem = useSyncExternalStore(client.access.subscribe, client.access.get);
  return problem ? <AccessPage problem={problem} /> : <App />;
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
