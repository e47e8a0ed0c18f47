/**
 * Contribution forms (the plan's co-coordinators and the secretariat): record one, change it,
 * advance it to a later stage with the date it was reached, delete it (asks first). Each page reads
 * the plan's item collection (one Query) and the donors (one Query).
 */
import {
  advanceContributionStage, deleteContribution, recordContribution, updateContribution,
} from '../../../commands/index.ts';
import { can, type Action } from '../../../domain/policy.ts';
import { STAGES, type Contribution, type Stage } from '../../../domain/resources.ts';
import { inPlanOrder, type PlanRecord, type StoredMilestone } from '../../../store/index.ts';
import { planIdOf } from '../../../store/keys.ts';
import { ActionButton, changedInput, formBody, formFailure, formVersion, inputOf, requireCsrf, valuesFrom } from '../../forms.tsx';
import { Layout } from '../../layout.tsx';
import { forbidden, me, notFound, type Pages, type WebContext } from '../../page.tsx';
import type { View } from '../../view.ts';
import { ActionConflict, FormPage, donorOptions, href, idParam, show, submit, type FormState } from './common.tsx';
import { advanceFields, contributionFields, withAgreedRateCurrency } from './fields.ts';

interface Loaded {
  record: PlanRecord;
  milestones: StoredMilestone[];
  contribution?: Contribution;
}

const budgetOf = (l: Loaded) => l.record.plan.budget?.currency;

const milestoneOptions = (v: View, l: Loaded) =>
  inPlanOrder(l.milestones, l.record.plan.milestoneOrder).map((m) => ({ value: m.id, label: m.ref ? `${v.number(m.ref)}. ${m.title}` : m.title }));

