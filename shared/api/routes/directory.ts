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
import {
  changePersonRole, createAdministration, createDonor, deactivatePerson, invitePerson, reactivatePerson, resendInvitation,
  updateAdministration, updateDonor, updatePerson, type Caller,
} from '../../commands/index.ts';
import { PersonRole } from '../../domain/resources.ts';
import { problems } from '../problems.ts';
import {
  IdParam, IfMatch, PageQuery, authorize, errors, etagHeader, sendVersioned, expectedVersion, json, jsonBody, pageOf,
  principal, v1Route, type AppDeps,
} from '../http.ts';
import type { DirectoryRepository } from '../../store/directory.ts';
import type { WriterLanguages } from '../../commands/texts.ts';
import type { Translations } from '../../domain/translations.ts';
import { NAME_TEXT_FIELDS } from '../../domain/resources.ts';
import { LanguagesQuery, ListQuery, presentStored, writerLanguagesOf } from '../languages.ts';
import type { Context } from 'hono';
import type { Env } from '../types.ts';

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
  /** The commands behind POST and PATCH. */
  createWith: (deps: AppDeps, caller: Caller, body: unknown, languages: WriterLanguages) => Promise<{ id: string; version: number }>;
  updateWith: (deps: AppDeps, caller: Caller, input: { id: string; patch: unknown; expectedVersion: number } & WriterLanguages) => Promise<{ id: string; version: number }>;
  scopeOf?: (id: string) => { personId?: string };
  /** What the caller may see of an entry (default: all of it). */
  present?: (caller: Caller, entry: Record<string, unknown>) => Record<string, unknown>;
  /** Texts held in several languages (a name): given in the reader's language. */
  texts?: readonly string[];
}

