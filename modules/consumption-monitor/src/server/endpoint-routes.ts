import type { ModuleContext } from '@nxforge/sdk';
import { createEndpoint, deleteEndpoint, getEndpoint, listClientPrices, listEndpoints, setClientPrice, updateEndpoint, type Endpoint } from '../lib';
import { forgetEndpoint, hasPassword, setPassword } from './credentials';
import { checkEndpoint, DEFAULTS, parseEndpointBody, type EndpointMode } from './endpoint-input';
import { guarded, invalid, notFound } from './errors';

/** An endpoint as routes answer it: the stored fields, and whether a password is set (never the password). */
export type EndpointView = Endpoint & { hasPassword: boolean };

const ID_PARAMS = { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] };
const BODY = { type: 'object' };

export async function viewOf(ctx: ModuleContext, endpoint: Endpoint): Promise<EndpointView> {
  return { ...endpoint, hasPassword: await hasPassword(ctx.secrets, endpoint.id) };
}

export function mustGetEndpoint(ctx: ModuleContext, id: number): Endpoint {
  const endpoint = getEndpoint(ctx.db, id);
  if (!endpoint) throw notFound(`No endpoint with id ${id}: list them with GET /endpoints.`);
  return endpoint;
}

export function endpointRoutes(ctx: ModuleContext): void {
  const { routes, db } = ctx;
  const changed = (action: 'created' | 'updated' | 'deleted', endpointId: number) => ctx.events.publish('endpoints', { action, endpointId });

  routes.get('/endpoints', { summary: 'Every endpoint, with hasPassword instead of its password' }, guarded(() => Promise.all(listEndpoints(db).map((e) => viewOf(ctx, e)))));

  routes.get<{ id: number }>('/endpoints/:id', { summary: 'One endpoint', params: ID_PARAMS }, guarded(({ params }) => viewOf(ctx, mustGetEndpoint(ctx, params.id))));

  routes.post(
    '/endpoints',
    { summary: 'Adds an endpoint; authConfig.password is stored encrypted and never returned', body: BODY },
    guarded(async ({ body }) => {
      const { fields, password } = parseEndpointBody(body, 'create');
      const input = { ...DEFAULTS, ...fields } as Parameters<typeof createEndpoint>[1];
      checkEndpoint(input as Endpoint);
      const endpoint = createEndpoint(db, input);
      await setPassword(ctx.secrets, endpoint.id, password ?? undefined);
      changed('created', endpoint.id);
      return viewOf(ctx, endpoint);
    }),
  );

  const update = (mode: EndpointMode) =>
    guarded(async ({ params, body }: { params: { id: number }; body: unknown }) => {
      const existing = mustGetEndpoint(ctx, params.id);
      const { fields, password, clearedAuth } = parseEndpointBody(body, mode);
      if (mode === 'patch' && fields.authConfig) {
        const merged: Record<string, unknown> = { ...existing.authConfig, ...fields.authConfig };
        for (const key of clearedAuth) delete merged[key];
        fields.authConfig = merged;
      }
      checkEndpoint({ ...existing, ...fields } as Endpoint);
      const endpoint = updateEndpoint(db, params.id, fields);
      if (!endpoint) throw notFound(`No endpoint with id ${params.id}: it was deleted meanwhile.`);
      await setPassword(ctx.secrets, endpoint.id, password);
      changed('updated', endpoint.id);
      return viewOf(ctx, endpoint);
    });
  routes.put<{ id: number }>(
    '/endpoints/:id',
    { summary: 'Replaces an endpoint; omitted fields take their defaults, an omitted password is kept, password null removes it', params: ID_PARAMS, body: BODY },
    update('replace'),
  );
  routes.patch<{ id: number }>('/endpoints/:id', { summary: 'Changes the given fields of an endpoint', params: ID_PARAMS, body: BODY }, update('patch'));

  routes.delete<{ id: number }>(
    '/endpoints/:id',
    { summary: 'Deletes an endpoint with its readings, rollups and stored password', params: ID_PARAMS },
    guarded(async ({ params }) => {
      mustGetEndpoint(ctx, params.id);
      deleteEndpoint(db, params.id);
      await forgetEndpoint(ctx.secrets, params.id);
      changed('deleted', params.id);
      return { deleted: true, id: params.id };
    }),
  );

  routes.get('/clients', { summary: 'Each client with its endpoint count and default price per kWh' }, guarded(() => clientsOf(ctx)));

  routes.put<{ clientName: string }>(
    '/clients/:clientName/price',
    {
      summary: 'Sets a client’s default price per kWh (null removes it)',
      params: { type: 'object', properties: { clientName: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['clientName'] },
      body: { type: 'object', properties: { pricePerKwh: { type: ['number', 'null'], minimum: 0 } }, required: ['pricePerKwh'], additionalProperties: false },
    },
    guarded(({ params, body }) => {
      const clientName = params.clientName.trim();
      if (!clientName) throw invalid([{ field: 'params.clientName', message: 'is required' }]);
      setClientPrice(db, clientName, (body as { pricePerKwh: number | null }).pricePerKwh);
      return clientsOf(ctx).find((c) => c.clientName === clientName) ?? { clientName, endpoints: 0, pricePerKwh: null };
    }),
  );
}

export interface ClientView {
  clientName: string;
  endpoints: number;
  pricePerKwh: number | null;
}

/** Clients named by endpoints, and those that only have a price; sorted by name. */
function clientsOf(ctx: ModuleContext): ClientView[] {
  const clients = new Map<string, ClientView>();
  for (const e of listEndpoints(ctx.db)) {
    if (e.clientName === null) continue;
    const c = clients.get(e.clientName) ?? { clientName: e.clientName, endpoints: 0, pricePerKwh: null };
    c.endpoints += 1;
    clients.set(e.clientName, c);
  }
  for (const p of listClientPrices(ctx.db)) {
    const c = clients.get(p.clientName) ?? { clientName: p.clientName, endpoints: 0, pricePerKwh: null };
    c.pricePerKwh = p.pricePerKwh;
    clients.set(p.clientName, c);
  }
  return [...clients.values()].sort((a, b) => a.clientName.localeCompare(b.clientName));
}
