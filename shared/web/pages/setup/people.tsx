/**
 * People: the list (filtered by role and administration), inviting a person, and a person's page:
 * their details, a change of role, the invitation sent again, deactivation (after a confirmation)
 * and reactivation. Every change goes through its command; the page shows what the policy allows.
 */
import type { Child, FC } from 'hono/jsx';
import {
  Invalid, InvitationFailed, VersionConflict, changePersonRole, deactivatePerson, invitePerson, reactivatePerson, resendInvitation, slugFrom, updatePerson,
} from '../../../commands/index.ts';
import { can, type Principal } from '../../../domain/policy.ts';
import { ROLES, type Administration, type Donor, type Person } from '../../../domain/resources.ts';
import { LANGUAGES } from '../../../i18n/index.ts';
import { ActionButton, EditForm, changedInput, formBody, formFailure, formVersion, inputOf, requireCsrf, valuesFrom, type Field, type Values } from '../../forms.tsx';
import { textIn } from '../../components.tsx';
import { LANGUAGE_NAMES, Layout, Notice } from '../../layout.tsx';
import { me, notFound, render, type Pages, type WebContext } from '../../page.tsx';
import type { View } from '../../view.ts';
import { all } from '../../data.ts';
import { CODE, FormPage, ListPage, Outcome, SLUG, allowed, bothChanged, idParam, setupCrumbs, shown, submitCreate, submitEdit, type Shown } from './common.tsx';
import { isActive } from './needs.ts';

const languageOptions = LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }));

function roleFields(v: View, administrations: Administration[], donors: Donor[]): Field[] {
  return [
    { name: 'role', label: v.t('setup.person.role'), hint: v.t('setup.person.roleHint'), kind: 'select', required: true, options: ROLES.map((r) => ({ value: r, label: v.t(`setup.roleName.${r}`) })) },
    { name: 'administrationId', label: v.t('setup.person.administration'), hint: v.t('setup.person.administrationHint'), kind: 'select', options: administrations.map((a) => ({ value: a.id, label: `${textIn(v, a, 'name')} (${a.id})` })) },
    { name: 'donorId', label: v.t('setup.person.donor'), hint: v.t('setup.person.donorHint'), kind: 'select', options: donors.map((d) => ({ value: d.id, label: textIn(v, d, 'name') })) },
  ];
}

function detailFields(v: View, person?: Person): Field[] {
  return [
    { name: 'name', label: v.t('setup.person.name'), required: true, maxLength: 200, autocomplete: 'off' },
    { name: 'email', label: v.t('setup.person.email'), hint: v.t('setup.person.emailHint'), kind: 'email', required: true, maxLength: 254, autocomplete: 'off' },
    // A language once set can be changed, not removed (the command takes no null for it).
    { name: 'language', label: v.t('setup.person.language'), hint: v.t('setup.person.languageHint'), kind: 'select', required: !!person?.language, options: languageOptions },
    ...(person ? [{ name: 'remindersOptOut', label: v.t('setup.person.optOut'), hint: v.t('setup.person.optOutHint'), kind: 'checkbox' as const }] : []),
  ];
}

function inviteFields(v: View, administrations: Administration[], donors: Donor[]): Field[] {
  const [name, email, language] = detailFields(v);
  return [
    name!, email!, language!,
    ...roleFields(v, administrations, donors),
    { name: 'id', label: v.t('setup.person.id'), hint: v.t('setup.person.idHint'), maxLength: 64, autocomplete: 'off' },
  ];
}


/**
 * A change saved in the directory whose sign-in could not follow (the account service failed after
 * the write): the change stands, and the person's page says so. One per request.
 */
function accountWatch() {
  const watch = {
    failed: false,
    note: (error: unknown): undefined => {
      if (!(error instanceof InvitationFailed)) throw error;
      watch.failed = true;
      return undefined;
    },
    /** The query the person's page reads. */
    get suffix() {
      return watch.failed ? '&account=failed' : '';
    },
  };
  return watch;
}

const dateOf = (v: View, instant: string) => v.date(instant.slice(0, 10));

export const PersonStatus: FC<{ v: View; p: Person }> = ({ v, p }) =>
  !isActive(p) ? <span class="badge h-done">{v.t('setup.status.deactivated')}</span>
  : p.signedInAt ? <>{v.t('setup.status.active', { date: dateOf(v, p.signedInAt) })}</>
  : <span class="badge h-at_risk">{p.invitedAt ? v.t('setup.status.invited', { date: dateOf(v, p.invitedAt) }) : v.t('setup.status.neverSignedIn')}</span>;

