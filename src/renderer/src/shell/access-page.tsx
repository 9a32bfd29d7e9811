import type { AccessProblem } from '../bridge/bridge-client';
import { IconBolt, IconKey } from '../ui/icons';

const TEXT: Record<Exclude<AccessProblem, null>, { title: string; lead: string }> = {
  'missing-token': {
    title: 'Open NxForge with its access link',
    lead: 'This page was opened without the access token that the NxForge server requires, so it cannot show your data.',
  },
  'rejected-token': {
    title: 'The access link is no longer valid',
    lead: 'The server did not accept this page’s access token. It probably restarted, and each start makes a new token.',
  },
};

/** Full-page help when serve mode is opened without a valid token. */
export function AccessPage({ problem }: { problem: Exclude<AccessProblem, null> }) {
  const text = TEXT[problem];
  return (
    <div className="access" data-testid="access-page" data-problem={problem}>
      <div className="access__card">
        <div className="access__brand">
          <span className="app-header__logo">
            <IconBolt size={16} />
          </span>
          NxForge Desktop
        </div>
        <div className="access__icon">
          <IconKey size={22} />
        </div>
        <h1 className="access__title">{text.title}</h1>
        <p className="access__lead">{text.lead}</p>
        <ol className="access__steps">
          <li>
            Find the terminal where you ran <code>npm run serve</code> (or <code>npx nxforge serve</code>). If it is not running, start it.
          </li>
          <li>
            Look for the line that starts with <code>NXFORGE_URL=</code>:
            <pre className="access__sample" data-testid="access-sample">NXFORGE_URL=http://127.0.0.1:PORT/?token=…</pre>
          </li>
          <li>Open the address after the equals sign in this browser. The token keeps working until the server stops.</li>
        </ol>
        <p className="access__note">The token keeps other web pages and other users of this computer away from your data.</p>
      </div>
    </div>
  );
}
