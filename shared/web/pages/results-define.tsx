/**
 * Defining a plan's results framework in the browser (the plan's co-coordinators and the
 * secretariat, as the policy says): results, reporting periods and indicators with their baselines
 * and the grid of targets (periods x region and administrations, plain inputs: no script needed),
 * and deleting each after a confirmation page that says what goes with it. Every form calls one
 * command of shared/commands/results.ts and carries the version it was based on; a refusal comes
 * back with every error beside its field (a grid cell included), in the reader's language.
 */
import type { FC } from 'hono/jsx';
import {
  ApprovedValuesWouldBeLost, Conflict, Invalid, VersionConflict, defineIndicator, definePeriod, defineResult, deleteDefinition, readRemoval, readResults,
  updateIndicator, updatePeriod, updateResult, type DefinitionKind, type FieldError,
} from '../../commands/index.ts';
import { INDICATOR_MEASURES, AGGREGATIONS, PERIOD_FIGURES, RESULT_TYPES } from '../../domain/constants.ts';
import { can } from '../../domain/policy.ts';
import type { Indicator, ReportingPeriod, Result } from '../../domain/results-schema.ts';
import type { PlanRecord, ResultsFramework } from '../../store/index.ts';
import { planIdOf } from '../../store/keys.ts';
import { ActionButton, changedInput, formBody, formFailure, formVersion, inputOf, messageFor, requireCsrf, valuesFrom, type Errors, type Field, type Values } from '../forms.tsx';
import { Layout, Notice } from '../layout.tsx';
import { forbidden, me, notFound, type Pages, type WebContext } from '../page.tsx';
import type { View } from '../view.ts';
import { textIn } from '../components.tsx';
import { translatableForm, type TranslatableSpec } from '../translations-field.tsx';
import { ActionConflict, FormPage, href, idParam, show, submit, type FormState } from './planning/common.tsx';

// ---------------------------------------------------------------- fields

const resultFields = (v: View): Field[] => [
  { name: 'type', label: v.t('define.resultType'), kind: 'select', required: true, options: RESULT_TYPES.map((x) => ({ value: x, label: v.t(`define.resultType.${x}`) })) },
  { name: 'title', label: v.t('define.title'), required: true, maxLength: 300 },
  { name: 'description', label: v.t('define.description'), kind: 'textarea', maxLength: 5000, clear: 'empty' },
];

const periodFields = (v: View, plan: PlanRecord): Field[] => [
  { name: 'label', label: v.t('define.periodLabel'), required: true, maxLength: 100, hint: v.t('define.periodLabelHint') },
  { name: 'start', label: v.t('define.start'), kind: 'date', required: true, hint: v.t('define.withinPlan', { start: v.date(plan.plan.period.start), end: v.date(plan.plan.period.end) }) },
  { name: 'end', label: v.t('define.end'), kind: 'date', required: true },
];

const indicatorFields = (v: View, framework: ResultsFramework): Field[] => [
  { name: 'resultId', label: v.t('define.result'), kind: 'select', required: true, options: framework.results.map((r) => ({ value: r.id, label: `${textIn(v, r, 'title')} (${v.t(`results.type.${r.type}`)})` })) },
  { name: 'title', label: v.t('define.title'), required: true, maxLength: 300 },
  { name: 'definition', label: v.t('define.definition'), kind: 'textarea', maxLength: 5000, clear: 'empty', hint: v.t('define.definitionHint') },
  { name: 'measure', label: v.t('results.measure'), kind: 'select', required: true, options: INDICATOR_MEASURES.map((m) => ({ value: m, label: v.t(`results.measure.${m}`) })) },
  { name: 'unit', label: v.t('define.unit'), maxLength: 60, hint: v.t('define.unitHint') },
  { name: 'ascending', label: v.t('define.ascending'), kind: 'checkbox', hint: v.t('define.ascendingHint') },
  { name: 'aggregation', label: v.t('results.aggregation'), kind: 'select', required: true, options: AGGREGATIONS.map((a) => ({ value: a, label: v.t(`define.aggregation.${a}`) })), hint: v.t('define.aggregationHint') },
  { name: 'threshold', label: v.t('define.threshold'), maxLength: 20, hint: v.t('define.thresholdHint') },
  { name: 'periodFigure', label: v.t('define.periodFigure'), kind: 'select', required: true, options: PERIOD_FIGURES.map((f) => ({ value: f, label: v.t(`define.periodFigure.${f}`) })) },
];

