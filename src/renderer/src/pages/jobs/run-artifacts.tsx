import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { JobRunRecord, RunArtifactData } from '../../../../shared/core-api';
import { useAppStore } from '../../store/app-store';
import type { AsyncState } from '../../store/async-state';
import { Dialog } from '../../ui/dialog';
import { ErrorPanel } from '../../ui/error-panel';
import { formatBytes } from '../../ui/format';
import { IconCode, IconDownload, IconFileText, IconImage, IconMaximize } from '../../ui/icons';

export interface ArtifactInfo {
  name: string;
  kind: 'screenshot' | 'html' | 'file';
  bytes: number;
}

/** The run record's artifact list, read defensively: the field is typed unknown in the contract. */
export function artifactsOf(run: Pick<JobRunRecord, 'artifacts'>): ArtifactInfo[] {
  if (!Array.isArray(run.artifacts)) return [];
  return run.artifacts.flatMap((a: unknown) => {
    if (typeof a !== 'object' || a === null) return [];
    const { name, kind, bytes } = a as Record<string, unknown>;
    if (typeof name !== 'string') return [];
    const k = kind === 'screenshot' || kind === 'html' ? kind : 'file';
    return [{ name, kind: k, bytes: typeof bytes === 'number' ? bytes : 0 }];
  });
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Saves the artifact as a file through the browser's (or Electron's) download. */
function download(data: RunArtifactData): void {
  const url = URL.createObjectURL(new Blob([bytesOf(data.base64)], { type: data.mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = data.name;
  link.rel = 'noopener';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Only picture types an <img> may show; anything else is offered as a download. */
const IMAGE_MIME = /^image\/(png|jpeg|webp|gif)$/;

function useArtifact(runId: number, name: string): AsyncState<RunArtifactData> {
  const state = useAppStore((s) => (s.runDetailId === runId ? s.artifacts[name] : undefined));
  const loadArtifact = useAppStore((s) => s.loadArtifact);
  useEffect(() => {
    void loadArtifact(runId, name);
  }, [loadArtifact, runId, name]);
  return state ?? { data: null, loading: true, error: null };
}

function DownloadButton({ data, testId }: { data: RunArtifactData | null; testId: string }) {
  return (
    <button type="button" className="btn btn--ghost btn--small" onClick={() => data && download(data)} disabled={!data} data-testid={testId}>
      <IconDownload size={13} />
      Download
    </button>
  );
}

function ArtifactHead({ icon, info, children }: { icon: ReactNode; info: ArtifactInfo; children?: ReactNode }) {
  return (
    <div className="artifact__head">
      <span className="artifact__icon">{icon}</span>
      <span className="artifact__name mono">{info.name}</span>
      <span className="artifact__size">{formatBytes(info.bytes)}</span>
      <span className="artifact__actions">{children}</span>
    </div>
  );
}

function Screenshot({ runId, info }: { runId: number; info: ArtifactInfo }) {
  const state = useArtifact(runId, info.name);
  const [open, setOpen] = useState(false);
  const data = state.data;
  const src = data && IMAGE_MIME.test(data.mime) ? `data:${data.mime};base64,${data.base64}` : null;
  return (
    <div className="artifact" data-testid="artifact" data-kind="screenshot" data-name={info.name}>
      <ArtifactHead icon={<IconImage size={14} />} info={info}>
        <button type="button" className="btn btn--ghost btn--small" onClick={() => setOpen(true)} disabled={!src} data-testid="artifact-screenshot-open">
          <IconMaximize size={13} />
          Enlarge
        </button>
        <DownloadButton data={data} testId="artifact-screenshot-download" />
      </ArtifactHead>
      {state.error && <ErrorPanel compact title={`Could not load ${info.name}`} error={state.error} />}
      {src ? (
        <button type="button" className="screenshot" onClick={() => setOpen(true)} aria-label={`Enlarge ${info.name}`}>
          <img className="screenshot__img" src={src} alt={`Screenshot ${info.name} of the page when the run saved it`} data-testid="artifact-screenshot" />
        </button>
      ) : (
        !state.error && <div className="screenshot screenshot--loading" aria-hidden="true" />
      )}
      <Dialog
        open={open}
        title={info.name}
        onClose={() => setOpen(false)}
        size="wide"
        testId="screenshot-dialog"
        footer={
          <>
            <DownloadButton data={data} testId="screenshot-dialog-download" />
            <button type="button" className="btn btn--secondary" onClick={() => setOpen(false)} data-testid="screenshot-dialog-close">
              Close
            </button>
          </>
        }
      >
        {src && (
          <div className="screenshot-full">
            <img src={src} alt={`Screenshot ${info.name}, full size`} data-testid="screenshot-dialog-img" />
          </div>
        )}
      </Dialog>
    </div>
  );
}

/** Longer pages are cut here on screen; Download gives the whole file. */
const HTML_SHOWN = 200_000;

function PageSource({ runId, info }: { runId: number; info: ArtifactInfo }) {
  const state = useArtifact(runId, info.name);
  const data = state.data;
  // Decoded as UTF-8 and shown as text: React escapes it, so no tag in it ever becomes an element.
  const text = useMemo(() => (data ? new TextDecoder('utf-8', { fatal: false }).decode(bytesOf(data.base64)) : null), [data]);
  const lines = text ? text.split('\n').length : 0;
  return (
    <div className="artifact" data-testid="artifact" data-kind="html" data-name={info.name}>
      <ArtifactHead icon={<IconCode size={14} />} info={info}>
        {text !== null && <span className="artifact__note">{lines === 1 ? '1 line' : `${lines} lines`}</span>}
        <DownloadButton data={data} testId="artifact-html-download" />
      </ArtifactHead>
      {state.error && <ErrorPanel compact title={`Could not load ${info.name}`} error={state.error} />}
      {text !== null ? (
        <pre className="code-view" tabIndex={0} aria-label={`Source of ${info.name}`} data-testid="artifact-html">
          <code>{text.length > HTML_SHOWN ? text.slice(0, HTML_SHOWN) : text}</code>
        </pre>
      ) : (
        !state.error && <div className="code-view code-view--loading" aria-hidden="true" />
      )}
      {text !== null && text.length > HTML_SHOWN && (
        <p className="field-hint">Showing the first {formatBytes(HTML_SHOWN)} of the page; Download has all of it.</p>
      )}
    </div>
  );
}

function OtherFile({ runId, info }: { runId: number; info: ArtifactInfo }) {
  const loadArtifact = useAppStore((s) => s.loadArtifact);
  const pushToast = useAppStore((s) => s.pushToast);
  const [busy, setBusy] = useState(false);
  // Fetched only when asked for: a file may be large and is not shown.
  const save = async () => {
    setBusy(true);
    await loadArtifact(runId, info.name);
    setBusy(false);
    const state = useAppStore.getState().artifacts[info.name];
    if (state?.data) download(state.data);
    else if (state?.error) pushToast({ tone: 'error', title: `Could not download ${info.name}`, message: state.error.message });
  };
  return (
    <div className="artifact" data-testid="artifact" data-kind="file" data-name={info.name}>
      <ArtifactHead icon={<IconFileText size={14} />} info={info}>
        <button type="button" className="btn btn--ghost btn--small" onClick={() => void save()} disabled={busy} data-testid="artifact-file-download">
          <IconDownload size={13} />
          Download
        </button>
      </ArtifactHead>
    </div>
  );
}

/** Screenshots shown as pictures, saved pages as their source text, other files as downloads. */
export function RunArtifacts({ run, artifacts }: { run: JobRunRecord; artifacts: ArtifactInfo[] }) {
  if (artifacts.length === 0) {
    return (
      <p className="muted run-detail__none" data-testid="run-artifacts-none">
        No artifacts. A scraping run that fails saves a screenshot and the page’s HTML here.
      </p>
    );
  }
  // A failed step leaves `<step>-<time>.png` and `.html`: each picture sits above its page.
  const order = { screenshot: 0, html: 1, file: 2 } as const;
  const base = (name: string) => name.replace(/\.[^.]+$/, '');
  return (
    <div className="artifacts" data-testid="run-artifacts">
      {[...artifacts]
        .sort((a, b) => base(a.name).localeCompare(base(b.name)) || order[a.kind] - order[b.kind])
        .map((info) =>
          info.kind === 'screenshot' ? (
            <Screenshot key={info.name} runId={run.id} info={info} />
          ) : info.kind === 'html' ? (
            <PageSource key={info.name} runId={run.id} info={info} />
          ) : (
            <OtherFile key={info.name} runId={run.id} info={info} />
          ),
        )}
    </div>
  );
}
