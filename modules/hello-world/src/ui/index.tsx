import { useState } from 'react';
import { Button, Card, ErrorNotice, Loading, callRoute, useEvent, useRoute, type PageProps } from '@nxforge/sdk/ui';

interface Greeting {
  message: string;
  total: number;
}

export function HelloPage({ module }: PageProps) {
  const [name, setName] = useState('world');
  const [asked, setAsked] = useState('world');
  const greeting = useRoute<Greeting>({ module, path: '/greeting', query: { name: asked } });
  const [live, setLive] = useState<number | null>(null);
  const [counted, setCounted] = useState<string | null>(null);
  useEvent<{ total: number }>(`${module}:greeted`, (payload) => setLive(payload.total));

  return (
    <div className="nx-page">
      <Card title="Hello World" actions={<span className="nx-muted">an example module</span>}>
        <form
          className="nx-row"
          onSubmit={(e) => {
            e.preventDefault();
            setAsked(name.trim() || 'world');
          }}
        >
          <label className="nx-field">
            <span>Name</span>
            <input data-testid="hello-name" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <Button type="submit" kind="primary" data-testid="hello-greet">
            Greet
          </Button>
        </form>
        {greeting.loading && <Loading />}
        <ErrorNotice error={greeting.error} onRetry={greeting.reload} />
        {greeting.data && (
          <p className="nx-lead" data-testid="hello-message">
            {greeting.data.message}
          </p>
        )}
        <p className="nx-muted" data-testid="hello-total">
          Greetings so far: {live ?? greeting.data?.total ?? '…'}
        </p>
      </Card>
      <Card title="Job">
        <p className="nx-muted">The module's job counts the greetings stored in its own table.</p>
        <Button
          data-testid="hello-run-job"
          onClick={() => {
            void callRoute<{ result: { total: number } }>({ module: 'core', method: 'POST', path: `/modules/${module}/jobs/count-greetings/run` }).then((r) =>
              setCounted(r.ok ? `Counted ${r.data.result.total} greeting(s).` : r.error.message),
            );
          }}
        >
          Run “Count greetings” now
        </Button>
        {counted && <p data-testid="hello-job-result">{counted}</p>}
      </Card>
    </div>
  );
}
