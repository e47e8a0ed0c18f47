/**
 * Routes loaded on first use: groups of routes few requests need (results, IATI files, spreadsheets,
 * exchange rates, digests) are registered not at init but on the first request that no route
 * registered at init answers. Each group is a module reached only through `import()`, so in a Lambda
 * bundle it is a chunk of its own (infra/bundling.ts) that a cold start neither reads nor runs. The
 * JSON API uses it (shared/api/app.ts); the web app could (nothing in it is API-specific), but its
 * set-up and calendar pages measured slower split off (README, "Cold start").
 *
 * The groups are mounted on an app of their own, built once when first needed; the request is
 * handed to it with everything the middleware before it has put on the context (the principal, the
 * request id, the page's view), and what it answers goes back through the same middleware, so a
 * route answers exactly as it would if it had been registered at init. A request none of the groups
 * serves falls through to the host app's not-found answer; an error goes to the host app's handler.
 *
 * Register the handler after every route registered at init: it answers what they leave. A path a
 * group serves must not also match a route registered at init (e.g. `/strategies/new` after
 * `/strategies/:id`), since the latter would answer first.
 */
import { Hono, type Context, type Env, type MiddlewareHandler } from 'hono';

/** The context's variables the group's app starts from, per request. */
const handed = new WeakMap<Request, Record<string, unknown>>();
/** What the groups' app answers for a path it does not serve: the host app answers it instead. */
const UNSERVED = 'x-unserved-by-later-routes';

export interface LaterRoutes<E extends Env> {
  /** The middleware to register last on the host app (for all methods, on the paths the groups may serve). */
  handler: MiddlewareHandler<E>;
  /** The groups' app, loaded and built on the first call (and again after a failed load). */
  app: () => Promise<Hono<E>>;
}

/**
 * `mount` registers the groups on the app it is given (as the host would register them at init),
 * once their modules are loaded: e.g. `async (app) => { const m = await import('./routes/results.ts'); app.route('/api/v1', m.results(deps).app); }`.
 */
export function laterRoutes<E extends Env>(mount: (app: Hono<E>) => Promise<void>): LaterRoutes<E> {
  let built: Promise<Hono<E>> | undefined;
  const app = () =>
    (built ??= (async () => {
      const later = new Hono<E>();
      later.use(async (c, next) => {
        for (const [key, value] of Object.entries(handed.get(c.req.raw) ?? {})) c.set(key as never, value as never);
        await next();
      });
      await mount(later);
      later.notFound(() => new Response(null, { status: 404, headers: { [UNSERVED]: '1' } }));
      // The host's error handler answers, with what the group's middleware put on the context (the page's view).
      later.onError((error, c) => {
        handed.set(c.req.raw, c.var as Record<string, unknown>);
        throw error;
      });
      return later;
    })().catch((error: unknown) => {
      built = undefined; // try again on the next request
      throw error;
    }));

  const handler: MiddlewareHandler<E> = async (c, next) => {
    const later = await app();
    const request = c.req.raw;
    handed.set(request, { ...(c.var as Record<string, unknown>) });
    let response: Response;
    try {
      response = await later.fetch(request, c.env);
    } catch (error) {
      for (const [key, value] of Object.entries(handed.get(request) ?? {})) (c as Context).set(key, value);
      throw error;
    } finally {
      handed.delete(request);
    }
    if (response.headers.has(UNSERVED)) return next();
    return response;
  };
  return { handler, app };
}
