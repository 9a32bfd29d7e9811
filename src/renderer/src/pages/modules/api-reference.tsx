import type { RouteReference } from '../../../../shared/core-api';
import { CopyButton } from '../../ui/copy-button';
import { IconCode } from '../../ui/icons';
import { asSchema, callCommand, isEmptyInput, shapeOf, type FieldRow, type Schema } from './json-schema';

function FieldTable({ rows, answer }: { rows: FieldRow[]; answer: boolean }) {
  return (
    <div className="table-wrap table-wrap--bordered">
      <table className="table table--dense schema-table">
        <colgroup>
          <col className="schema-table__col-name" />
          <col className="schema-table__col-type" />
          <col className="schema-table__col-limits" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            <th scope="col">Limits</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name} data-testid="schema-field" data-field={row.name}>
              <td>
                <span className="mono schema-table__name" style={{ paddingLeft: row.depth * 14 }}>
                  {row.name}
                </span>
                {/* In an answer, a required field is one that is always there. */}
                {row.required ? (
                  <span className={answer ? 'schema-table__optional' : 'schema-table__required'}>{answer ? 'always' : 'required'}</span>
                ) : (
                  <span className="schema-table__optional">optional</span>
                )}
              </td>
              <td>
                <span className="mono schema-table__type">{row.type}</span>
              </td>
              <td className="schema-table__limits">{row.constraints.length ? row.constraints.join(', ') : <span className="muted">—</span>}</td>
              <td>{row.description ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SchemaSection({ title, schema, empty, answer = false }: { title: string; schema: Schema | null; empty?: string; answer?: boolean }) {
  if (isEmptyInput(schema) && empty === undefined) return null;
  const shape = shapeOf(schema);
  return (
    <div className="schema-section" data-testid={`schema-${title.toLowerCase().replace(/\s+/g, '-')}`}>
      <h4 className="schema-section__title">
        {title}
        {!isEmptyInput(schema) && shape.summary !== 'object' && <span className="mono schema-section__shape">{shape.summary}</span>}
      </h4>
      {isEmptyInput(schema) ? <p className="muted">{empty}</p> : shape.fields.length > 0 && <FieldTable rows={shape.fields} answer={answer} />}
    </div>
  );
}

function RouteCard({ route, open }: { route: RouteReference; open: boolean }) {
  const command = callCommand(route);
  return (
    <details className="route" open={open} data-testid="api-route" data-route={`${route.method} ${route.path}`}>
      <summary className="route__summary">
        <span className={`method method--${route.method.toLowerCase()}`}>{route.method}</span>
        <span className="mono route__path">{route.path}</span>
        <span className="route__text">{route.summary ?? <span className="muted">No summary</span>}</span>
      </summary>
      <div className="route__body">
        <div className="command">
          <code className="command__text" data-testid="api-command">
            {command}
          </code>
          <CopyButton value={command} label="the nxforge call command" />
        </div>
        <SchemaSection title="Path parameters" schema={asSchema(route.input.params)} />
        <SchemaSection title="Query" schema={asSchema(route.input.query)} />
        <SchemaSection title="Body" schema={asSchema(route.input.body)} />
        <SchemaSection title="Answer" schema={asSchema(route.output)} empty="Not described by the module." answer />
      </div>
    </details>
  );
}

/** Every route of the module, generated from the schemas it declared for input and output. */
export function ApiReference({ routes, enabled }: { routes: RouteReference[]; enabled: boolean }) {
  if (routes.length === 0) {
    return (
      <section className="card empty-state" data-testid="api-none">
        <div className="empty-state__icon">
          <IconCode size={22} />
        </div>
        <div className="empty-state__title">{enabled ? 'No routes' : 'Routes are listed while the module is enabled'}</div>
        <p className="empty-state__text">
          {enabled ? 'This module answers no calls.' : 'A module declares its routes when it starts; enable it to see them and their schemas.'}
        </p>
      </section>
    );
  }
  return (
    <div className="stack" data-testid="api-reference">
      <p className="muted">
        Call these from a module page with <code>callRoute</code>, or from a shell with the command shown. Inputs are checked against these
        schemas before the module sees them.
      </p>
      {routes.map((route) => (
        <RouteCard key={`${route.method} ${route.path}`} route={route} open={routes.length <= 6} />
      ))}
    </div>
  );
}
