/**
 * The module author's API for pages. At run time a module's `@nxforge/sdk/ui` import resolves
 * to the app's own copy of this file, so hooks talk to the app's bridge and share its React.
 *
 * A page is a named export of the module's `dist/ui/index.js` (its manifest's
 * `ui.pages[].component`), mounted under the app's header with `PageProps`. Beside the
 * components below, these class names are styled by the app, in light and dark:
 * `nx-page` (a column of cards), `nx-grid`, `nx-row` (a line of fields and buttons),
 * `nx-field` (a label holding a `<span>` and an input or select), `nx-lead`, `nx-muted`,
 * `nx-table`, `nx-badge` (+ `-success`, `-warning`, `-danger`).
 */
import { createElement, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { AppEvent, HttpMethod, NxforgeBridge, QueryValue } from '../src/shared/contract';
import type { Result, RouteError } from '../src/shared/result';

export type { AppEvent, Result, RouteError };

let bridge: NxforgeBridge | null = null;

/** Called once by the app before any module page loads. */
export function setBridge(value: NxforgeBridge): void {
  bridge = value;
}

export function getBridge(): NxforgeBridge {
  if (!bridge) throw new Error('The NxForge bridge is not ready: module pages run inside the app.');
  return bridge;
}

export interface PageProps {
  /** The module's name, e.g. hello-world. */
  module: string;
  /** The page path inside the module, e.g. /reports. */
  path: string;
  /** Route parameters of the page path. */
  params: Record<string, string>;
}

export interface RouteState<T> {
  data: T | null;
  error: RouteError | null;
  loading: boolean;
  reload(): void;
}

export interface RouteRequest {
  module: string;
  method?: HttpMethod;
  path: string;
  query?: Record<string, QueryValue | number | boolean | undefined>;
  body?: unknown;
}

function toQuery(query: RouteRequest['query']): Record<string, QueryValue> | undefined {
  if (!query) return undefined;
  const out: Record<string, QueryValue> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined) out[k] = Array.isArray(v) ? v : String(v);
  return out;
}

/** Calls a route once, then again whenever the request changes or `reload()` is called. */
export function useRoute<T>(request: RouteRequest | null): RouteState<T> {
  const [state, setState] = useState<{ data: T | null; error: RouteError | null; loading: boolean }>({ data: null, error: null, loading: request !== null });
  const [tick, setTick] = useState(0);
  const key = request ? JSON.stringify(request) : null;
  useEffect(() => {
    if (!key) return;
    const req = JSON.parse(key) as RouteRequest;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    void callRoute<T>(req).then((result) => {
      if (!live) return;
      setState(result.ok ? { data: result.data, error: null, loading: false } : { data: null, error: result.error, loading: false });
    });
    return () => {
      live = false;
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** One call, for actions (a button's click). */
export function callRoute<T>(request: RouteRequest): Promise<Result<T>> {
  return getBridge().invoke<T>({
    module: request.module,
    method: request.method ?? 'GET',
    path: request.path,
    query: toQuery(request.query),
    body: request.body,
  });
}

/**
 * Prints the page through its print stylesheet: in the desktop app it saves a PDF where the user
 * chooses (the answer says where, or `saved: false` when they cancel); in a browser it opens the
 * browser's print dialog and answers null.
 */
export async function printPage(options: { fileName?: string; landscape?: boolean } = {}): Promise<{ saved: boolean; path: string | null } | null> {
  const result = await getBridge().invoke<{ saved: boolean; path: string | null }>({ module: 'core', method: 'POST', path: '/desktop/print-to-pdf', body: options });
  if (result.ok) return result.data;
  if (result.error.code !== 'NOT_FOUND') throw new Error(result.error.message);
  (globalThis as unknown as { print(): void }).print();
  return null;
}

/** Subscribes to pushed events (`hello-world:greeted`, or `hello-world:*`) while mounted. */
export function useEvent<P = unknown>(topic: string, handler: (payload: P, event: AppEvent) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => getBridge().on(topic, (event) => ref.current(event.payload as P, event)), [topic]);
}

/**
 * The address of one of a module's pages, for a plain link: `<a href={pageHref(module, '/reports')}>`.
 * A query string is kept (`/history?endpoint=3`); the page reads it with `pageQuery()`.
 */
export function pageHref(module: string, path = '/'): string {
  const [inner = '', query] = path.split('?', 2);
  const trimmed = inner.replace(/^\/+|\/+$/g, '');
  return `#/m/${module}${trimmed ? `/${trimmed}` : ''}${query ? `?${query}` : ''}`;
}

/** The query string of the page's address (`#/m/module/page?key=value`), e.g. to preselect a choice. */
export function pageQuery(): URLSearchParams {
  const hash = (globalThis as { location?: { hash: string } }).location?.hash ?? '';
  const at = hash.indexOf('?');
  return new URLSearchParams(at >= 0 ? hash.slice(at + 1) : '');
}

/** Props of a dashboard widget: the module's name and the widget's id from the manifest. */
export interface WidgetProps {
  module: string;
  widget: string;
}

/* A small UI kit, styled by the app so module pages look like the rest of it. */

export function Card(props: { title?: ReactNode; actions?: ReactNode; children?: ReactNode }): ReactNode {
  return createElement(
    'section',
    { className: 'nx-card' },
    props.title || props.actions
      ? createElement('header', { className: 'nx-card-header' }, createElement('h2', null, props.title), props.actions ?? null)
      : null,
    createElement('div', { className: 'nx-card-body' }, props.children),
  );
}

export function Button(props: {
  children?: ReactNode;
  onClick?: () => void;
  kind?: 'primary' | 'secondary' | 'danger';
  disabled?: boolean;
  type?: 'button' | 'submit';
  'data-testid'?: string;
}): ReactNode {
  return createElement(
    'button',
    {
      type: props.type ?? 'button',
      className: `nx-button nx-button-${props.kind ?? 'secondary'}`,
      onClick: props.onClick,
      disabled: props.disabled,
      'data-testid': props['data-testid'],
    },
    props.children,
  );
}

export function ErrorNotice(props: { error: RouteError | null; onRetry?: () => void }): ReactNode {
  if (!props.error) return null;
  return createElement(
    'div',
    { className: 'nx-error', role: 'alert' },
    createElement('strong', null, props.error.code),
    ' ',
    props.error.message,
    props.onRetry ? createElement('button', { type: 'button', className: 'nx-button nx-button-secondary', onClick: props.onRetry }, 'Retry') : null,
  );
}

export function Loading(props: { label?: string }): ReactNode {
  return createElement('div', { className: 'nx-loading', role: 'status' }, props.label ?? 'Loading…');
}
