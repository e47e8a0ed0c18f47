/**
 * Plan forms: edit the plan, add a milestone, change or delete a milestone (the plan's
 * co-coordinators and the secretariat). The plan page with its one-button actions (close, delete,
 * reorder) is shared/web/pages/plan.tsx; the milestone page with its report form is milestone.tsx.
 */
import { Forbidden, addMilestone, deleteMilestone, readMilestone, updateMilestone, updatePlan, type LoadedMilestone } from '../../../commands/index.ts';
import { can } from '../../../domain/policy.ts';
import type { PlanRecord } from '../../../store/index.ts';
import { ActionButton, changedInput, formBody, formFailure, formVersion, inputOf, requireCsrf, valuesFrom } from '../../forms.tsx';
import { Layout } from '../../layout.tsx';
import { forbidden, me, type Pages, type WebContext } from '../../page.tsx';
import { ActionConflict, FormPage, administrationOptions, href, idParam, show, submit, type FormState } from './common.tsx';
import { milestoneFields, planFields } from './fields.ts';
import { translatableForm } from '../../translations-field.tsx';
import { textIn } from '../../components.tsx';
import type { View } from '../../view.ts';

/** The milestone's title and description with their translations, for the edit form (issue 14). */
function milestoneTexts(v: View, l: LoadedMilestone) {
  const m = l.milestone;
  return translatableForm(v, [
    { t: { name: 'title', original: m.title, field: m.translations?.title }, label: v.t('planning.f.title'), labelIn: (language) => v.t('content.titleIn', { language }), maxLength: 300, multiline: false, mayBeEmpty: false },
    { t: { name: 'description', original: m.description ?? '', field: m.translations?.description }, label: v.t('ms.description'), labelIn: (language) => v.t('content.descriptionIn', { language }), maxLength: 5000, multiline: true, mayBeEmpty: true },
  ]);
}

