/**
 * Strategy forms: create (the secretariat), edit and reminder settings (the secretariat and the
 * strategy's co-coordinators), add a co-coordinator (the secretariat) and a new action plan (the
 * secretariat and the co-coordinators). The strategy page itself, with its one-button actions
 * (archive, remove a co-coordinator), is shared/web/pages/strategy.tsx.
 */
import { addCoordinator, createPlan, createStrategy, setReminderSettings, updateStrategy } from '../../../commands/index.ts';
import { Conflict } from '../../../commands/errors.ts';
import { can } from '../../../domain/policy.ts';
import type { Strategy } from '../../../domain/resources.ts';
import { changedInput, formBody, formVersion, inputOf, valuesFrom, type Values } from '../../forms.tsx';
import { forbidden, me, type Pages, type WebContext } from '../../page.tsx';
import { FormPage, administrationOptions, dayList, href, idParam, show, submit, writerLanguage, type FormState } from './common.tsx';
import { coordinatorFields, planFields, reminderFields, strategyFields, otherThanTexts, titleAndDescription, writtenIn } from './fields.ts';

export function strategyForms(pages: Pages) {
  const { app, deps, signedIn } = pages;
  const { store } = deps;

  const crumbs = (c: WebContext, s?: Strategy) => {
    const { t } = c.get('view');
    return [
      { href: '/strategies', label: t('nav.strategies') },
      ...(s ? [{ href: href('strategies', s.id), label: s.title }] : []),
    ];
  };

  /** The strategy, if the caller may change it (its co-coordinators and the secretariat). */
  async function editable(c: WebContext): Promise<Strategy> {
    const strategy = await store.strategies.require(idParam(c));
    if (!can(me(c), 'strategy:update', { coordinatorIds: strategy.coordinatorIds })) throw forbidden();
    return strategy;
  }

  // ------------------------------------------------------------------ new strategy
  const newStrategy = (c: WebContext, state: FormState, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    return show(c, (
      <FormPage v={v} title={v.t('planning.newStrategy')} crumbs={[...crumbs(c), { label: v.t('planning.newStrategy') }]} action="/strategies"
        fields={writtenIn(v, strategyFields(v, true), writerLanguage(c))} state={state} submit={v.t('planning.create')} back="/strategies" />
    ), status);
  };
  app.get('/strategies/new', signedIn, (c) => {
    if (!can(me(c), 'strategy:create')) throw forbidden();
    return newStrategy(c, { values: { status: 'draft' } });
  });
  app.post('/strategies', signedIn, (c) => {
    const fields = strategyFields(c.get('view'), true);
    return submit(c, pages, fields, async (body) => {
      const created = await createStrategy(deps, me(c), { strategy: inputOf(body, fields), language: writerLanguage(c) });
      return `${href('strategies', created.id)}?done=created`;
    }, async (state, status) => newStrategy(c, state, status));
  });

  // ------------------------------------------------------------------ edit (its title and description with their translations, issue 14)
  const editPage = (c: WebContext, s: Strategy, state: FormState, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    const texts = titleAndDescription(v, s);
    return show(c, (
      <FormPage v={v} title={v.t('planning.editStrategy')} crumbs={[...crumbs(c, s), { label: v.t('planning.edit') }]} action={`${href('strategies', s.id)}/edit`}
        fields={texts.fields(strategyFields(v, false), state.values)} state={state} version={s.version} submit={v.t('planning.save')} back={href('strategies', s.id)}
        after={texts.after(state.values, state.errors ?? {}, status !== 200)} moreFields={texts.moreFields(state.values)} />
    ), status);
  };
  app.get('/strategies/:id/edit', signedIn, async (c) => {
    const s = await editable(c);
    const v = c.get('view');
    return editPage(c, s, { values: titleAndDescription(v, s).values(valuesFrom(s, strategyFields(v, false))) });
  });
  app.post('/strategies/:id/edit', signedIn, async (c) => {
    const s = await editable(c);
    const texts = titleAndDescription(c.get('view'), s);
    const fields = strategyFields(c.get('view'), false);
    const others = otherThanTexts(fields);
    return submit(c, pages, [...fields, ...texts.moreFields(await formBody(c))], async (body) => {
      const { input, contentLanguage } = texts.patch(body);
      const patch = { ...changedInput(body, valuesFrom(s, others), others), ...input };
      if (Object.keys(patch).length > 0) await updateStrategy(deps, me(c), { id: s.id, patch, expectedVersion: formVersion(body), ...(contentLanguage ? { contentLanguage } : {}) });
      return `${href('strategies', s.id)}?done=saved`;
    }, async (state, status) => editPage(c, await store.strategies.require(s.id), state, status));
  });

  // ------------------------------------------------------------------ reminder settings
  const reminderValues = (s: Strategy): Values => ({
    offsetsDays: s.reminders.offsetsDays.join(', '),
    graceDays: String(s.reminders.graceDays),
    attentionDays: String(s.reminders.attentionDays),
    periodCloseDays: s.reminders.periodCloseDays?.join(', ') ?? '',
    reviewWaitDays: s.reminders.reviewWaitDays === undefined ? '' : String(s.reminders.reviewWaitDays),
  });
  const remindersPage = (c: WebContext, s: Strategy, state: FormState, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    return show(c, (
      <FormPage v={v} title={v.t('planning.reminders')} crumbs={[...crumbs(c, s), { label: v.t('planning.reminders') }]} action={`${href('strategies', s.id)}/reminders`}
        fields={reminderFields(v)} state={state} version={s.version} submit={v.t('planning.save')} back={href('strategies', s.id)}
        intro={<p>{v.t('planning.remindersIntro')}</p>} />
    ), status);
  };
  app.get('/strategies/:id/reminders', signedIn, async (c) => {
    const s = await editable(c);
    return remindersPage(c, s, { values: reminderValues(s) });
  });
  app.post('/strategies/:id/reminders', signedIn, async (c) => {
    const s = await editable(c);
    const fields = reminderFields(c.get('view'));
    return submit(c, pages, fields, async (body) => {
      const input = inputOf(body, fields);
      const periodCloseDays = dayList(body.periodCloseDays);
      const reminders = { ...input, offsetsDays: dayList(body.offsetsDays), ...(periodCloseDays === undefined ? {} : { periodCloseDays }) };
      await setReminderSettings(deps, me(c), { id: s.id, reminders, expectedVersion: formVersion(body) });
      return `${href('strategies', s.id)}?done=saved`;
    }, async (state, status) => remindersPage(c, await store.strategies.require(s.id), state, status));
  });

  // ------------------------------------------------------------------ add a co-coordinator
  const coordinatorPage = async (c: WebContext, s: Strategy, state: FormState, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    const options = (await administrationOptions(store, v)).filter((o) => !s.coordinatorIds.includes(o.value));
    return show(c, (
      <FormPage v={v} title={v.t('planning.addCoordinator')} crumbs={[...crumbs(c, s), { label: v.t('planning.addCoordinator') }]} action={`${href('strategies', s.id)}/coordinators`}
        fields={coordinatorFields(v, options)} state={state} submit={v.t('planning.add')} back={`${href('strategies', s.id)}#coordinators`}
        intro={<p>{v.t('planning.addCoordinatorIntro')}</p>} />
    ), status);
  };
  const mayAddCoordinator = (c: WebContext) => {
    if (!can(me(c), 'coordinator:add')) throw forbidden();
  };
  app.get('/strategies/:id/coordinators/new', signedIn, async (c) => {
    mayAddCoordinator(c);
    const s = await store.strategies.require(idParam(c));
    return coordinatorPage(c, s, { values: {} });
  });
  app.post('/strategies/:id/coordinators', signedIn, async (c) => {
    mayAddCoordinator(c);
    const id = idParam(c);
    const v = c.get('view');
    const fields = coordinatorFields(v, []);
    return submit(c, pages, fields, async (body) => {
      try {
        await addCoordinator(deps, me(c), { strategyId: id, coordinator: inputOf(body, fields) });
      } catch (error) {
        // Already a co-coordinator, or a term starting that day already: said in the reader's words.
        if (error instanceof Conflict) throw new Conflict(v.t('planning.coordinatorConflict'));
        throw error;
      }
      return `${href('strategies', id)}?done=added#coordinators`;
    }, async (state, status) => coordinatorPage(c, await store.strategies.require(id), state, status));
  });

  // ------------------------------------------------------------------ new action plan
  const planPage = (c: WebContext, s: Strategy, state: FormState, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    return show(c, (
      <FormPage v={v} title={v.t('planning.newPlan')} crumbs={[...crumbs(c, s), { label: v.t('planning.newPlan') }]} action={`${href('strategies', s.id)}/plans`}
        fields={writtenIn(v, planFields(v, true), writerLanguage(c))} state={state} submit={v.t('planning.create')} back={href('strategies', s.id)} />
    ), status);
  };
  const plannable = async (c: WebContext) => {
    const s = await store.strategies.require(idParam(c));
    if (!can(me(c), 'plan:create', { coordinatorIds: s.coordinatorIds })) throw forbidden();
    return s;
  };
  app.get('/strategies/:id/plans/new', signedIn, async (c) => planPage(c, await plannable(c), { values: { status: 'active' } }));
  app.post('/strategies/:id/plans', signedIn, async (c) => {
    const s = await plannable(c);
    const fields = planFields(c.get('view'), true);
    return submit(c, pages, fields, async (body) => {
      const plan = await createPlan(deps, me(c), { strategyId: s.id, plan: inputOf(body, fields), language: writerLanguage(c) });
      return `${href('plans', plan.id)}?done=created`;
    }, async (state, status) => planPage(c, s, state, status));
  });
}
