import { StrictMode, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { bridgeClient } from './bridge/bridge-client';
import { AccessPage } from './shell/access-page';
import { registerCorePages } from './shell/core-pages';
import { startEventSync } from './store/event-sync';
import './styles/index.css';

const client = bridgeClient();
registerCorePages();
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