export function contributionForms(pages: Pages) {
  const { app, deps, signedIn } = pages;
  const { store } = deps;

  /** The plan (and the contribution named in the path), if the caller may do `action`. */
  async function load(c: WebContext, action: Action, contributionId?: string): Promise<Loaded> {
    const planId = contributionId ? planIdOf(contributionId) : idParam(c);
    if (!planId) throw notFound();
    const { record, milestones, contributions } = await store.plans.collection(planId);
    const contribution = contributionId ? contributions.find((x) => x.id === contributionId) : undefined;
    if (contributionId && !contribution) throw notFound();
    if (!can(me(c), action, { ...record.scope, ...(contribution ? { donorId: contribution.donorId } : {}) })) throw forbidden();
    return { record, milestones: milestones.map((m) => m.milestone), ...(contribution ? { contribution } : {}) };
  }

  const crumbs = (c: WebContext, l: Loaded, label: string) => [
    { href: '/strategies', label: c.get('view').t('nav.strategies') },
    { href: href('plans', l.record.plan.id), label: l.record.plan.title },
    { label },
  ];
  const back = (l: Loaded) => `${href('plans', l.record.plan.id)}#funding`;
  const done = (l: Loaded, what: string) => `${href('plans', l.record.plan.id)}?done=${what}#funding`;

  // ------------------------------------------------------------------ record
  const newPage = async (c: WebContext, l: Loaded, state: FormState, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    const fields = contributionFields(v, await donorOptions(store, v), milestoneOptions(v, l), true, budgetOf(l));
    return show(c, (
      <FormPage v={v} title={v.t('planning.recordContribution')} crumbs={crumbs(c, l, v.t('planning.recordContribution'))} action={`${href('plans', l.record.plan.id)}/contributions`}
        fields={fields} state={state} submit={v.t('planning.record')} back={back(l)} intro={<p>{v.t('planning.contributionIntro')}</p>} />
    ), status);
  };
  app.get('/plans/:id/contributions/new', signedIn, async (c) => newPage(c, await load(c, 'contribution:create'), { values: { stage: 'pledged', kind: 'financial' } }));
  app.post('/plans/:id/contributions', signedIn, async (c) => {
    const l = await load(c, 'contribution:create');
    const fields = contributionFields(c.get('view'), [], [], true, budgetOf(l));
    return submit(c, pages, fields, async (body) => {
      await recordContribution(deps, me(c), { planId: l.record.plan.id, contribution: withAgreedRateCurrency(inputOf(body, fields), budgetOf(l)) });
      return done(l, 'added');
    }, async (state, status) => newPage(c, l, state, status));
  });

  // ------------------------------------------------------------------ edit
  const editPage = async (c: WebContext, l: Loaded, state: FormState, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    const x = l.contribution!;
    const fields = contributionFields(v, await donorOptions(store, v), milestoneOptions(v, l), false, budgetOf(l));
    return show(c, (
      <FormPage v={v} title={v.t('planning.editContribution')} crumbs={crumbs(c, l, v.t('planning.editContribution'))} action={`${href('contributions', x.id)}/edit`}
        fields={fields} state={state} version={x.version} submit={v.t('planning.save')} back={back(l)} />
    ), status);
  };
  const contributionId = (c: WebContext) => idParam(c);
  app.get('/contributions/:id/edit', signedIn, async (c) => {
    const l = await load(c, 'contribution:update', contributionId(c));
    return editPage(c, l, { values: valuesFrom(l.contribution!, contributionFields(c.get('view'), [], [], false, budgetOf(l))) });
  });
  app.post('/contributions/:id/edit', signedIn, async (c) => {
    const id = contributionId(c);
    const l = await load(c, 'contribution:update', id);
    const fields = contributionFields(c.get('view'), [], [], false, budgetOf(l));
    return submit(c, pages, fields, async (body) => {
      const patch = withAgreedRateCurrency(changedInput(body, valuesFrom(l.contribution!, fields), fields, ['stageDates', 'agreedRate']), budgetOf(l));
      if (Object.keys(patch).length > 0) await updateContribution(deps, me(c), { id, patch, expectedVersion: formVersion(body) });
      return done(l, 'saved');
    }, async (state, status) => editPage(c, await load(c, 'contribution:update', id), state, status));
  });

  // ------------------------------------------------------------------ advance to a later stage
  const advancePage = (c: WebContext, l: Loaded, state: FormState, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    const x = l.contribution!;
    const fields = advanceFields(v, x.stage as Stage);
    return show(c, (
      <FormPage v={v} title={v.t('planning.advance')} crumbs={crumbs(c, l, v.t('planning.advance'))} action={`${href('contributions', x.id)}/advance`}
        fields={fields} state={state} version={x.version} submit={v.t('planning.advance')} back={back(l)}
        intro={<p>{v.t('planning.advanceIntro', { description: x.description, stage: v.t(`stage.${x.stage}`) })}</p>} />
    ), status);
  };
  async function advanceable(c: WebContext, id: string) {
    const l = await load(c, 'contribution:update', id);
    if (l.contribution!.stage === STAGES[STAGES.length - 1]) throw notFound();
    return l;
  }
  app.get('/contributions/:id/advance', signedIn, async (c) => {
    const l = await advanceable(c, contributionId(c));
    const next = STAGES[STAGES.indexOf(l.contribution!.stage as Stage) + 1]!;
    return advancePage(c, l, { values: { stage: next } });
  });
  app.post('/contributions/:id/advance', signedIn, async (c) => {
    const id = contributionId(c);
    const l = await advanceable(c, id);
    const fields = advanceFields(c.get('view'), l.contribution!.stage as Stage);
    return submit(c, pages, fields, async (body) => {
      await advanceContributionStage(deps, me(c), { id, stage: body.stage, date: (body.date ?? '').trim(), expectedVersion: formVersion(body) });
      return done(l, 'saved');
    }, async (state, status) => advancePage(c, await advanceable(c, id), state, status));
  });

  // ------------------------------------------------------------------ delete (asks first)
  const deletePage = (c: WebContext, l: Loaded, conflict = false) => {
    const v = c.get('view');
    const x = l.contribution!;
    return show(c, (
      <Layout v={v} title={v.t('planning.deleteContribution')} crumbs={crumbs(c, l, v.t('planning.deleteContribution'))}>
        <h1>{v.t('planning.deleteContribution')}</h1>
        {conflict ? <ActionConflict v={v} /> : null}
        <p>{v.t('planning.deleteContributionAsk', { description: x.description })}</p>
        <div class="actions">
          <ActionButton v={v} action={`${href('contributions', x.id)}/delete`} version={x.version} label={v.t('planning.deleteContributionConfirm')} kind="danger" />
          <a href={back(l)}>{v.t('form.cancel')}</a>
        </div>
      </Layout>
    ), conflict ? 409 : 200);
  };
  app.get('/contributions/:id/delete', signedIn, async (c) => deletePage(c, await load(c, 'contribution:delete', contributionId(c))));
  app.post('/contributions/:id/delete', signedIn, async (c) => {
    const id = contributionId(c);
    const l = await load(c, 'contribution:delete', id);
    const body = await formBody(c);
    requireCsrf(c, pages, body);
    try {
      await deleteContribution(deps, me(c), { id, expectedVersion: formVersion(body) });
    } catch (error) {
      if (formFailure(error, c.get('view'), []).conflict) return deletePage(c, await load(c, 'contribution:delete', id), true);
      throw error;
    }
    return c.redirect(done(l, 'deleted'), 303);
  });
}
