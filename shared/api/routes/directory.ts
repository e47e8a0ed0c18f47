/** Administrations, donors and people: the directory the secretariat maintains. */
import * as z from 'zod/mini';
import { Routes, type Schema } from '../route.ts';
import {
  Administration,
  CreateAdministration,
  CreateDonor,
  CreatePerson,
  Donor,
  PatchAdministration,
  PatchDonor,
  PatchPerson,
  Person,
} from '../../domain/resources.ts';
import type { Action } from '../../domain/policy.ts';
import { problems } from '../problems.ts';
import {
  IdParam, IfMatch, PageQuery, actor, authorize, errors, etagHeader, sendVersioned, expectedVersion, json, jsonBody, pageOf,
  requireSomeField, v1Route, type AppDeps, type Env,
} from '../http.ts';
import type { DirectoryRepository } from '../../store/directory.ts';

interface DirectoryResource {
  /** URL segment and tag, e.g. 'administrations'. */
  path: string;
  singular: string;
  example: string;
  schema: Schema;
  create: Schema;
  patch: Schema;
  actions: { list: Action; read: Action; create: Action; update: Action };
  repository: (deps: AppDeps) => DirectoryRepository<{ id: string; version: number }>;
  /** Extra checks before a write (referenced ids exist). */
  validate?: (deps: AppDeps, body: Record<string, unknown>) => Promise<void>;
  scopeOf?: (id: string) => { personId?: string };
}

function directoryRoutes(r: DirectoryResource, deps: AppDeps) {
  const app = new Routes();
  const repo = r.repository(deps);
  const Params = IdParam('id', r.example);
  const tags = [r.path];

  app.openapi(
    v1Route({
      method: 'get', path: `/${r.path}`, tags, summary: `List ${r.path}`,
      request: { query: PageQuery },
      responses: { 200: json(pageOf(r.schema, `${r.singular}Page`), `A page of ${r.path}`), ...errors(400, 401, 403) },
    }),
    async (c) => {
      authorize(c, r.actions.list, {}, r.path);
      const page = await repo.list(c.req.valid('query'));
      return c.json(page, 200);
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: `/${r.path}/{id}`, tags, summary: `Read one ${r.singular}`,
      request: { params: Params },
      responses: { 200: { ...json(r.schema, `The ${r.singular}`), headers: etagHeader }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      authorize(c, r.actions.read, r.scopeOf?.(id) ?? {}, `${r.singular} ${id}`);
      const found = await repo.get(id);
      if (!found) throw problems.notFound(`${r.singular} ${id} was not found`);
      return sendVersioned(c, found, found.version);
    },
  );

  app.openapi(
    v1Route({
      method: 'post', path: `/${r.path}`, tags, summary: `Create a ${r.singular}`,
      request: { body: jsonBody(r.create) },
      responses: { 201: { ...json(r.schema, 'Created'), headers: etagHeader }, ...errors(400, 401, 403, 409, 413, 415) },
    }),
    async (c) => {
      authorize(c, r.actions.create, {}, r.path);
      const body = c.req.valid('json') as { id: string } & Record<string, unknown>;
      await r.validate?.(deps, body);
      const created = await repo.create(body, actor(c));
      return sendVersioned(c, created, created.version, `/api/v1/${r.path}/${created.id}`);
    },
  );

  app.openapi(
    v1Route({
      method: 'patch', path: `/${r.path}/{id}`, tags, summary: `Change a ${r.singular}`,
      request: { params: Params, headers: IfMatch, body: jsonBody(r.patch) },
      responses: { 200: { ...json(r.schema, 'Changed'), headers: etagHeader }, ...errors(400, 401, 403, 404, 412, 413, 415, 428) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      authorize(c, r.actions.update, r.scopeOf?.(id) ?? {}, `${r.singular} ${id}`);
      const body = c.req.valid('json') as Record<string, unknown>;
      requireSomeField(body);
      const version = expectedVersion(c);
      await r.validate?.(deps, body);
      const updated = await repo.update(id, body, version, actor(c));
      return sendVersioned(c, updated, updated.version);
    },
  );
  return app;
}

/** A body field that names another directory entry must name one that exists. */
async function requireKnown(body: Record<string, unknown>, field: string, what: string, lookup: (id: string) => Promise<unknown>) {
  const id = body[field];
  if (typeof id === 'string' && !(await lookup(id))) {
    throw problems.validation([{ field, message: `names no known ${what} (${id})` }]);
  }
}

export function directory(deps: AppDeps) {
  const app = new Routes();
  app.route('/', directoryRoutes({
    path: 'administrations', singular: 'Administration', example: 'PE',
    schema: Administration, create: CreateAdministration, patch: PatchAdministration,
    actions: { list: 'administration:read', read: 'administration:read', create: 'administration:create', update: 'administration:update' },
    repository: (d) => d.store.administrations as never,
  }, deps));
  app.route('/', directoryRoutes({
    path: 'donors', singular: 'Donor', example: 'jica',
    schema: Donor, create: CreateDonor, patch: PatchDonor,
    actions: { list: 'donor:read', read: 'donor:read', create: 'donor:create', update: 'donor:update' },
    repository: (d) => d.store.donors as never,
  }, deps));
  app.route('/', directoryRoutes({
    path: 'people', singular: 'Person', example: 'coord-pe',
    schema: Person, create: CreatePerson, patch: PatchPerson,
    actions: { list: 'person:list', read: 'person:read', create: 'person:create', update: 'person:update' },
    repository: (d) => d.store.people as never,
    validate: async (d, body) => {
      await requireKnown(body, 'administrationId', 'administration', (id) => d.store.administrations.get(id));
      await requireKnown(body, 'donorId', 'donor', (id) => d.store.donors.get(id));
    },
    scopeOf: (id) => ({ personId: id }),
  }, deps));
  return app;
}

