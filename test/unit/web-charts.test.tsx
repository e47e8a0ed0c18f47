/** The server-drawn charts: what they draw, that they carry a text equivalent, and no inline style (CSP). */
import { describe, expect, it } from 'vitest';
import type { MilestoneWithZone } from '../../shared/domain/progress.ts';
import { FundingBars, Timeline, axisTicks } from '../../shared/web/charts.tsx';
import { fundingRows } from '../../shared/web/funding.ts';
import { makeView } from '../../shared/web/view.ts';

const v = makeView('en', { path: '/', csrf: 'x' });
const now = new Date('2026-11-22T12:00:00Z');
const m = (id: string, baselineDueDate: string, dueDate: string, health: MilestoneWithZone['health']): MilestoneWithZone => ({
  id: `p.${id}`, planId: 'p', strategyId: 's', title: `Milestone ${id}`, description: '', ownerAdministrationId: 'PE', ownerTimeZone: 'America/Lima',
  baselineDueDate, dueDate, status: health === 'done' ? 'done' : 'in_progress', progress: 50, note: '', evidence: [], health,
  updatedBy: 'x', version: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z',
});

describe('axis ticks', () => {
  it('use whole months, at most eight, coarser as the span grows', () => {
    expect(axisTicks('2026-05-20', '2026-09-10')).toEqual(['2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01']);
    const long = axisTicks('2011-12-01', '2027-06-01');
    expect(long.length).toBeLessThanOrEqual(8);
    expect(long.every((d) => d.endsWith('-01-01'))).toBe(true);
  });
});

describe('the timeline', () => {
  const svg = String(
    <Timeline
      v={v}
      now={now}
      period={{ start: '2026-05-26', end: '2027-11-22' }}
      milestones={[m('a', '2026-09-01', '2026-09-01', 'done'), m('b', '2026-10-23', '2026-11-19', 'late'), m('c', '2026-12-01', '2026-12-01', 'on_track')]}
    />,
  );

  it('draws a dot per milestone coloured by health, and the baseline it slipped from', () => {
    expect(svg.match(/<circle[^>]* r="7"/g)).toHaveLength(3);
    expect(svg.match(/<circle[^>]* r="5"/g)).toHaveLength(1);
    expect(svg).toContain('fill="#c0262d"');
    expect(svg).toContain('stroke-dasharray="4 3"');
    expect(svg).toContain('>Today</text>');
  });

  it('is an image with a title and a description', () => {
    expect(svg).toMatch(/^<svg[^>]* role="img" aria-labelledby="timeline-title timeline-desc"/);
    expect(svg).toContain('<title id="timeline-title">Timeline of the milestones</title>');
    expect(svg).toContain('3 milestones between 26 May 2026 and 22 Nov 2027; 1 of them moved from their baseline date.');
  });

  it('uses no inline style, which the CSP would block', () => {
    expect(svg).not.toMatch(/style=/);
  });

  it('labels each milestone by its title in the reader\'s language, the original (with its lang) where none is held (issue 14)', () => {
    const es = makeView('es', { path: '/', csrf: 'x' });
    const translated = { ...m('a', '2026-09-01', '2026-09-01', 'done'), translations: { title: { lang: 'en' as const, texts: { es: { text: 'Hito a', at: '2026-11-01T00:00:00Z' } } } } };
    const chart = String(<Timeline v={es} now={now} period={{ start: '2026-05-26', end: '2027-11-22' }} milestones={[translated, m('b', '2026-10-23', '2026-11-19', 'late')]} />);
    expect(chart).toContain('<tspan>Hito a</tspan>');
    expect(chart).toContain('<title>1. Hito a:');
    expect(chart).toContain('<tspan lang="en">Milestone b</tspan>');
    expect(chart).not.toContain('Milestone a');
  });

  it('leaves today out for a plan long closed', () => {
    const old = String(<Timeline v={v} now={now} period={{ start: '2011-12-07', end: '2013-03-15' }} milestones={[m('x', '2011-12-16', '2011-12-16', 'done')]} />);
    expect(old).not.toContain('>Today</text>');
  });
});

describe('the funding bars', () => {
  const rows = fundingRows({
    funding: [
      { currency: 'USD', pledged: '50000.00', committed: '120000.00', disbursed: '0.00', spent: '40000.00', total: '210000.00' },
      { currency: 'JPY', pledged: '0', committed: '0', disbursed: '4500000', spent: '0', total: '4500000' },
    ],
    gap: [{
      currency: 'USD', budget: '250000.00', secured: '160000.00', pledged: '50000.00', gap: '90000.00',
      byStage: { pledged: '50000.00', committed: '120000.00', disbursed: '0.00', spent: '40000.00' }, notConverted: [],
    }],
  });

  it('draws one bar per budget currency, every contribution converted into it (no bar per other currency)', () => {
    expect(rows.map((r) => [r.currency, r.budget?.gap, r.total])).toEqual([['USD', '90000.00', '210000.00']]);
  });

  it('draws one bar per currency when there is no budget', () => {
    const plain = fundingRows({ funding: [{ currency: 'JPY', pledged: '0', committed: '0', disbursed: '4500000', spent: '0', total: '4500000' }], gap: [] });
    expect(plain.map((r) => [r.currency, r.budget, r.total])).toEqual([['JPY', undefined, '4500000']]);
  });

  it('stacks the stages, outlines the gap and states the figures in text', () => {
    const svg = String(<FundingBars v={v} rows={rows} title="Funding" />);
    expect(svg.match(/stroke-dasharray="6 4"/g)).toHaveLength(1);
    expect(svg).toContain('Budget US$250,000.00 · secured US$160,000.00 · gap US$90,000.00');
    const plain = String(<FundingBars v={v} rows={fundingRows({ funding: [{ currency: 'JPY', pledged: '0', committed: '0', disbursed: '4500000', spent: '0', total: '4500000' }], gap: [] })} title="Funding" />);
    expect(plain).toContain('Total JP¥4,500,000 (no budget in this currency)');
    expect(svg).not.toMatch(/style=/);
  });

  it("keeps a donor's pledges apart from what it has secured, never one total of both (issue 10, item 15)", () => {
    const donorRows = [{ currency: 'USD', amounts: { pledged: '50000.00', committed: '120000.00', disbursed: '0.00', spent: '40000.00' }, total: '210000.00' }];
    const svg = String(<FundingBars v={v} rows={donorRows} title="JICA" donor />);
    expect(svg).toContain('Secured US$160,000.00 (committed, disbursed or spent) · pledged, not yet committed US$50,000.00');
    expect(svg).not.toContain('210,000');
    expect(svg).not.toContain('Total');
  });
});
