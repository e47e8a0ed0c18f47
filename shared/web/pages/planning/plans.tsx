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
import { milestoneFields, planFields, otherThanTexts, titleAndDescription } from './fields.ts';
import { textIn } from '../../components.tsx';

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
  // Its title and description with their translations (issue 14), as the milestone edit form below.
  const editPage = (c: WebContext, r: PlanRecord, state: FormState, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    const texts = titleAndDescription(v, r.plan);
    return show(c, (
      <FormPage v={v} title={v.t('planning.editPlan')} crumbs={[...planCrumbs(c, r), { label: v.t('planning.edit') }]} action={`${href('plans', r.plan.id)}/edit`}
        fields={texts.fields(planFields(v, false), state.values)} state={state} version={r.plan.version} submit={v.t('planning.save')} back={href('plans', r.plan.id)}
        after={texts.after(state.values, state.errors ?? {}, status !== 200)} moreFields={texts.moreFields(state.values)} />
    ), status);
  };
  app.get('/plans/:id/edit', signedIn, async (c) => {
    const r = await planFor(c, 'plan:update');
    const v = c.get('view');
    return editPage(c, r, { values: titleAndDescription(v, r.plan).values(valuesFrom(r.plan, planFields(v, false))) });
  });
  app.post('/plans/:id/edit', signedIn, async (c) => {
    const r = await planFor(c, 'plan:update');
    const texts = titleAndDescription(c.get('view'), r.plan);
    const fields = planFields(c.get('view'), false);
    const others = otherThanTexts(fields);
    // Errors about a translation land beside its input: the form's fields include them.
    return submit(c, pages, [...fields, ...texts.moreFields(await formBody(c))], async (body) => {
      const { input, contentLanguage } = texts.patch(body);
      const patch = { ...changedInput(body, valuesFrom(r.plan, others), others, ['period', 'budget']), ...input };
      if (Object.keys(patch).length > 0) await updatePlan(deps, me(c), { id: r.plan.id, patch, expectedVersion: formVersion(body), ...(contentLanguage ? { contentLanguage } : {}) });
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
    const texts = titleAndDescription(v, l.milestone);
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
    return msEditPage(c, l, { values: titleAndDescription(c.get('view'), l.milestone).values(valuesFrom(l.milestone, milestoneFields(c.get('view'), [], false))) });
  });
  app.post('/milestones/:id/edit', signedIn, async (c) => {
    const l = await milestoneFor(c, 'milestone:update');
    const texts = titleAndDescription(c.get('view'), l.milestone);
    const fields = milestoneFields(c.get('view'), [], false);
    const others = otherThanTexts(fields);
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
