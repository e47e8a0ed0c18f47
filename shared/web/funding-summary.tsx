/**
 * What a funding figure converted and with which rates: the contributions left apart for want of a
 * rate (never counted 1:1, never dropped), the rates used, and each contribution's value in the
 * budget currency. Shared by the plan, strategy and donor pages.
 */
import type { FC } from 'hono/jsx';
import { toBudgetCurrency, type RecordedRate } from '../domain/exchange.ts';
import type { FundingGap, RateApplied } from '../domain/progress.ts';
import type { Contribution } from '../domain/resources.ts';
import type { View } from './view.ts';

const isZero = (amount: string) => /^0(\.0+)?$/.test(amount);

/** Not-converted lines and the rates used, under a funding chart. */
export const FundingSummary: FC<{ v: View; gap: readonly FundingGap[]; ratesUsed: readonly RateApplied[]; mayRecordRates?: boolean }> = ({ v, gap, ratesUsed, mayRecordRates }) => {
  const { t } = v;
  const apart = gap.flatMap((g) => g.notConverted.map((n) => ({ ...n, to: g.currency })));
  if (apart.length === 0 && ratesUsed.length === 0) return null;
  return (
    <div class="fx-summary">
      {apart.length > 0 ? (
        <div class="notice warn" role="note">
          <p><strong>{t('fx.notConvertedTitle')}</strong></p>
          <ul>
            {apart.map((n) => (
              <li>
                {t('fx.notConverted', {
                  amounts: [
                    isZero(n.secured) ? '' : `${v.money(n.secured, n.currency)} ${t('fx.securedWord')}`,
                    isZero(n.pledged) ? '' : `${v.money(n.pledged, n.currency)} ${t('fx.pledgedWord')}`,
                  ].filter(Boolean).join(', '),
                  count: v.number(n.count),
                  currency: n.to,
                })}
              </li>
            ))}
          </ul>
          {mayRecordRates ? <p><a class="button small secondary" href="/setup/exchange-rates/new">{t('fx.recordRate')}</a></p> : null}
        </div>
      ) : null}
      {ratesUsed.length > 0 ? (
        <>
          <p class="small"><strong>{t('fx.ratesUsed')}</strong></p>
          <ul class="small">
            {ratesUsed.map((r) => <li><RateText v={v} rate={r} /> · {t('fx.contributionsCount', { count: v.number(r.contributions) })}</li>)}
          </ul>
        </>
      ) : null}
      <p class="small muted">{t('fx.rounding')}</p>
    </div>
  );
};

const RateText: FC<{ v: View; rate: { basis: 'agreed' | 'recorded'; from: string; to: string; rate: string; date?: string | undefined; source?: string | undefined } }> = ({ v, rate: r }) =>
  r.basis === 'agreed'
    ? <>{v.t('fx.rateAgreed', { from: r.from, rate: r.rate, to: r.to })}</>
    : <>{v.t('fx.rateRecorded', { from: r.from, rate: r.rate, to: r.to, date: v.date(r.date!), source: r.source ?? '' })}</>;

/** A contribution's value in the budget currency, with the rate, or "not converted". */
export const ConvertedCell: FC<{ v: View; contribution: Contribution; budgetCurrency: string | undefined; rates: readonly RecordedRate[] }> = ({ v, contribution: c, budgetCurrency, rates }) => {
  if (!budgetCurrency || c.kind === 'in_kind' || !c.amount || !c.currency || c.currency === budgetCurrency) return <>{c.amount && c.currency && c.currency === budgetCurrency ? v.money(c.amount, c.currency) : ''}</>;
  const result = toBudgetCurrency(c, budgetCurrency, rates);
  if (!result.converted) return <span class="warn-text">{v.t('fx.notConvertedCell')}</span>;
  // Short beside the figure (the full rate and its source are listed under the chart).
  const r = result.rate;
  return <>{v.money(result.amount, result.currency)}{r ? <><br /><span class="small muted rate-note">{r.basis === 'agreed' ? v.t('fx.rateShortAgreed', { rate: r.rate }) : v.t('fx.rateShortRecorded', { rate: r.rate, date: v.date(r.date!) })}</span></> : null}</>;
};