// ---------------------------------------------------------------- texts in several languages (issue 14)

/** A title and its description (a result's) or definition (an indicator's), each with its translations, for an edit form. */
function textsOf(v: View, item: Result | Indicator, second: 'description' | 'definition') {
  const spec = (name: 'title' | typeof second, label: string, labelIn: string, maxLength: number, multiline: boolean): TranslatableSpec => ({
    t: { name, original: String((item as Record<string, unknown>)[name] ?? ''), field: item.translations?.[name] },
    label, labelIn: (language) => v.t(labelIn, { language }), maxLength, multiline, mayBeEmpty: multiline,
  });
  return translatableForm(v, [
    spec('title', v.t('define.title'), 'content.titleIn', 300, false),
    spec(second, v.t(`define.${second}`), `content.${second}In`, 5000, true),
  ]);
}
const resultTexts = (v: View, r: Result) => textsOf(v, r, 'description');
const indicatorTexts = (v: View, i: Indicator) => textsOf(v, i, 'definition');
/** The fields a form sends as they are (the translatable ones go through their texts' patch). */
const plainFields = (fields: readonly Field[]) => fields.filter((f) => !['title', 'description', 'definition'].includes(f.name));

// ---------------------------------------------------------------- the grid of baselines and targets

/**
 * Cells are named `b|<col>` (baseline value), `d|<col>` (baseline date) and `t|<periodId>|<col>`
 * (target), where a column is `region` or an administration's code: period ids hold dots, so the
 * form kit's dotted names are not used here.
 */
interface Grid { periods: ReportingPeriod[]; columns: string[] }

function gridOf(plan: PlanRecord, framework: ResultsFramework, indicator?: Indicator): Grid {
  const administrations = new Set([...plan.scope.coordinatorIds, ...plan.scope.participantIds]);
  for (const a of Object.keys(indicator?.baselines ?? {})) administrations.add(a);
  for (const t of Object.values(indicator?.targets ?? {})) for (const a of Object.keys(t.administrations ?? {})) administrations.add(a);
  return { periods: framework.periods, columns: ['region', ...[...administrations].sort()] };
}

function gridValues(indicator: Indicator): Values {
  const out: Values = {};
  if (indicator.baseline) Object.assign(out, { 'b|region': indicator.baseline.value, 'd|region': indicator.baseline.date });
  for (const [a, b] of Object.entries(indicator.baselines)) Object.assign(out, { [`b|${a}`]: b.value, [`d|${a}`]: b.date });
  for (const [p, t] of Object.entries(indicator.targets)) {
    if (t.region !== undefined) out[`t|${p}|region`] = t.region;
    for (const [a, x] of Object.entries(t.administrations ?? {})) out[`t|${p}|${a}`] = x;
  }
  return out;
}

/** The baselines and targets the grid stands for (empty cells left out; a half-filled baseline sent for the schema to refuse). */
function gridInput(body: Values, grid: Grid) {
  const cell = (name: string) => (body[name] ?? '').trim();
  const baselineOf = (col: string) => {
    const value = cell(`b|${col}`);
    const date = cell(`d|${col}`);
    return value === '' && date === '' ? undefined : { value, date };
  };
  const baselines: Record<string, { value: string; date: string }> = {};
  for (const col of grid.columns.slice(1)) {
    const b = baselineOf(col);
    if (b) baselines[col] = b;
  }
  const targets: Record<string, { region?: string; administrations?: Record<string, string> }> = {};
  for (const p of grid.periods) {
    const region = cell(`t|${p.id}|region`);
    const administrations = Object.fromEntries(grid.columns.slice(1).map((a) => [a, cell(`t|${p.id}|${a}`)]).filter(([, x]) => x !== ''));
    if (region === '' && Object.keys(administrations).length === 0) continue;
    targets[p.id] = { ...(region !== '' ? { region } : {}), ...(Object.keys(administrations).length > 0 ? { administrations } : {}) };
  }
  return { baseline: baselineOf('region'), baselines, targets };
}

