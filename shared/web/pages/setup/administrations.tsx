/** Member administrations: the list, a new one, and editing one (its code stays). */
import { createAdministration, Invalid, updateAdministration } from '../../../commands/index.ts';
import { DIGEST_FREQUENCIES } from '../../../domain/resources.ts';
import { LANGUAGES } from '../../../i18n/index.ts';
import { changedInput, inputOf, type Field, type Values } from '../../forms.tsx';
import { Localized } from '../../components.tsx';
import { LANGUAGE_NAMES } from '../../layout.tsx';
import { render, type Pages } from '../../page.tsx';
import type { View } from '../../view.ts';
import { all } from '../../data.ts';
import { CODE, ListPage, allowed, formRoutes, nameText } from './common.tsx';

export function administrationFields(v: View, editing: boolean): Field[] {
  return [
    { name: 'id', label: v.t('setup.adm.code'), hint: v.t('setup.adm.codeHint'), required: true, maxLength: 2, readOnly: editing, autocomplete: 'off' },
    { name: 'name', label: v.t('setup.adm.name'), hint: v.t('setup.adm.nameHint'), required: true, maxLength: 200 },
    { name: 'language', label: v.t('setup.adm.language'), hint: v.t('setup.adm.languageHint'), kind: 'select', required: true, options: LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] })) },
    { name: 'timeZone', label: v.t('setup.adm.timeZone'), hint: v.t('setup.adm.timeZoneHint'), required: true, maxLength: 64, autocomplete: 'off' },
    { name: 'directorGeneral.name', label: v.t('setup.adm.dgName'), hint: v.t('setup.adm.dgHint'), maxLength: 200, autocomplete: 'off' },
    { name: 'directorGeneral.email', label: v.t('setup.adm.dgEmail'), kind: 'email', maxLength: 254, autocomplete: 'off' },
    { name: 'digestFrequency', label: v.t('setup.adm.frequency'), hint: v.t('setup.adm.frequencyHint'), kind: 'select', required: true, options: DIGEST_FREQUENCIES.map((f) => ({ value: f, label: v.t(`setup.frequency.${f}`) })) },
  ];
}

/** A Director General is both a name and an email, or nobody: one missing half is said so. */
function pairedDirectorGeneral(error: unknown): never {
  if (error instanceof Invalid) {
    throw new Invalid(error.errors.map((e) => (e.field.startsWith('directorGeneral.') && e.code === 'required' ? { ...e, code: 'dg_pair' } : e)));
  }
  throw error;
}

/** The changed fields; the Director General as a whole (null when both halves are cleared). */
const patchOf = (fields: readonly Field[]) => (body: Values, stored: Values) => changedInput(body, stored, fields, ['directorGeneral']);

export function administrationPages(pages: Pages) {
  const { app, deps, signedIn } = pages;
  const { store } = deps;

  app.get('/setup/administrations', signedIn, async (c) => {
    allowed(c, 'administration:update');
    const v = c.get('view');
    const administrations = await all((page) => store.administrations.list(page));
    return render(c, (
      <ListPage
        v={v}
        title={v.t('setup.adm.title')}
        lead={v.t('setup.adm.lead')}
        add={{ href: '/setup/administrations/new', label: v.t('setup.adm.new') }}
        none={v.t('setup.adm.none')}
        head={[v.t('setup.adm.code'), v.t('setup.adm.name'), v.t('setup.adm.language'), v.t('setup.adm.timeZone'), v.t('setup.adm.frequencyShort'), v.t('setup.adm.dg')]}
        rows={administrations.map((a) => (
          <tr>
            <td>{a.id}</td>
            <th scope="row"><Localized v={v} item={a} field="name" href={`/setup/administrations/${a.id}`} /><span class="muted small block">{v.country(a.id)}</span></th>
            <td>{LANGUAGE_NAMES[a.language]}</td>
            <td>{a.timeZone}</td>
            <td>{v.t(`setup.frequency.${a.digestFrequency}`)}</td>
            <td>{a.directorGeneral ? <>{a.directorGeneral.name}<span class="muted small block">{a.directorGeneral.email}</span></> : <span class="badge h-at_risk">{v.t('setup.needs.noDigestRecipient.short')}</span>}</td>
          </tr>
        ))}
      />
    ));
  });

  formRoutes(pages, {
    base: '/setup/administrations',
    subject: 'administration',
    pattern: CODE,
    can: { create: 'administration:create', update: 'administration:update' },
    list: (v) => v.t('setup.adm.title'),
    labels: (v) => ({ title: v.t('setup.adm.new'), create: v.t('setup.adm.create') }),
    fields: administrationFields,
    defaults: { language: 'es', digestFrequency: 'monthly' },
    texts: (v, item) => [nameText(v, item, v.t('setup.adm.name'))],
    load: (id) => store.administrations.get(id),
    create: (p, body, fields) => {
      const input = inputOf(body, fields);
      if (typeof input.id === 'string') input.id = input.id.toUpperCase();
      // The name is given as the administration names itself: its original is in the administration's language.
      const home = LANGUAGES.find((l) => l === input.language);
      return createAdministration(deps, p, { administration: input, ...(home ? { contentLanguage: home } : {}) }).catch(pairedDirectorGeneral);
    },
    update: (p, id, patch, expectedVersion) => updateAdministration(deps, p, { id, patch, expectedVersion }).catch(pairedDirectorGeneral),
    patch: patchOf,
    subtitle: (v, a) => (
      <>
        <p class="muted">{v.country(a.id)}</p>
        <p class="small noprint"><a href={`/profile?administration=${encodeURIComponent(a.id)}#calendar`}>{v.t('calendar.followAdministration')}</a></p>
      </>
    ),
  });
}
