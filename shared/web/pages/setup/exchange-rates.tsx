/** Exchange rates: the list the secretariat keeps, recording one, correcting one (its pair and day stay). */
import { AlreadyExists, Invalid, recordExchangeRate, updateExchangeRate } from '../../../commands/index.ts';
import type { ExchangeRate } from '../../../domain/resources.ts';
import { inputOf, type Field } from '../../forms.tsx';
import { render, type Pages } from '../../page.tsx';
import type { View } from '../../view.ts';
import { all } from '../../data.ts';
import { ListPage, SLUG, allowed, formRoutes } from './common.tsx';

export function exchangeRateFields(v: View, editing: boolean): Field[] {
  return [
    { name: 'from', label: v.t('fx.f.from'), hint: v.t('fx.f.fromHint'), required: true, maxLength: 3, readOnly: editing, autocomplete: 'off' },
    { name: 'to', label: v.t('fx.f.to'), hint: v.t('fx.f.toHint'), required: true, maxLength: 3, readOnly: editing, autocomplete: 'off' },
    { name: 'rate', label: v.t('fx.f.rate'), hint: v.t('fx.f.rateHint'), required: true, maxLength: 30, autocomplete: 'off' },
    { name: 'date', label: v.t('fx.f.date'), kind: 'date', required: true, readOnly: editing },
    { name: 'source', label: v.t('fx.f.source'), hint: v.t('fx.f.sourceHint'), required: true, maxLength: 300 },
  ];
}

/** "1 JPY = 0.0067 USD", the way the list and the edit page name a rate. */
const pairText = (v: View, r: Pick<ExchangeRate, 'from' | 'to' | 'rate'>) => v.t('fx.pairText', { from: r.from, rate: r.rate, to: r.to });

export function exchangeRatePages(pages: Pages) {
  const { app, deps, signedIn } = pages;
  const { store } = deps;

  app.get('/setup/exchange-rates', signedIn, async (c) => {
    allowed(c, 'exchange-rate:record');
    const v = c.get('view');
    // One Query per 100 rates (gsi1), sorted by pair and day.
    const rates = await all((page) => store.exchangeRates.list(page));
    return render(c, (
      <ListPage
        v={v}
        title={v.t('fx.title')}
        lead={v.t('fx.lead')}
        add={{ href: '/setup/exchange-rates/new', label: v.t('fx.new') }}
        none={v.t('fx.none')}
        head={[v.t('fx.pair'), v.t('fx.rate'), v.t('fx.date'), v.t('fx.source'), v.t('fx.recordedBy')]}
        rows={rates.map((r) => (
          <tr>
            <th scope="row"><a href={`/setup/exchange-rates/${r.id}`}>{r.from} → {r.to}</a></th>
            <td class="num">{pairText(v, r)}</td>
            <td class="nowrap">{v.date(r.date)}</td>
            <td>{r.source}</td>
            <td>{r.recordedBy}</td>
          </tr>
        ))}
      />
    ));
  });

  formRoutes(pages, {
    base: '/setup/exchange-rates',
    subject: 'exchange-rate',
    pattern: SLUG,
    can: { create: 'exchange-rate:record', update: 'exchange-rate:update' },
    list: (v) => v.t('fx.title'),
    labels: (v) => ({ title: v.t('fx.new'), create: v.t('planning.record') }),
    fields: exchangeRateFields,
    defaults: { to: 'USD' },
    load: async (id) => {
      const r = await store.exchangeRates.get(id);
      return r && { ...r, name: `${r.from} → ${r.to} · ${r.date}` };
    },
    create: async (p, body, fields) => {
      const input = inputOf(body, fields);
      // Currency codes typed in lower case are meant in capitals.
      for (const k of ['from', 'to']) if (typeof input[k] === 'string') input[k] = (input[k] as string).toUpperCase();
      try {
        const created = await recordExchangeRate(deps, p, { rate: input });
        return { ...created, name: created.id };
      } catch (error) {
        // One rate per pair and day: said on the day, in the reader's words.
        if (error instanceof AlreadyExists) throw new Invalid([{ field: 'date', message: 'a rate is already recorded for this pair and day', code: 'duplicate' }]);
        throw error;
      }
    },
    update: (p, id, patch, expectedVersion) => updateExchangeRate(deps, p, { id, patch, expectedVersion }),
  });
}