/** The grid cell a command's field error is about (`targets.<periodId>.administrations.GT` -> `t|<periodId>|GT`). */
function cellOf(field: string, grid: Grid): string | undefined {
  const baseline = /^baseline(?:\.(value|date))?$/.exec(field);
  if (baseline) return `${baseline[1] === 'date' ? 'd' : 'b'}|region`;
  const perAdministration = /^baselines\.([A-Z]{2})(?:\.(value|date))?$/.exec(field);
  if (perAdministration) return `${perAdministration[2] === 'date' ? 'd' : 'b'}|${perAdministration[1]}`;
  for (const p of grid.periods) {
    const prefix = `targets.${p.id}`;
    if (field === prefix || field === `${prefix}.region`) return `t|${p.id}|region`;
    const a = field.startsWith(`${prefix}.administrations.`) ? field.slice(`${prefix}.administrations.`.length) : undefined;
    if (a) return `t|${p.id}|${a}`;
  }
  return undefined;
}

/** A figure's error in a cell: the messages of the report form's value field. */
const cellMessage = (v: View, e: FieldError) =>
  e.code === 'too_big' ? v.t('form.err.value.too_big') : e.code === 'invalid_figure' ? v.t('form.err.value.invalid_figure') : messageFor(v.t, { ...e, field: e.field.endsWith('date') ? 'date' : e.field });

const TargetGrid: FC<{ v: View; grid: Grid; values: Values; errors: Errors; note?: string }> = ({ v, grid, values, errors, note }) => {
  const label = (col: string) => (col === 'region' ? v.t('results.region') : v.country(col));
  const input = (name: string, aria: string, type: 'text' | 'date' = 'text') => (
    <td class={errors[name] ? 'invalid' : undefined}>
      <input type={type} id={`f-${name}`} name={name} value={values[name] ?? ''} aria-label={aria} maxlength={type === 'text' ? 20 : undefined} inputmode={type === 'text' ? 'decimal' : undefined}
        aria-invalid={errors[name] ? 'true' : undefined} aria-describedby={errors[name] ? `e-${name}` : undefined} />
      {errors[name] ? <span class="err" id={`e-${name}`}>{errors[name]}</span> : null}
    </td>
  );
  return (
    <fieldset class="grid">
      <legend>{v.t('define.gridTitle')}</legend>
      <p class="hint">{v.t('define.gridHint')}</p>
      {note ? <p class="err" id="e-grid">{note}</p> : null}
      <div class="scroll" role="region" aria-label={v.t('define.gridTitle')} tabindex={0}>
        <table class="grid">
          <thead>
            <tr><td></td>{grid.columns.map((col) => <th scope="col">{col === 'region' ? label(col) : <abbr title={label(col)}>{col}</abbr>}</th>)}</tr>
          </thead>
          <tbody>
            <tr><th scope="row">{v.t('results.baseline')}</th>{grid.columns.map((col) => input(`b|${col}`, `${v.t('results.baseline')}, ${label(col)}`))}</tr>
            <tr><th scope="row">{v.t('define.baselineDate')}</th>{grid.columns.map((col) => input(`d|${col}`, `${v.t('define.baselineDate')}, ${label(col)}`, 'date'))}</tr>
            {grid.periods.map((p) => (
              <tr><th scope="row">{v.t('results.target')}: {p.label}</th>{grid.columns.map((col) => input(`t|${p.id}|${col}`, `${v.t('results.target')}, ${p.label}, ${label(col)}`))}</tr>
            ))}
          </tbody>
        </table>
      </div>
      {grid.periods.length === 0 ? <p class="small muted">{v.t('define.noPeriods')}</p> : null}
    </fieldset>
  );
};

// ---------------------------------------------------------------- the plan page's controls

