import { useMemo, useState } from 'react';
import { Button, Card, ErrorNotice, Loading, callRoute, pageQuery, useEvent, useRoute, type PageProps, type RouteError } from '@nxforge/sdk/ui';
import type { EndpointView, LiveEndpoint, TestScrapeResult } from './api';
import { ConfirmDialog } from './confirm-dialog';
import { fromEndpoint, newDraft, toBody, type EndpointDraft } from './endpoint-draft';
import { EndpointForm } from './endpoint-form';
import { EndpointTable } from './endpoint-table';
import { useNow } from './hooks';
import { ImportPanel } from './import-panel';
import { ModuleStyles } from './styles';
import { TestPanel } from './test-panel';

type Panel = { kind: 'form'; id: number | null } | { kind: 'import'; id: number } | null;

interface TestState {
  running: boolean;
  result: TestScrapeResult | null;
  error: RouteError | null;
}

const NO_TEST: TestState = { running: false, result: null, error: null };

/** The meters to read: a table, the add/edit form with its step builder, a trial scrape, import and delete. */
export function EndpointsPage({ module }: PageProps) {
  const endpoints = useRoute<EndpointView[]>({ module, path: '/endpoints' });
  const live = useRoute<LiveEndpoint[]>({ module, path: '/live' });
  const reloadAll = () => {
    endpoints.reload();
    live.reload();
  };
  useEvent(`${module}:endpoints`, reloadAll);
  useEvent(`${module}:readings`, live.reload);
  const now = useNow();

  const [panel, setPanel] = useState<Panel>(() => (pageQuery().get('new') === '1' ? { kind: 'form', id: null } : null));
  const [draft, setDraft] = useState<EndpointDraft>(newDraft);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<RouteError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [test, setTest] = useState<TestState>(NO_TEST);
  const [deleting, setDeleting] = useState<EndpointView | null>(null);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [actionError, setActionError] = useState<RouteError | null>(null);
  // What a save answered, until the list it was saved over has reloaded: the form then shows the
  // saved endpoint at once (its title, its stored password) instead of the list's older copy.
  const [justSaved, setJustSaved] = useState<{ view: EndpointView; over: EndpointView[] | null } | null>(null);

  const list = endpoints.data ?? [];
  const liveById = useMemo(() => new Map((live.data ?? []).map((e) => [e.endpointId, e])), [live.data]);
  const formId = panel?.kind === 'form' ? panel.id : null;
  const saveAnswer = justSaved !== null && justSaved.over === endpoints.data && justSaved.view.id === formId ? justSaved.view : null;
  const current = formId !== null ? (saveAnswer ?? list.find((e) => e.id === formId) ?? null) : null;
  const importing = panel?.kind === 'import' ? (list.find((e) => e.id === panel.id) ?? null) : null;

  const open = (next: Panel, endpoint: EndpointView | null) => {
    setPanel(next);
    setDraft(fromEndpoint(endpoint));
    setSaveError(null);
    setSaved(null);
    setTest(NO_TEST);
  };

  const save = async (body: Record<string, unknown>) => {
    setSaving(true);
    setSaveError(null);
    setSaved(null);
    const answer = current
      ? await callRoute<EndpointView>({ module, method: 'PUT', path: `/endpoints/${current.id}`, body })
      : await callRoute<EndpointView>({ module, method: 'POST', path: '/endpoints', body });
    setSaving(false);
    if (!answer.ok) return setSaveError(answer.error);
    // Keep the form open on the saved endpoint, so it can be tested right away.
    setPanel({ kind: 'form', id: answer.data.id });
    setJustSaved({ view: answer.data, over: endpoints.data });
    setDraft(fromEndpoint(answer.data));
    setSaved(current ? `Saved ${answer.data.name}.` : `Added ${answer.data.name}. Test it to see what the scraper reads.`);
    endpoints.reload();
    live.reload();
  };

  /** Tests what the form holds (saved or not); a saved endpoint's stored password is used unless a new one is typed. */
  const runTest = async (d: EndpointDraft, endpoint: EndpointView | null) => {
    const { body } = toBody({ ...d, enabled: false }, endpoint?.hasPassword ?? false);
    setTest({ running: true, result: null, error: null });
    const answer = await callRoute<TestScrapeResult>({ module, method: 'POST', path: '/endpoints/test', body: { ...body, ...(endpoint ? { id: endpoint.id } : {}) } });
    setTest(answer.ok ? { running: false, result: answer.data, error: null } : { running: false, result: null, error: answer.error });
  };

  const testSaved = async (e: EndpointView) => {
    open({ kind: 'form', id: e.id }, e);
    setTest({ running: true, result: null, error: null });
    const answer = await callRoute<TestScrapeResult>({ module, method: 'POST', path: `/endpoints/${e.id}/test` });
    setTest(answer.ok ? { running: false, result: answer.data, error: null } : { running: false, result: null, error: answer.error });
  };

  const toggle = async (e: EndpointView, enabled: boolean) => {
    setActionError(null);
    const answer = await callRoute<EndpointView>({ module, method: 'PATCH', path: `/endpoints/${e.id}`, body: { enabled } });
    if (!answer.ok) setActionError(answer.error);
    endpoints.reload();
  };

  const remove = async () => {
    if (!deleting) return;
    setDeleteBusy(true);
    const answer = await callRoute({ module, method: 'DELETE', path: `/endpoints/${deleting.id}` });
    setDeleteBusy(false);
    if (!answer.ok) setActionError(answer.error);
    if (panel && 'id' in panel && panel.id === deleting.id) setPanel(null);
    setDeleting(null);
    reloadAll();
  };

  const formOpen = panel?.kind === 'form';
  return (
    <div className="nx-page" data-testid="endpoints-page">
      <ModuleStyles />
      {formOpen && (
        <Card title={current ? `Edit ${current.name}` : 'New endpoint'} actions={current ? <span className="nx-muted">id {current.id}</span> : undefined}>
          {saved && (
            <p className="cm-ok" role="status" data-testid="endpoint-saved">
              {saved}
            </p>
          )}
          <EndpointForm
            key={current?.id ?? 'new'}
            draft={draft}
            onChange={setDraft}
            endpoint={current}
            saving={saving}
            error={saveError}
            onSave={(body) => void save(body)}
            onCancel={() => setPanel(null)}
            actions={
              <Button onClick={() => void runTest(draft, current)} disabled={test.running} data-testid="endpoint-test">
                {test.running ? 'Testing…' : 'Test'}
              </Button>
            }
          />
        </Card>
      )}
      {formOpen && (test.running || test.result || test.error) && (
        <Card title="Test read" actions={<span className="nx-muted">POST /endpoints/test</span>}>
          <TestPanel running={test.running} result={test.result} error={test.error} />
        </Card>
      )}
      {importing && (
        <Card title={`Import readings into ${importing.name}`}>
          <ImportPanel module={module} endpoint={importing} onClose={() => setPanel(null)} />
        </Card>
      )}
      <Card
        title="Endpoints"
        actions={
          <Button kind="primary" onClick={() => open({ kind: 'form', id: null }, null)} data-testid="endpoint-add">
            Add endpoint
          </Button>
        }
      >
        {endpoints.loading && !endpoints.data && <Loading />}
        <ErrorNotice error={endpoints.error} onRetry={endpoints.reload} />
        <ErrorNotice error={actionError} />
        {endpoints.data && list.length === 0 && formOpen && <p className="cm-hint">The new endpoint is listed here once it is added.</p>}
        {endpoints.data && list.length === 0 && !formOpen && (
          <div className="cm-empty" data-testid="endpoints-empty">
            <div className="cm-empty-title">No endpoints yet</div>
            <p className="nx-muted">Add the web page of a meter: its address, how to log in, and where the kWh counter is on the page.</p>
          </div>
        )}
        {list.length > 0 && (
          <EndpointTable
            endpoints={list}
            live={liveById}
            now={now}
            selected={panel && 'id' in panel ? panel.id : null}
            onEdit={(e) => open({ kind: 'form', id: e.id }, e)}
            onTest={(e) => void testSaved(e)}
            onImport={(e) => open({ kind: 'import', id: e.id }, e)}
            onDelete={setDeleting}
            onToggle={(e, enabled) => void toggle(e, enabled)}
          />
        )}
      </Card>
      {deleting && (
        <ConfirmDialog title={`Delete ${deleting.name}?`} confirm="Delete endpoint" busy={deleteBusy} onConfirm={() => void remove()} onCancel={() => setDeleting(null)}>
          Its readings, rollups and stored password go with it, and its figures leave every report. This cannot be undone; to stop reading it but keep its history,
          switch it off instead.
        </ConfirmDialog>
      )}
    </div>
  );
}
