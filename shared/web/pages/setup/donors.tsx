/** Donors and development partners: the list, a new one, and editing one (its id stays). */
import { createDonor, updateDonor } from '../../../commands/index.ts';
import { ORGANISATION_TYPES } from '../../../domain/resources.ts';
import { inputOf, type Field } from '../../forms.tsx';
import { Localized } from '../../components.tsx';
import { render, type Pages } from '../../page.tsx';
import type { View } from '../../view.ts';
import { all } from '../../data.ts';
import { ListPage, SLUG, allowed, formRoutes, nameText } from './common.tsx';

export function donorFields(v: View, editing: boolean): Field[] {
  return [
    { name: 'id', label: v.t('setup.donor.id'), hint: v.t('setup.donor.idHint'), required: true, maxLength: 64, readOnly: editing, autocomplete: 'off' },
    { name: 'name', label: v.t('setup.donor.name'), hint: v.t('setup.donor.nameHint'), required: true, maxLength: 200 },
    { name: 'organisationType', label: v.t('setup.donor.type'), hint: v.t('setup.donor.typeHint'), kind: 'select', required: true, options: ORGANISATION_TYPES.map((t) => ({ value: t, label: `${v.t(`setup.orgType.${t}`)} (${t})` })) },
    { name: 'iatiRef', label: v.t('setup.donor.iatiRef'), hint: v.t('setup.donor.iatiRefHint'), maxLength: 100, autocomplete: 'off' },
  ];
}

export function donorPages(pages: Pages) {
  const { app, deps, signedIn } = pages;
  const { store } = deps;

  app.get('/setup/donors', signedIn, async (c) => {
    allowed(c, 'donor:update');
    const v = c.get('view');
    const donors = await all((page) => store.donors.list(page));
    return render(c, (
      <ListPage
        v={v}
        title={v.t('setup.donor.title')}
        lead={v.t('setup.donor.lead')}
        add={{ href: '/setup/donors/new', label: v.t('setup.donor.new') }}
        none={v.t('setup.donor.none')}
        head={[v.t('setup.donor.name'), v.t('setup.donor.id'), v.t('setup.donor.type'), v.t('setup.donor.iatiRef')]}
        rows={donors.map((d) => (
          <tr>
            <th scope="row"><Localized v={v} item={d} field="name" href={`/setup/donors/${d.id}`} /></th>
            <td>{d.id}</td>
            <td>{v.t(`setup.orgType.${d.organisationType}`)}</td>
            <td>{d.iatiRef ?? <span class="muted">{v.t('setup.none')}</span>}</td>
          </tr>
        ))}
      />
    ));
  });

  formRoutes(pages, {
    base: '/setup/donors',
    subject: 'donor',
    pattern: SLUG,
    can: { create: 'donor:create', update: 'donor:update' },
    list: (v) => v.t('setup.donor.title'),
    labels: (v) => ({ title: v.t('setup.donor.new'), create: v.t('setup.donor.create') }),
    fields: donorFields,
    defaults: { organisationType: '10' },
    texts: (v, item) => [nameText(v, item, v.t('setup.donor.name'))],
    load: (id) => store.donors.get(id),
    create: (p, body, fields) => createDonor(deps, p, { donor: inputOf(body, fields) }),
    update: (p, id, patch, expectedVersion) => updateDonor(deps, p, { id, patch, expectedVersion }),
  });
}