/** What the plan page's results section offers those who define the framework. */
export const DefineControls: FC<{ v: View; planId: string; framework: ResultsFramework }> = ({ v, planId, framework }) => {
  const base = href('plans', planId);
  return (
    <div class="define noprint">
      <div class="actions">
        <a class="button small" href={`${base}/results/new`}>{v.t('define.addResult')}</a>
        {framework.results.length > 0 ? <a class="button small" href={`${base}/indicators/new`}>{v.t('define.addIndicator')}</a> : null}
        <a class="button small" href={`${base}/reporting-periods/new`}>{v.t('define.addPeriod')}</a>
      </div>
      {framework.periods.length > 0 ? (
        <table class="compact">
          <caption>{v.t('define.periods')}</caption>
          <thead><tr><th scope="col">{v.t('define.periodLabel')}</th><th scope="col">{v.t('define.start')}</th><th scope="col">{v.t('define.end')}</th><th scope="col"><span class="visually-hidden">{v.t('define.actions')}</span></th></tr></thead>
          <tbody>
            {framework.periods.map((p) => (
              <tr>
                <th scope="row">{p.label}</th><td>{v.date(p.start)}</td><td>{v.date(p.end)}</td>
                <td><ItemLinks v={v} path={href('reporting-periods', p.id)} name={p.label} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p class="small">{v.t('define.noPeriodsYet')}</p>}
    </div>
  );
};

/** Change and delete links of one item, named for screen readers. */
export const ItemLinks: FC<{ v: View; path: string; name: string }> = ({ v, path, name }) => (
  <span class="item-links noprint">
    <a class="button small secondary" href={`${path}/edit`} aria-label={v.t('define.editNamed', { name })}>{v.t('define.edit')}</a>{' '}
    <a class="button small danger" href={`${path}/delete`} aria-label={v.t('planning.deleteNamed', { name })}>{v.t('planning.delete')}</a>
  </span>
);

// ---------------------------------------------------------------- pages

export function defineResultsPages(pages: Pages) {
  const { app, deps, signedIn } = pages;

  /** The plan and its framework (GetItem and Query in parallel), if the caller defines its results. */
  async function load(c: WebContext, planId: string | null) {
    if (!planId) throw notFound();
    const { plan, framework } = await readResults(deps, me(c), planId);
    if (!can(me(c), 'result:define', plan.scope)) throw forbidden();
    return { plan, framework };
  }
  const crumbs = (v: View, plan: PlanRecord, label: string) => [
    { href: '/', label: v.t('nav.home') }, { href: href('plans', plan.plan.id), label: textIn(v, plan.plan, 'title') }, { label },
  ];
  const done = (plan: PlanRecord, what: string) => `${href('plans', plan.plan.id)}?done=${what}#results`;
  const back = (plan: PlanRecord) => `${href('plans', plan.plan.id)}#results`;
  const find = <T extends { id: string }>(list: readonly T[], id: string) => {
    const found = list.find((x) => x.id === id);
    if (!found) throw notFound();
    return found;
  };

  // ------------------------------------------------------------ results
  type Loaded = Awaited<ReturnType<typeof load>>;
  const resultPage = (c: WebContext, l: Loaded, state: FormState, id?: string, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    const item = id ? find(l.framework.results, id) : undefined;
    const title = v.t(item ? 'define.editResult' : 'define.addResult');
    // Editing: the title and description in the reader's language, the others beside them (a new result's are in the writer's).
    const texts = item ? resultTexts(v, item) : undefined;
    return show(c, (
      <FormPage v={v} title={title} crumbs={crumbs(v, l.plan, title)} action={item ? `${href('results', item.id)}/edit` : `${href('plans', l.plan.plan.id)}/results`}
        fields={texts ? texts.fields(resultFields(v), state.values) : resultFields(v)} state={state} version={item?.version} submit={v.t(item ? 'planning.save' : 'define.add')} back={back(l.plan)}
        {...(texts ? { after: texts.after(state.values, state.errors ?? {}, status !== 200), moreFields: texts.moreFields(state.values) } : {})}
        intro={<p>{v.t('define.resultIntro')}</p>} />
    ), status);
  };
  app.get('/plans/:id/results/new', signedIn, async (c) => resultPage(c, await load(c, idParam(c)), { values: { type: '1' } }));
  app.post('/plans/:id/results', signedIn, async (c) => {
    const l = await load(c, idParam(c));
    const fields = resultFields(c.get('view'));
    return submit(c, pages, fields, async (body) => {
      await defineResult(deps, me(c), { planId: l.plan.plan.id, result: inputOf(body, fields), language: c.get('view').lang });
      return done(l.plan, 'added');
    }, async (state, status) => resultPage(c, l, state, undefined, status));
  });
  app.get('/results/:id/edit', signedIn, async (c) => {
    const id = idParam(c);
    const l = await load(c, planIdOf(id));
    const item = find(l.framework.results, id);
    return resultPage(c, l, { values: resultTexts(c.get('view'), item).values(valuesFrom(item, resultFields(c.get('view')))) }, id);
  });
  app.post('/results/:id/edit', signedIn, async (c) => {
    const id = idParam(c);
    const l = await load(c, planIdOf(id));
    const v = c.get('view');
    const item = find(l.framework.results, id);
    const texts = resultTexts(v, item);
    const others = plainFields(resultFields(v));
    // Errors about a translation land beside its input: the form's fields include them.
    return submit(c, pages, [...resultFields(v), ...texts.moreFields(await formBody(c))], async (body) => {
      const { input, contentLanguage } = texts.patch(body);
      const patch = { ...changedInput(body, valuesFrom(item, others), others), ...input };
      if (Object.keys(patch).length > 0) await updateResult(deps, me(c), { id, patch, expectedVersion: formVersion(body), language: v.lang, ...(contentLanguage ? { contentLanguage } : {}) });
      return done(l.plan, 'saved');
    }, async (state, status) => resultPage(c, await load(c, planIdOf(id)), state, id, status));
  });

  // ------------------------------------------------------------ reporting periods
  const periodPage = (c: WebContext, l: Loaded, state: FormState, id?: string, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    const item = id ? find(l.framework.periods, id) : undefined;
    const title = v.t(item ? 'define.editPeriod' : 'define.addPeriod');
    return show(c, (
      <FormPage v={v} title={title} crumbs={crumbs(v, l.plan, title)} action={item ? `${href('reporting-periods', item.id)}/edit` : `${href('plans', l.plan.plan.id)}/reporting-periods`}
        fields={periodFields(v, l.plan)} state={state} version={item?.version} submit={v.t(item ? 'planning.save' : 'define.add')} back={back(l.plan)}
        intro={<p>{v.t('define.periodIntro')}</p>} />
    ), status);
  };
  app.get('/plans/:id/reporting-periods/new', signedIn, async (c) => periodPage(c, await load(c, idParam(c)), { values: {} }));
  app.post('/plans/:id/reporting-periods', signedIn, async (c) => {
    const l = await load(c, idParam(c));
    const fields = periodFields(c.get('view'), l.plan);
    return submit(c, pages, fields, async (body) => {
      await definePeriod(deps, me(c), { planId: l.plan.plan.id, period: inputOf(body, fields) });
      return done(l.plan, 'added');
    }, async (state, status) => periodPage(c, l, state, undefined, status));
  });
  app.get('/reporting-periods/:id/edit', signedIn, async (c) => {
    const id = idParam(c);
    const l = await load(c, planIdOf(id));
    return periodPage(c, l, { values: valuesFrom(find(l.framework.periods, id), periodFields(c.get('view'), l.plan)) }, id);
  });
  app.post('/reporting-periods/:id/edit', signedIn, async (c) => {
    const id = idParam(c);
    const l = await load(c, planIdOf(id));
    const fields = periodFields(c.get('view'), l.plan);
    return submit(c, pages, fields, async (body) => {
      const patch = changedInput(body, valuesFrom(find(l.framework.periods, id), fields), fields);
      if (Object.keys(patch).length > 0) await updatePeriod(deps, me(c), { id, patch, expectedVersion: formVersion(body) });
      return done(l.plan, 'saved');
    }, async (state, status) => periodPage(c, await load(c, planIdOf(id)), state, id, status));
  });

  // ------------------------------------------------------------ indicators
  interface IndicatorState extends FormState { grid?: Errors; gridNote?: string }
  const indicatorPage = (c: WebContext, l: Loaded, state: IndicatorState, id?: string, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    const item = id ? find(l.framework.indicators, id) : undefined;
    const title = v.t(item ? 'define.editIndicator' : 'define.addIndicator');
    if (l.framework.results.length === 0) throw notFound();
    const texts = item ? indicatorTexts(v, item) : undefined;
    return show(c, (
      <FormPage v={v} title={title} crumbs={crumbs(v, l.plan, title)} action={item ? `${href('indicators', item.id)}/edit` : `${href('plans', l.plan.plan.id)}/indicators`}
        fields={texts ? texts.fields(indicatorFields(v, l.framework), state.values) : indicatorFields(v, l.framework)} state={state} version={item?.version} submit={v.t(item ? 'planning.save' : 'define.add')} back={item ? href('indicators', item.id) : back(l.plan)}
        {...(texts ? { after: texts.after(state.values, state.errors ?? {}, status !== 200), moreFields: texts.moreFields(state.values) } : {})}
        intro={<p>{v.t('define.indicatorIntro')}</p>}>
        <TargetGrid v={v} grid={gridOf(l.plan, l.framework, item)} values={state.values} errors={state.grid ?? {}} note={state.gridNote} />
      </FormPage>
    ), status);
  };

  /** Runs a command with the indicator form's input; a refusal's grid errors go to their cells, the others beside their fields. */
  async function indicatorSubmit(c: WebContext, l: Loaded, id: string | undefined, run: (body: Values, fields: Field[], grid: Grid) => Promise<unknown>) {
    const body = await formBody(c);
    requireCsrf(c, pages, body);
    const v = c.get('view');
    const item = id ? find(l.framework.indicators, id) : undefined;
    // An edit's translation inputs are fields too, so their errors land beside them.
    const fields = [...indicatorFields(v, l.framework), ...(item ? indicatorTexts(v, item).moreFields(body) : [])];
    const grid = gridOf(l.plan, l.framework, item);
    try {
      await run(body, indicatorFields(v, l.framework), grid);
    } catch (error) {
      const state: IndicatorState = { values: body, grid: {} };
      if (error instanceof Invalid) {
        const rest: FieldError[] = [];
        for (const e of error.errors) {
          const cell = cellOf(e.field, grid);
          if (cell) state.grid![cell] ??= cellMessage(v, e);
          else if (e.field === 'targets' || e.field.startsWith('targets.') || e.field === 'baselines') state.gridNote = messageFor(v.t, e);
          else rest.push(e);
        }
        const f = formFailure(new Invalid(rest), v, fields);
        // The summary at the top names the grid's problems too (the cells say which).
        const gridProblems = [...Object.values(state.grid!), ...(state.gridNote ? [state.gridNote] : [])].map((m) => `${v.t('define.gridTitle')}: ${m}`);
        return indicatorPage(c, l, { ...state, errors: f.errors, general: [...f.general, ...new Set(gridProblems)] }, id, 400);
      }
      // The one stored-state rule of a change: the measure stays once values were given in it.
      if (error instanceof Conflict && !(error instanceof VersionConflict)) return indicatorPage(c, l, { ...state, errors: { measure: v.t('define.measureLocked') } }, id, 409);
      const f = formFailure(error, v, fields);
      // A version conflict: the form again, based on the current version, with what was typed.
      return indicatorPage(c, await load(c, l.plan.plan.id), { ...state, conflict: f.conflict }, id, f.status);
    }
    return c.redirect(done(l.plan, id ? 'saved' : 'added'), 303);
  }

  const indicatorInput = (body: Values, fields: Field[], grid: Grid) => {
    const { baseline, ...rest } = gridInput(body, grid);
    return { ...inputOf(body, fields), ...(baseline ? { baseline } : {}), ...rest };
  };

  app.get('/plans/:id/indicators/new', signedIn, async (c) => {
    const l = await load(c, idParam(c));
    return indicatorPage(c, l, { values: { resultId: c.req.query('result') ?? l.framework.results[0]?.id ?? '', measure: '1', ascending: 'on', aggregation: 'sum', periodFigure: 'latest' } });
  });
  app.post('/plans/:id/indicators', signedIn, async (c) => {
    const l = await load(c, idParam(c));
    return indicatorSubmit(c, l, undefined, (body, fields, grid) => defineIndicator(deps, me(c), { planId: l.plan.plan.id, indicator: indicatorInput(body, fields, grid), language: c.get('view').lang }));
  });
  app.get('/indicators/:id/edit', signedIn, async (c) => {
    const id = idParam(c);
    const l = await load(c, planIdOf(id));
    const item = find(l.framework.indicators, id);
    const stored = { ...valuesFrom(item, indicatorFields(c.get('view'), l.framework)), ...gridValues(item) };
    return indicatorPage(c, l, { values: indicatorTexts(c.get('view'), item).values(stored) }, id);
  });
  app.post('/indicators/:id/edit', signedIn, async (c) => {
    const id = idParam(c);
    const l = await load(c, planIdOf(id));
    return indicatorSubmit(c, l, id, (body, fields, grid) => {
      // The whole indicator is sent: cleared optional fields as null, baselines and targets whole;
      // the title and definition only as far as a language of them changed.
      const { input: texts, contentLanguage } = indicatorTexts(c.get('view'), find(l.framework.indicators, id)).patch(body);
      const patch = { unit: null, threshold: null, baseline: null, ...indicatorInput(body, plainFields(fields), grid), ...texts };
      return updateIndicator(deps, me(c), { id, patch, expectedVersion: formVersion(body), language: c.get('view').lang, ...(contentLanguage ? { contentLanguage } : {}) });
    });
  });

  // ------------------------------------------------------------ deletes (ask first)
  const KINDS: Record<DefinitionKind, { path: string; noun: string }> = {
    result: { path: 'results', noun: 'define.kind.result' },
    indicator: { path: 'indicators', noun: 'define.kind.indicator' },
    period: { path: 'reporting-periods', noun: 'define.kind.period' },
  };
  async function deletePage(c: WebContext, kind: DefinitionKind, id: string, refusal?: 'conflict' | 'approved') {
    const v = c.get('view');
    const { plan, item, removal } = await readRemoval(deps, me(c), kind, id);
    if (!can(me(c), 'result:define', plan.scope)) throw forbidden();
    const name = 'title' in item ? textIn(v, item as Parameters<typeof textIn>[1], 'title') : (item as { label?: string }).label ?? id;
    const count = (k: string) => removal.deleted.filter((d) => d.kind === k).length;
    const indicators = kind === 'result' ? count('indicator') : 0;
    const values = count('submission') - removal.approved;
    const title = v.t('define.deleteTitle', { what: v.t(KINDS[kind].noun), name });
    const status = refusal ? 409 : 200;
    return show(c, (
      <Layout v={v} title={title} crumbs={crumbs(v, plan, title)}>
        <h1>{title}</h1>
        {refusal === 'conflict' ? <ActionConflict v={v} /> : null}
        {removal.approved > 0 ? (
          <Notice kind="warn" role={refusal ? 'alert' : undefined} title={v.t('planning.refusedTitle')}>
            <p>{v.t('define.deleteApproved', { count: v.number(removal.approved) })}</p>
          </Notice>
        ) : (
          <>
            <p>{v.t('define.deleteAsk', { name })}</p>
            {indicators + values + removal.rewritten.length > 0 ? (
              <ul>
                {indicators > 0 ? <li>{v.t('define.deleteIndicators', { count: v.number(indicators) })}</li> : null}
                {values > 0 ? <li>{v.t('define.deleteValues', { count: v.number(values) })}</li> : null}
                {removal.rewritten.length > 0 ? <li>{v.t('define.deleteTargets', { count: v.number(removal.rewritten.length) })}</li> : null}
              </ul>
            ) : null}
            <p class="small muted">{v.t('define.deleteHistory')}</p>
          </>
        )}
        <div class="actions">
          {removal.approved === 0 ? <ActionButton v={v} action={`${href(KINDS[kind].path, id)}/delete`} version={item.version} label={v.t('define.deleteConfirm')} kind="danger" /> : null}
          <a href={back(plan)}>{v.t(removal.approved === 0 ? 'form.cancel' : 'define.backToPlan')}</a>
        </div>
      </Layout>
    ), status);
  }
  for (const kind of Object.keys(KINDS) as DefinitionKind[]) {
    const path = `/${KINDS[kind].path}/:id/delete`;
    app.get(path, signedIn, (c) => deletePage(c, kind, idParam(c)));
    app.post(path, signedIn, async (c) => {
      const id = idParam(c);
      const body = await formBody(c);
      requireCsrf(c, pages, body);
      const planId = planIdOf(id);
      try {
        await deleteDefinition(deps, me(c), kind, { id, expectedVersion: formVersion(body) });
      } catch (error) {
        if (error instanceof ApprovedValuesWouldBeLost) return deletePage(c, kind, id, 'approved');
        if (formFailure(error, c.get('view'), []).conflict) return deletePage(c, kind, id, 'conflict');
        throw error;
      }
      return c.redirect(`${href('plans', planId ?? '')}?done=deleted#results`, 303);
    });
  }
}