export function planForms(pages: Pages) {
  const { app, deps, signedIn } = pages;
  const { store } = deps;

  const planCrumbs = (c: WebContext, r: PlanRecord) => [
    { href: '/strategies', label: c.get('view').t('nav.strategies') },
    { href: href('plans', r.plan.id), label: r.plan.title },
  ];

  async function planFor(c: WebContext, action: 'plan:update' | 'milestone:create'): Promise<PlanRecord> {
    const record = await store.plans.require(idParam(c));
    if (!can(me(c), action, record.scope)) throw forbidden();
    return record;
  }

  // ------------------------------------------------------------------ edit the plan
  // Issue 14 hook: once PatchPlan's title is Translatable (branch names), give this form translatableForm(v, [{ t: { name: 'title', ... } }]) as the milestone edit form below does.
  const editPage = (c: WebContext, r: PlanRecord, state: FormState, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    return show(c, (
      <FormPage v={v} title={v.t('planning.editPlan')} crumbs={[...planCrumbs(c, r), { label: v.t('planning.edit') }]} action={`${href('plans', r.plan.id)}/edit`}
        fields={planFields(v, false)} state={state} version={r.plan.version} submit={v.t('planning.save')} back={href('plans', r.plan.id)} />
    ), status);
  };
  app.get('/plans/:id/edit', signedIn, async (c) => {
    const r = await planFor(c, 'plan:update');
    return editPage(c, r, { values: valuesFrom(r.plan, planFields(c.get('view'), false)) });
  });
  app.post('/plans/:id/edit', signedIn, async (c) => {
    const r = await planFor(c, 'plan:update');
    const fields = planFields(c.get('view'), false);
    return submit(c, pages, fields, async (body) => {
      const patch = changedInput(body, valuesFrom(r.plan, fields), fields, ['period', 'budget']);
      if (Object.keys(patch).length > 0) await updatePlan(deps, me(c), { id: r.plan.id, patch, expectedVersion: formVersion(body) });
      return `${href('plans', r.plan.id)}?done=saved`;
    }, async (state, status) => editPage(c, await store.plans.require(r.plan.id), state, status));
  });

  // ------------------------------------------------------------------ add a milestone
  const addPage = async (c: WebContext, r: PlanRecord, state: FormState, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    const fields = milestoneFields(v, await administrationOptions(store, v), true);
    return show(c, (
      <FormPage v={v} title={v.t('planning.addMilestone')} crumbs={[...planCrumbs(c, r), { label: v.t('planning.addMilestone') }]} action={`${href('plans', r.plan.id)}/milestones`}
        fields={fields} state={state} submit={v.t('planning.add')} back={`${href('plans', r.plan.id)}#milestones`}
        intro={<p>{v.t('planning.addMilestoneIntro', { ref: v.number(r.lastRef + 1) })}</p>} />
    ), status);
  };
  app.get('/plans/:id/milestones/new', signedIn, async (c) => addPage(c, await planFor(c, 'milestone:create'), { values: { status: 'planned', progress: '0' } }));
  app.post('/plans/:id/milestones', signedIn, async (c) => {
    const r = await planFor(c, 'milestone:create');
    const fields = milestoneFields(c.get('view'), [], true);
    return submit(c, pages, fields, async (body) => {
      const m = await addMilestone(deps, me(c), { planId: r.plan.id, milestone: inputOf(body, fields) });
      return `${href('plans', r.plan.id)}?done=added#m-${m.ref}`;
    }, async (state, status) => addPage(c, r, state, status));
  });

  // ------------------------------------------------------------------ change a milestone (every field the report form leaves out)
  async function milestoneFor(c: WebContext, action: 'milestone:update' | 'milestone:delete'): Promise<LoadedMilestone> {
    const loaded = await readMilestone(deps, me(c), idParam(c)).catch((e: unknown) => {
      throw e instanceof Forbidden ? forbidden() : e;
    });
    if (!can(me(c), action, loaded.scope)) throw forbidden();
    return loaded;
  }
  const msCrumbs = (c: WebContext, l: LoadedMilestone) => [
    ...planCrumbs(c, l.plan),
    { href: href('milestones', l.milestone.id), label: textIn(c.get('view'), l.milestone, 'title') },
  ];
  const msEditPage = async (c: WebContext, l: LoadedMilestone, state: FormState, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    const texts = milestoneTexts(v, l);
    const fields = texts.fields(milestoneFields(v, await administrationOptions(store, v), false), state.values);
    const m = l.milestone;
    return show(c, (
      <FormPage v={v} title={v.t('planning.editMilestone')} crumbs={[...msCrumbs(c, l), { label: v.t('planning.edit') }]} action={`${href('milestones', m.id)}/edit`}
        fields={fields} state={state} version={m.version} submit={v.t('planning.save')} back={href('milestones', m.id)}
        after={texts.after(state.values, state.errors ?? {}, status !== 200)} moreFields={texts.moreFields(state.values)}
        intro={<p>{m.ref ? v.t('planning.milestoneRef', { ref: v.number(m.ref) }) : null} {v.t('planning.editMilestoneIntro')}</p>} />
    ), status);
  };
  app.get('/milestones/:id/edit', signedIn, async (c) => {
    const l = await milestoneFor(c, 'milestone:update');
    return msEditPage(c, l, { values: milestoneTexts(c.get('view'), l).values(valuesFrom(l.milestone, milestoneFields(c.get('view'), [], false))) });
  });
  app.post('/milestones/:id/edit', signedIn, async (c) => {
    const l = await milestoneFor(c, 'milestone:update');
    const texts = milestoneTexts(c.get('view'), l);
    const fields = milestoneFields(c.get('view'), [], false);
    const others = fields.filter((f) => f.name !== 'title' && f.name !== 'description');
    // Errors about a translation land beside its input: the form's fields include them.
    return submit(c, pages, [...fields, ...texts.moreFields(await formBody(c))], async (body) => {
      const { input, contentLanguage } = texts.patch(body);
      const patch = { ...changedInput(body, valuesFrom(l.milestone, others), others), ...input };
      if (Object.keys(patch).length > 0) await updateMilestone(deps, me(c), { id: l.milestone.id, patch, expectedVersion: formVersion(body), ...(contentLanguage ? { contentLanguage } : {}) }, l);
      return `${href('milestones', l.milestone.id)}?saved#saved`;
    }, async (state, status) => msEditPage(c, await milestoneFor(c, 'milestone:update'), state, status));
  });

  // ------------------------------------------------------------------ delete a milestone (asks first)
  const deletePage = (c: WebContext, l: LoadedMilestone, conflict = false) => {
    const v = c.get('view');
    const m = l.milestone;
    return show(c, (
      <Layout v={v} title={v.t('planning.deleteMilestone')} crumbs={[...msCrumbs(c, l), { label: v.t('planning.delete') }]}>
        <h1>{v.t('planning.deleteMilestone')}</h1>
        {conflict ? <ActionConflict v={v} /> : null}
        <p>{v.t('planning.deleteMilestoneAsk', { title: textIn(v, m, 'title') })}</p>
        <p class="small muted">{v.t('planning.deleteMilestoneKept')}</p>
        <div class="actions">
          <ActionButton v={v} action={`${href('milestones', m.id)}/delete`} version={m.version} label={v.t('planning.deleteMilestoneConfirm')} kind="danger" />
          <a href={href('milestones', m.id)}>{v.t('form.cancel')}</a>
        </div>
      </Layout>
    ), conflict ? 409 : 200);
  };
  app.get('/milestones/:id/delete', signedIn, async (c) => deletePage(c, await milestoneFor(c, 'milestone:delete')));
  app.post('/milestones/:id/delete', signedIn, async (c) => {
    const l = await milestoneFor(c, 'milestone:delete');
    const body = await formBody(c);
    requireCsrf(c, pages, body);
    try {
      await deleteMilestone(deps, me(c), { id: l.milestone.id, expectedVersion: formVersion(body) });
    } catch (error) {
      const f = formFailure(error, c.get('view'), []);
      if (f.conflict) return deletePage(c, await milestoneFor(c, 'milestone:delete'), true);
      throw error;
    }
    return c.redirect(`${href('plans', l.plan.plan.id)}?done=deleted#milestones`, 303);
  });
}