const Affiliation: FC<{ v: View; p: Person; names?: Map<string, string> }> = ({ v, p, names }) =>
  p.administrationId ? <>{names?.get(`a:${p.administrationId}`) ?? v.country(p.administrationId)}</>
  : p.donorId ? <>{names?.get(`d:${p.donorId}`) ?? p.donorId}</>
  : <span class="muted">{v.t('setup.none')}</span>;

type Problem = { kind: 'conflict' } | { kind: 'refused'; messages: string[] };

export function peoplePages(pages: Pages) {
  const { app, deps, signedIn } = pages;
  const { store } = deps;
  const listCrumb = (v: View) => ({ href: '/setup/people', label: v.t('setup.people.title') });
  const lists = () => Promise.all([all((page) => store.administrations.list(page)), all((page) => store.donors.list(page))]);
  const load = async (id: string) => (await store.people.get(id)) ?? Promise.reject(notFound());

  // ------------------------------------------------------------ the list

  app.get('/setup/people', signedIn, async (c) => {
    allowed(c, 'person:list');
    const v = c.get('view');
    const [people, [administrations, donors]] = await Promise.all([all((page) => store.people.list(page)), lists()]);
    const role = ROLES.find((r) => r === c.req.query('role'));
    const administration = administrations.find((a) => a.id === c.req.query('administration'))?.id;
    const shownPeople = people.filter((p) => (!role || p.role === role) && (!administration || p.administrationId === administration));
    const names = new Map([...administrations.map((a) => [`a:${a.id}`, textIn(v, a, 'name')] as const), ...donors.map((d) => [`d:${d.id}`, textIn(v, d, 'name')] as const)]);
    const filter = (
      <form method="get" action="/setup/people" class="filter" aria-label={v.t('setup.people.filter')}>
        <div class="field">
          <label for="q-role">{v.t('setup.person.role')}</label>
          <select id="q-role" name="role">
            <option value="">{v.t('setup.people.allRoles')}</option>
            {ROLES.map((r) => <option value={r} selected={r === role}>{v.t(`setup.roleName.${r}`)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="q-administration">{v.t('setup.person.administration')}</label>
          <select id="q-administration" name="administration">
            <option value="">{v.t('setup.people.allAdministrations')}</option>
            {administrations.map((a) => <option value={a.id} selected={a.id === administration}>{`${textIn(v, a, 'name')} (${a.id})`}</option>)}
          </select>
        </div>
        <button type="submit" class="button secondary">{v.t('setup.people.applyFilter')}</button>
      </form>
    );
    return render(c, (
      <ListPage
        v={v}
        title={v.t('setup.people.title')}
        lead={v.t('setup.people.lead')}
        add={{ href: '/setup/people/new', label: v.t('setup.people.invite') }}
        none={v.t('setup.people.none')}
        filter={filter}
        count={v.t('setup.people.count', { shown: v.number(shownPeople.length), total: v.number(people.length) })}
        head={[v.t('setup.person.name'), v.t('setup.person.email'), v.t('setup.person.role'), v.t('setup.people.affiliation'), v.t('setup.person.language'), v.t('setup.people.status')]}
        rows={shownPeople.map((p) => (
          <tr>
            <th scope="row"><a href={`/setup/people/${p.id}`}>{p.name}</a></th>
            <td>{p.email}</td>
            <td>{v.t(`setup.roleName.${p.role}`)}</td>
            <td><Affiliation v={v} p={p} names={names} /></td>
            <td>{p.language ? LANGUAGE_NAMES[p.language] : <span class="muted">{v.t('setup.person.administrationLanguage')}</span>}</td>
            <td><PersonStatus v={v} p={p} /></td>
          </tr>
        ))}
      />
    ));
  });

  // ------------------------------------------------------------ inviting

  const invitePage = async (c: WebContext, s: Shown, status: 200 | 400 | 409 | 503 = 200, known?: [Administration[], Donor[]]) => {
    const v = c.get('view');
    const [administrations, donors] = known ?? await lists();
    const title = v.t('setup.people.invite');
    const failed = status === 503 ? (
      <Notice kind="error" role="alert" title={v.t('setup.person.invitationFailedTitle')}><p>{v.t('setup.person.invitationFailedNew')}</p></Notice>
    ) : null;
    return render(c, (
      <FormPage v={v} title={title} crumbs={setupCrumbs(v, listCrumb(v), title)} action="/setup/people/new" fields={inviteFields(v, administrations, donors)} shown={s} submit={v.t('setup.person.sendInvitation')}
        before={<><p class="lead">{v.t('setup.person.inviteLead')}</p>{failed}</>} />
    ), status as 500);
  };

  app.get('/setup/people/new', signedIn, async (c) => {
    allowed(c, 'person:create');
    // From the set-up list: "invite a focal point for DO" comes with the role and administration chosen.
    const role = ROLES.find((r) => r === c.req.query('role'));
    const administrationId = c.req.query('administration');
    return invitePage(c, shown({ role: role ?? 'focal_point', ...(administrationId && CODE.test(administrationId) ? { administrationId } : {}) }));
  });

  app.post('/setup/people/new', signedIn, async (c) => {
    const p = allowed(c, 'person:create');
    const v = c.get('view');
    const known = await lists();
    const fields = inviteFields(v, ...known);
    const outcome = await submitCreate(c, pages, fields, async (body) => {
      const input = inputOf(body, fields);
      const derived = !input.id;
      if (derived && typeof input.name === 'string') input.id = slugFrom(input.name);
      try {
        return await invitePerson(deps, p, { person: input });
      } catch (error) {
        // The account service failed: nothing was recorded, the form comes back to be sent again.
        if (error instanceof InvitationFailed) return undefined;
        // An id the person did not type is not theirs to fix: the name's error says it all.
        if (derived && error instanceof Invalid) {
          const rest = error.errors.filter((e) => e.field !== 'id');
          if (rest.length > 0) throw new Invalid(rest);
        }
        throw error;
      }
    });
    if (!outcome.done) return invitePage(c, outcome.shown, outcome.status, known);
    const person = outcome.result as Person | undefined;
    if (!person) return invitePage(c, shown(outcome.body), 503, known);
    return c.redirect(`/setup/people/${person.id}?invited#done`, 303);
  });

  // ------------------------------------------------------------ a person

  const personPage = (c: WebContext, person: Person, s: Shown, status: 200 | 400 | 409 = 200, problem?: Problem) => {
    const v = c.get('view');
    return render(c, <PersonPage v={v} me={me(c)} person={person} shown={s} problem={problem} query={c.req.query()} />, status);
  };

  app.get('/setup/people/:id', signedIn, async (c) => {
    allowed(c, 'person:list');
    const person = await load(idParam(c, SLUG));
    return personPage(c, person, shown(valuesFrom(person, detailFields(c.get('view'), person))));
  });

  app.post('/setup/people/:id', signedIn, async (c) => {
    const p = allowed(c, 'person:list');
    const id = idParam(c, SLUG);
    const current = await load(id);
    const fields = detailFields(c.get('view'), current);
    const account = accountWatch();
    const outcome = await submitEdit(c, pages, {
      subject: 'person',
      current,
      fields,
      patch: (body, stored) => changedInput(body, stored, fields),
      save: (patch, expectedVersion) => updatePerson(deps, p, { id, patch, expectedVersion }).catch(account.note),
      reload: () => load(id),
    });
    if (!outcome.done) return personPage(c, outcome.current, outcome.shown, outcome.status);
    return c.redirect(`/setup/people/${id}?${outcome.unchanged ? 'unchanged' : 'saved'}${account.suffix}#done`, 303);
  });

  // ------------------------------------------------------------ a change of role

  const rolePage = async (c: WebContext, person: Person, s: Shown, status: 200 | 400 | 409 = 200, known?: [Administration[], Donor[]]) => {
    const v = c.get('view');
    const [administrations, donors] = known ?? await lists();
    const title = v.t('setup.person.changeRoleOf', { name: person.name });
    return render(c, (
      <FormPage v={v} title={title} crumbs={[...setupCrumbs(v, listCrumb(v), person.name).slice(0, -1), { href: `/setup/people/${person.id}`, label: person.name }, { label: v.t('setup.person.changeRole') }]}
        action={`/setup/people/${person.id}/role`} fields={roleFields(v, administrations, donors)} shown={s} version={person.version} submit={v.t('setup.person.changeRole')}
        before={<p class="lead">{v.t('setup.person.changeRoleLead')}</p>} />
    ), status);
  };

  app.get('/setup/people/:id/role', signedIn, async (c) => {
    allowed(c, 'person:change-role');
    const [person, known] = await Promise.all([load(idParam(c, SLUG)), lists()]);
    return rolePage(c, person, shown(valuesFrom(person, roleFields(c.get('view'), ...known))), 200, known);
  });

  app.post('/setup/people/:id/role', signedIn, async (c) => {
    const p = allowed(c, 'person:change-role');
    const id = idParam(c, SLUG);
    const [current, known] = await Promise.all([load(id), lists()]);
    const fields = roleFields(c.get('view'), ...known);
    const account = accountWatch();
    const outcome = await submitEdit(c, pages, {
      subject: 'person',
      current,
      fields,
      patch: (body, stored) => (Object.keys(changedInput(body, stored, fields)).length > 0 ? inputOf(body, fields) : {}),
      save: (role, expectedVersion) => changePersonRole(deps, p, { id, role, expectedVersion }).catch(account.note),
      reload: () => load(id),
    });
    if (!outcome.done) return rolePage(c, outcome.current, outcome.shown, outcome.status, known);
    return c.redirect(`/setup/people/${id}?${outcome.unchanged ? 'unchanged' : 'saved'}${account.suffix}#done`, 303);
  });

  // ------------------------------------------------------------ one-button actions

  /** Runs an action on the person; a refusal shows the person's page with what went wrong. */
  async function act(c: WebContext, run: (p: Principal, id: string, body: Values, account: ReturnType<typeof accountWatch>) => Promise<string>) {
    const account = accountWatch();
    const p = me(c);
    const id = idParam(c, SLUG);
    const body = await formBody(c);
    requireCsrf(c, pages, body);
    const person = await load(id);
    try {
      const done = await run(p, id, body, account);
      return c.redirect(`/setup/people/${id}?${done}${account.suffix}#done`, 303);
    } catch (error) {
      const v = c.get('view');
      const values = valuesFrom(person, detailFields(v, person));
      if (error instanceof VersionConflict) return personPage(c, await load(id), shown(values), 409, { kind: 'conflict' });
      const f = formFailure(error, v, []);
      if (f.conflict) return personPage(c, await load(id), shown(values), 409, { kind: 'conflict' });
      return personPage(c, person, shown(values), f.status, { kind: 'refused', messages: f.general.map((g) => g.replace(/^[^:]*: /, '')) });
    }
  }

  app.post('/setup/people/:id/invite', signedIn, async (c) => {
    allowed(c, 'person:create');
    return act(c, async (p, id) => {
      try {
        await resendInvitation(deps, p, { id });
        return 'invited';
      } catch (error) {
        if (error instanceof InvitationFailed) return 'invitation=failed';
        throw error;
      }
    });
  });

  app.get('/setup/people/:id/deactivate', signedIn, async (c) => {
    allowed(c, 'person:deactivate');
    const person = await load(idParam(c, SLUG));
    const v = c.get('view');
    const title = v.t('setup.person.deactivateTitle', { name: person.name });
    return render(c, (
      <Layout v={v} title={title} section="setup" crumbs={[...setupCrumbs(v, listCrumb(v), person.name).slice(0, -1), { href: `/setup/people/${person.id}`, label: person.name }, { label: v.t('setup.person.deactivate') }]}>
        <h1>{title}</h1>
        {isActive(person) ? (
          <>
            <p>{v.t('setup.person.deactivateBody')}</p>
            <div class="actions">
              <ActionButton v={v} action={`/setup/people/${person.id}/deactivate`} version={person.version} label={v.t('setup.person.deactivateConfirm', { name: person.name })} kind="danger" />
              <a href={`/setup/people/${person.id}`}>{v.t('form.cancel')}</a>
            </div>
          </>
        ) : <p>{v.t('setup.person.alreadyDeactivated')} <a href={`/setup/people/${person.id}`}>{person.name}</a></p>}
      </Layout>
    ));
  });

  app.post('/setup/people/:id/deactivate', signedIn, async (c) => {
    allowed(c, 'person:deactivate');
    return act(c, async (p, id, body, account) => {
      await deactivatePerson(deps, p, { id, expectedVersion: formVersion(body) }).catch(account.note);
      return 'deactivated';
    });
  });

  app.post('/setup/people/:id/reactivate', signedIn, async (c) => {
    allowed(c, 'person:deactivate');
    return act(c, async (p, id, body, account) => {
      await reactivatePerson(deps, p, { id, expectedVersion: formVersion(body) }).catch(account.note);
      return 'reactivated';
    });
  });
}

const PersonPage: FC<{ v: View; me: Principal; person: Person; shown: Shown; problem?: Problem; query: Record<string, string> }> = ({ v, me, person, shown: s, problem, query }) => {
  const { t } = v;
  const base = `/setup/people/${person.id}`;
  const active = isActive(person);
  const notices: Child[] = [];
  if (query.invitation === 'failed') {
    notices.push(
      <Notice kind="error" role="alert" title={t('setup.person.invitationFailedTitle')}>
        <p>{t('setup.person.invitationFailedBody', { name: person.name })}</p>
        <ActionButton v={v} action={`${base}/invite`} label={t('setup.person.inviteAgain')} kind="primary" />
      </Notice>,
    );
  }
  if (query.account === 'failed') {
    notices.push(
      <Notice kind="warn" role="alert" title={t('setup.person.accountFailedTitle')}>
        <p>{t('setup.person.accountFailedBody')}</p>
      </Notice>,
    );
  }
  for (const key of ['invited', 'deactivated', 'reactivated'] as const) {
    if (query[key] !== undefined) notices.push(<Notice kind="ok" role="status" title={t(`setup.person.done.${key}`, { name: person.name, email: person.email })} />);
  }
  if (problem?.kind === 'conflict') notices.push(<Notice kind="warn" role="alert" title={t('setup.conflictTitle')}><p>{t('setup.person.actionConflict')}</p></Notice>);
  if (problem?.kind === 'refused') notices.push(<Notice kind="error" role="alert" title={t('setup.person.refusedTitle')}><ul>{problem.messages.map((m) => <li>{m}</li>)}</ul></Notice>);
  const fields = detailFields(v, person);
  return (
    <Layout v={v} title={person.name} section="setup" crumbs={setupCrumbs(v, { href: '/setup/people', label: t('setup.people.title') }, person.name)}>
      <h1>{person.name}</h1>
      <div id="done">
        <Outcome v={v} query={query} />
        {notices}
      </div>
      <dl class="facts">
        <dt>{t('setup.person.id')}</dt><dd>{person.id}</dd>
        <dt>{t('setup.person.email')}</dt><dd>{person.email}</dd>
        <dt>{t('setup.person.role')}</dt><dd>{t(`setup.roleName.${person.role}`)}</dd>
        <dt>{t('setup.people.affiliation')}</dt><dd><Affiliation v={v} p={person} /></dd>
        <dt>{t('setup.person.language')}</dt><dd>{person.language ? LANGUAGE_NAMES[person.language] : t('setup.person.administrationLanguage')}</dd>
        <dt>{t('setup.people.status')}</dt><dd><PersonStatus v={v} p={person} /></dd>
        <dt>{t('setup.person.reminders')}</dt><dd>{t(person.remindersOptOut ? 'setup.person.remindersOff' : 'setup.person.remindersOn')}</dd>
      </dl>
      <div class="actions">
        {can(me, 'person:change-role') ? <a class="button small secondary" href={`${base}/role`}>{t('setup.person.changeRole')}</a> : null}
        {can(me, 'person:create') && active ? <ActionButton v={v} action={`${base}/invite`} label={t('setup.person.resend')} /> : null}
        {can(me, 'person:deactivate', { personId: person.id }) && active && me.userId !== person.id ? <a class="button small danger" href={`${base}/deactivate`}>{t('setup.person.deactivate')}</a> : null}
        {can(me, 'person:deactivate', { personId: person.id }) && !active ? <ActionButton v={v} action={`${base}/reactivate`} version={person.version} label={t('setup.person.reactivate')} kind="primary" /> : null}
      </div>
      {can(me, 'person:update', { personId: person.id }) ? (
        <section aria-labelledby="details">
          <h2 id="details">{t('setup.person.details')}</h2>
          <p class="muted small">{t('form.requiredNote')}</p>
          <EditForm v={v} action={base} fields={fields} values={s.values} errors={s.errors} general={s.general} version={person.version} submit={t('setup.save')}
            conflict={s.conflict} conflictTitle={t('setup.conflictTitle')} conflictDetail={bothChanged(v, fields, s.both)} label={t('setup.person.details')} />
        </section>
      ) : null}
    </Layout>
  );
};
