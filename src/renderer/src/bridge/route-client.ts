import type { CoreRoutes } from '../../../shared/core-api';
import type { HttpMethod, NxforgeBridge, QueryValue } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { bridge } from './bridge-client';

/** What one route takes and gives; a module's route map is an interface of these. */
export interface RouteSpec {
  query?: Record<string, QueryValue | undefined>;
  body?: unknown;
  output: unknown;
}

export type RouteMap<R> = { [K in keyof R]: RouteSpec };

type MethodOf<K> = K extends `${infer M extends HttpMethod} ${string}` ? M : never;
type PathOf<K> = K extends `${HttpMethod} ${infer P}` ? P : never;
type ParamNames<P> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

type ParamsInput<K> = [ParamNames<PathOf<K>>] extends [never]
  ? { params?: undefined }
  : { params: Record<ParamNames<PathOf<K>>, string> };

export type RouteInput<R extends RouteMap<R>, K extends keyof R> = Omit<R[K], 'output'> & ParamsInput<K>;
export type RouteOutput<R extends RouteMap<R>, K extends keyof R> = R[K]['output'];

/** The input argument is optional exactly when every field of it is. */
type InputArgs<R extends RouteMap<R>, K extends keyof R> =
  Record<string, never> extends RouteInput<R, K> ? [input?: RouteInput<R, K>] : [input: RouteInput<R, K>];

export interface RouteClient<R extends RouteMap<R>> {
  call<K extends keyof R & string>(route: K, ...args: InputArgs<R, K>): Promise<Result<RouteOutput<R, K>>>;
}

function fillPath(pattern: string, params: Record<string, string> | undefined): string {
  return pattern.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => encodeURIComponent(params?.[name] ?? ''));
}

function cleanQuery(query: Record<string, QueryValue | undefined> | undefined): Record<string, QueryValue> | undefined {
  if (!query) return undefined;
  const out: Record<string, QueryValue> = {};
  for (const [key, value] of Object.entries(query)) if (value !== undefined) out[key] = value;
  return Object.keys(out).length ? out : undefined;
}

/**
 * A typed caller for one module's routes: `call('PUT /settings/:key', { params, body })`
 * checks the route name, its params, query and body, and types the data it answers.
 */
export function routeClient<R extends RouteMap<R>>(module: string, getBridge: () => NxforgeBridge = bridge): RouteClient<R> {
  return {
    call: <K extends keyof R & string>(route: K, ...args: InputArgs<R, K>) => {
      const space = route.indexOf(' ');
      const method = route.slice(0, space) as MethodOf<K>;
      const input = args[0] as { params?: Record<string, string>; query?: Record<string, QueryValue | undefined>; body?: unknown } | undefined;
      return getBridge().invoke<RouteOutput<R, K>>({
        module,
        method,
        path: fillPath(route.slice(space + 1), input?.params),
        query: cleanQuery(input?.query),
        body: input?.body,
      });
    },
  };
}

/** The core module's routes, typed from the shared contract. */
export const coreApi: RouteClient<CoreRoutes> = routeClient<CoreRoutes>('core');
