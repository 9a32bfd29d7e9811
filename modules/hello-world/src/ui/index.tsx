import { useState } from 'react';
import { Button, Card, ErrorNotice, Loading, callRoute, useEvent, useRoute, type PageProps, type RouteError } from '@nxforge/sdk/ui';

interface Greeting {
  message: string;
  total: number;
}

/** What the core answers for a manual run: the run's record (see `nxforge job run`). */
interface JobRun {
  status: string;
  error: string | null;
  result: { total: number } | null;
}

/**
 * The module's page. The app mounts it at /m/hello-world under its own header; `module` is the
 * module's name, so the same code works under another name too.
 */
export function HelloPage({ module }: PageProps) {
  const [name, setName] = useState('world');
  const [asked, setAsked] = useState('world');
  const greeting = useRoute<Greeting>({ module, path: '/greeting', query: { name: asked } });
  const [live, setLive] = useState<number | null>(null);
  useEvent<{ total: number }>(`${module}:greeted`, (payload) => setLive(payload.total));

  const [running, setRunning] = useState(false);
  const [counted, setCounted] = useState<string | null>(null);
  const [jobError, setJobError] = useState<RouteError | null>(null);
  const runJob = async () => {
    setRunning(true);
    setJobError(null);
    const run = await callRoute<JobRun>({ module: 'core', method: 'POST', path: `/modules/${module}/jobs/count-greetings/run` });
    setRunning(false);
    if (!run.ok) {
      setCounted(null);
      setJobError(run.error);
    } else if (run.data.status === 'succeeded' && run.data.result) {
      setCounted(`Counted ${run.data.result.total} greeting${run.data.result.total === 1 ? '' : 's'}.`);
    } else {
      setCounted(`The job ${run.data.status}${run.data.error ? `: ${run.data.error}` : '.'}`);
    }
  };

  return (
    <div className="nx-page">
      <Card title="Say hello" actions={<span className="nx-muted">GET /greeting</span>}>
        <p className="nx-muted">The module answers with its Greeting setting and keeps every greeting in its own table.</p>
        <form
          className="nx-row"
          onSubmit={(e) => {
            e.preventDefault();
            const next = name.trim() || 'world';
            if (next === asked) greeting.reload();
            else setAsked(next);
          }}
        >
          <label className="nx-field">
            <span>Name</span>
            <input data-testid="hello-name" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />
          </label>
          <Button type="submit" kind="primary" disabled={greeting.loading} data-testid="hello-greet">
            Greet
          </Button>
        </form>
        {greeting.loading && !greeting.data && <Loading label="Asking the module…" />}
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
      <Card title="Count greetings" actions={<span className="nx-muted">a job, run by hand</span>}>
        <p className="nx-muted">The module's job counts the greetings stored in its table and writes the total to its log.</p>
        <Button data-testid="hello-run-job" disabled={running} onClick={() => void runJob()}>
          {running ? 'Running…' : 'Run “Count greetings” now'}
        </Button>
        <ErrorNotice error={jobError} />
        {counted && <p data-testid="hello-job-result">{counted}</p>}
      </Card>
    </div>
  );
}
