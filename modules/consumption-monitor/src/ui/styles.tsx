/**
 * The module's own styles, all under the `cm-` prefix and built on the app's theme tokens, so
 * they follow light and dark. React hoists the one <style> into the document head and keeps a
 * single copy however many pages and widgets render it (the app's CSP allows inline styles).
 */
const CSS = `
.cm-toolbar { display: flex; align-items: flex-end; flex-wrap: wrap; gap: 10px; width: 100%; }
.cm-toolbar .cm-spacer { flex: 1; }
.cm-stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; width: 100%; }
.cm-stat { border: 1px solid var(--border); border-radius: var(--radius); padding: 12px 14px; background: var(--surface-2); }
.cm-stat-label { font-size: 12px; font-weight: 600; color: var(--text-3); text-transform: uppercase; letter-spacing: .04em; }
.cm-stat-value { font-size: 22px; font-weight: 650; letter-spacing: -.015em; font-variant-numeric: tabular-nums; margin-top: 2px; }
.cm-stat-hint { font-size: 12.5px; color: var(--text-3); }
.cm-live-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 14px; width: 100%; }
.cm-live-card { border: 1px solid var(--border); border-radius: var(--radius-lg); background: var(--surface); box-shadow: var(--shadow-sm); padding: 14px 16px; display: flex; flex-direction: column; gap: 10px; min-width: 0; }
.cm-live-head { display: flex; align-items: flex-start; justify-content: space-between; gap: 10px; }
.cm-live-name { font-weight: 600; font-size: 14.5px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.cm-live-sub { font-size: 12.5px; color: var(--text-3); }
.cm-live-figures { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
.cm-figure-label { font-size: 11.5px; color: var(--text-3); font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
.cm-figure-value { font-size: 19px; font-weight: 650; font-variant-numeric: tabular-nums; letter-spacing: -.01em; }
.cm-live-error { font-size: 12.5px; color: var(--danger); overflow-wrap: anywhere; }
.cm-spark { display: block; width: 100%; height: 44px; color: var(--accent); }
.cm-spark-empty { height: 44px; display: grid; place-items: center; font-size: 12px; color: var(--text-3); border: 1px dashed var(--border); border-radius: var(--radius-sm); }
.cm-empty { width: 100%; text-align: center; padding: 28px 16px; display: flex; flex-direction: column; align-items: center; gap: 10px; }
.cm-empty-title { font-weight: 600; font-size: 15px; }
.cm-empty a.nx-button { text-decoration: none; }
.cm-link { color: var(--accent-text); font-weight: 500; text-decoration: none; }
.cm-link:hover { text-decoration: underline; }
.cm-table-wrap { width: 100%; overflow-x: auto; border: 1px solid var(--border); border-radius: var(--radius); }
.cm-table-wrap .nx-table tr:last-child td { border-bottom: none; }
.cm-num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
.cm-mono { font-family: var(--font-mono); font-size: 12.5px; }
.cm-actions { display: flex; gap: 6px; justify-content: flex-end; flex-wrap: wrap; }
.cm-small-button { height: 28px !important; padding: 0 10px !important; font-size: 12.5px !important; }
.cm-form { display: flex; flex-direction: column; gap: 18px; width: 100%; }
.cm-fieldset { border: 1px solid var(--border); border-radius: var(--radius); padding: 14px 16px 16px; margin: 0; display: flex; flex-direction: column; gap: 12px; min-width: 0; }
.cm-fieldset > legend { padding: 0 6px; font-weight: 600; font-size: 13px; color: var(--text-2); }
.cm-fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px 14px; }
.cm-fields .nx-field { min-width: 0; }
.cm-hint { font-size: 12.5px; color: var(--text-3); }
.cm-field-error { font-size: 12.5px; color: var(--danger); }
.cm-check { display: inline-flex; align-items: center; gap: 8px; font-size: 13.5px; }
.cm-secret { display: flex; gap: 8px; align-items: center; }
.cm-secret input { flex: 1; min-width: 0; }
.cm-steps { display: flex; flex-direction: column; gap: 8px; }
.cm-step { display: grid; grid-template-columns: 28px 176px 1fr auto; gap: 10px; align-items: start; padding: 10px 12px; border: 1px solid var(--border); border-radius: var(--radius); background: var(--surface-2); }
.cm-step-index { margin-top: 28px; width: 24px; height: 24px; border-radius: 50%; display: grid; place-items: center; font-size: 12px; font-weight: 600; background: var(--accent-soft); color: var(--accent-text); }
.cm-step-fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 8px 10px; }
.cm-step .nx-field { min-width: 0; }
.cm-step-tools { display: flex; gap: 4px; margin-top: 25px; }
.cm-icon-button { width: 28px; height: 28px; display: grid; place-items: center; border-radius: var(--radius-sm); border: 1px solid var(--border-strong); background: var(--surface); color: var(--text-2); cursor: pointer; font-size: 14px; line-height: 1; }
.cm-icon-button:hover:not(:disabled) { background: var(--surface-hover); color: var(--text); }
.cm-icon-button:disabled { opacity: .4; cursor: default; }
.cm-json { width: 100%; min-height: 260px; font-family: var(--font-mono); font-size: 12.5px; padding: 10px; border-radius: var(--radius-sm); border: 1px solid var(--border-strong); background: var(--surface); color: var(--text); }
.cm-test { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.2fr); gap: 16px; width: 100%; }
.cm-test img { width: 100%; border: 1px solid var(--border); border-radius: var(--radius); background: #fff; }
.cm-ok { color: var(--success); font-weight: 600; }
.cm-bad { color: var(--danger); font-weight: 600; }
.cm-chart { display: block; width: 100%; color: var(--accent); overflow: visible; }
.cm-chart text { fill: var(--text-3); font-size: 11px; font-family: var(--font-sans); }
.cm-chart .cm-grid-line { stroke: var(--border); stroke-width: 1; }
.cm-chart .cm-axis { stroke: var(--border-strong); stroke-width: 1; }
.cm-chart .cm-bar { fill: var(--accent); }
.cm-chart .cm-bar-prev { fill: var(--border-strong); }
.cm-chart .cm-bar-incomplete { fill: var(--warning); }
.cm-chart .cm-bar-label { fill: var(--text-2); font-size: 11.5px; }
.cm-chart .cm-hover-line { stroke: var(--text-3); stroke-dasharray: 3 3; }
.cm-legend { display: flex; gap: 14px; flex-wrap: wrap; font-size: 12.5px; color: var(--text-2); }
.cm-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.cm-tooltip { font-size: 12.5px; color: var(--text-2); min-height: 19px; font-variant-numeric: tabular-nums; }
.cm-vlist { position: relative; overflow-y: auto; width: 100%; border: 1px solid var(--border); border-radius: var(--radius); }
.cm-vrow { position: absolute; left: 0; right: 0; display: grid; align-items: center; padding: 0 12px; border-bottom: 1px solid var(--border); font-size: 13px; font-variant-numeric: tabular-nums; }
.cm-vhead { position: sticky; top: 0; z-index: 1; display: grid; align-items: center; padding: 0 12px; height: 34px; background: var(--surface-2); border-bottom: 1px solid var(--border); font-size: 12px; font-weight: 600; color: var(--text-3); }
.cm-up { color: var(--danger); }
.cm-down { color: var(--success); }
.cm-dialog-backdrop { position: fixed; inset: 0; background: rgb(0 0 0 / .35); display: grid; place-items: center; z-index: 50; }
.cm-dialog { width: min(440px, calc(100vw - 32px)); background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius-lg); box-shadow: var(--shadow-lg); padding: 20px; display: flex; flex-direction: column; gap: 12px; }
.cm-dialog h3 { margin: 0; font-size: 16px; }
.cm-dialog-buttons { display: flex; justify-content: flex-end; gap: 8px; }
.cm-widget { display: flex; flex-direction: column; gap: 10px; }
.cm-widget-total { font-size: 28px; font-weight: 650; letter-spacing: -.02em; font-variant-numeric: tabular-nums; }
.cm-widget-list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
.cm-widget-list li { display: flex; justify-content: space-between; gap: 10px; font-size: 13px; }
.cm-dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 7px; background: var(--text-3); }
.cm-dot-ok { background: var(--success); }
.cm-dot-failing { background: var(--danger); }
.cm-dot-stale { background: var(--warning); }
.cm-print-only { display: none; }
@media (max-width: 900px) { .cm-test { grid-template-columns: 1fr; } .cm-step { grid-template-columns: 28px 1fr auto; } .cm-step .cm-step-fields { grid-column: 1 / -1; } }
@media print {
  :root { --bg: #fff; --surface: #fff; --surface-2: #f4f5f7; --border: #d0d3d9; --border-strong: #b8bcc5; --text: #000; --text-2: #333; --text-3: #555; --accent: #3d48bf; }
  .app-header, .sidebar, .toaster, .page-header, .cm-no-print { display: none !important; }
  .cm-print-only { display: block; }
  html, body, #root, .app, .app__body, .content { height: auto !important; overflow: visible !important; display: block !important; background: #fff !important; }
  .content__inner { max-width: none !important; padding: 0 !important; }
  .nx-card { box-shadow: none !important; break-inside: avoid; border-color: #ccc !important; }
  body { color: #000; }
}
`;

export function ModuleStyles() {
  return (
    <style href="consumption-monitor-ui" precedence="default">
      {CSS}
    </style>
  );
}