export function directoryRoutes(r: DirectoryResource, deps: AppDeps) {
  const app = new Routes();
  const repo = r.repository(deps);
  const Params = IdParam('id', r.example);
  const tags = [r.path];
  /** An entry as the caller gets it: what it may see, its texts in the reader's language. */
  const shown = (c: Context<Env>, entry: { id: string; version: number }) => {
    const seen = r.present ? r.present(principal(c), entry as never) : entry;
    return r.texts ? presentStored(c, seen as { translations?: Translations }, r.texts) : seen;
  };
  const query = r.texts ? { list: ListQuery, one: LanguagesQuery } : { list: PageQuery, one: undefined };

  app.openapi(
    v1Route({
      method: 'get', path: `/${r.path}`, tags, summary: `List ${r.path}`,
      request: { query: query.list },
      responses: { 200: json(pageOf(r.schema, `${r.singular.replace(/ (\w)/g, (_, c: string) => c.toUpperCase())}Page`), `A page of ${r.path}`), ...errors(400, 401, 403) },
    }),
    async (c) => {
      authorize(c, r.actions.list, {}, r.path);
      const { languages: _, ...paging } = c.req.valid('query') as { languages?: string; limit: number; cursor?: string };
      const page = await repo.list(paging);
      return c.json(r.present || r.texts ? { ...page, items: page.items.map((i) => shown(c, i)) } : page, 200);
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: `/${r.path}/{id}`, tags, summary: `Read one ${r.singular.toLowerCase()}`,
      request: { params: Params, ...(query.one ? { query: query.one } : {}) },
      responses: { 200: { ...json(r.schema, `The ${r.singular}`), headers: etagHeader }, ...errors(...(query.one ? [400] as const : []), 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      authorize(c, r.actions.read, r.scopeOf?.(id) ?? {}, `${r.singular} ${id}`);
      const found = await repo.get(id);
      if (!found) throw problems.notFound(`${r.singular} ${id} was not found`);
      return sendVersioned(c, shown(c, found), found.version);
    },
  );

  app.openapi(
    v1Route({
      method: 'post', path: `/${r.path}`, tags, summary: `Create ${/^[AEIOU]/.test(r.singular) ? 'an' : 'a'} ${r.singular.toLowerCase()}`,
      request: { body: jsonBody(r.create) },
      responses: { 201: { ...json(r.schema, 'Created'), headers: etagHeader }, ...errors(400, 401, 403, 409, 413, 415) },
    }),
    async (c) => {
      const created = await r.createWith(deps, principal(c), c.req.valid('json'), writerLanguagesOf(c));
      return sendVersioned(c, shown(c, created), created.version, `/api/v1/${r.path}/${created.id}`);
    },
  );

  app.openapi(
    v1Route({
      method: 'patch', path: `/${r.path}/{id}`, tags, summary: `Change ${/^[AEIOU]/.test(r.singular) ? 'an' : 'a'} ${r.singular.toLowerCase()}`,
      request: { params: Params, headers: IfMatch, body: jsonBody(r.patch) },
      responses: { 200: { ...json(r.schema, 'Changed'), headers: etagHeader }, ...errors(400, 401, 403, 404, 412, 413, 415, 428) },
    }),
    async (c) => {
      const updated = await r.updateWith(deps, principal(c), { id: c.req.valid('param').id, patch: c.req.valid('json'), expectedVersion: expectedVersion(c), ...writerLanguagesOf(c) });
      return sendVersioned(c, shown(c, updated), updated.version);
    },
  );
  return app;
}

/**
 * A Director General's e-mail address is personal: the secretariat and the administration's own
 * people see it; everyone else sees the name only.
 */
function withoutDirectorGeneralEmail(caller: Caller, administration: Record<string, unknown>) {
  const dg = administration.directorGeneral as { name: string; email: string } | undefined;
  if (!dg || caller.role === 'admin' || caller.administrationId === administration.id) return administration;
  return { ...administration, directorGeneral: { name: dg.name } };
}

export function directory(deps: AppDeps) {
  const app = new Routes();
  app.route('/', directoryRoutes({
    path: 'administrations', singular: 'Administration', example: 'PE',
    schema: Administration, create: CreateAdministration, patch: PatchAdministration,
    actions: { list: 'administration:read', read: 'administration:read', create: 'administration:create', update: 'administration:update' },
    repository: (d) => d.store.administrations as never,
    createWith: (d, caller, body, languages) => createAdministration(d, caller, { administration: body, ...languages }),
    updateWith: updateAdministration,
    present: withoutDirectorGeneralEmail,
    texts: NAME_TEXT_FIELDS,
  }, deps));
  app.route('/', directoryRoutes({
    path: 'donors', singular: 'Donor', example: 'jica',
    schema: Donor, create: CreateDonor, patch: PatchDonor,
    actions: { list: 'donor:read', read: 'donor:read', create: 'donor:create', update: 'donor:update' },
    repository: (d) => d.store.donors as never,
    createWith: (d, caller, body, languages) => createDonor(d, caller, { donor: body, ...languages }),
    updateWith: updateDonor,
    texts: NAME_TEXT_FIELDS,
  }, deps));
  app.route('/', directoryRoutes({
    path: 'people', singular: 'Person', example: 'coord-pe',
    schema: Person, create: CreatePerson, patch: PatchPerson,
    actions: { list: 'person:list', read: 'person:read', create: 'person:create', update: 'person:update' },
    repository: (d) => d.store.people as never,
    createWith: (d, caller, body) => invitePerson(d, caller, { person: body }),
    updateWith: updatePerson,
    scopeOf: (id) => ({ personId: id }),
  }, deps));
  app.route('/', peopleActions(deps));
  return app;
}


/** What the secretariat does to a person beyond editing: role, deactivation, the invitation. */
function peopleActions(deps: AppDeps) {
  const app = new Routes();
  const Params = IdParam('id', 'focal-gt');
  const tags = ['people'];
  app.openapi(
    v1Route({
      method: 'put', path: '/people/{id}/role', tags, summary: 'Change a person\'s role (and the administration or donor it needs)',
      description: 'The sign-in follows (Cognito attributes and group). If-Match takes the person\'s ETag.',
      request: { params: Params, headers: IfMatch, body: jsonBody(PersonRole) },
      responses: { 200: { ...json(Person, 'Changed'), headers: etagHeader }, ...errors(400, 401, 403, 404, 412, 413, 415, 428) },
    }),
    async (c) => {
      const updated = await changePersonRole(deps, principal(c), { id: c.req.valid('param').id, role: c.req.valid('json'), expectedVersion: expectedVersion(c) });
      return sendVersioned(c, updated, updated.version);
    },
  );
  for (const [verb, command, summary] of [
    ['deactivate', deactivatePerson, 'Deactivate a person: no sign-in, no mail; the person and their history stay'],
    ['reactivate', reactivatePerson, 'Reactivate a person'],
  ] as const) {
    app.openapi(
      v1Route({
        method: 'post', path: `/people/{id}/${verb}`, tags, summary,
        request: { params: Params, headers: IfMatch },
        responses: { 200: { ...json(Person, 'Changed'), headers: etagHeader }, ...errors(400, 401, 403, 404, 412, 428) },
      }),
      async (c) => {
        const updated = await command(deps, principal(c), { id: c.req.valid('param').id, expectedVersion: expectedVersion(c) });
        return sendVersioned(c, updated, updated.version);
      },
    );
  }
  app.openapi(
    v1Route({
      method: 'post', path: '/people/{id}/invitation', tags, summary: 'Send a person\'s invitation to sign in again',
      request: { params: Params },
      responses: { 200: { ...json(Person, 'Sent'), headers: etagHeader }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const person = await resendInvitation(deps, principal(c), { id: c.req.valid('param').id });
      return sendVersioned(c, person, person.version);
    },
  );
  return app;
}
