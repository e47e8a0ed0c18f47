/** Key builders for the single table (layout in tables.ts). */
export const RESULTS_PREFIX = 'R#';

export const key = {
  administration: (id: string) => ({ pk: `ADM#${id}`, sk: 'ADM' }),
  donor: (id: string) => ({ pk: `DONOR#${id}`, sk: 'DONOR' }),
  person: (id: string) => ({ pk: `PERSON#${id}`, sk: 'PERSON' }),
  strategy: (id: string) => ({ pk: `STRAT#${id}`, sk: 'STRAT' }),
  coordinator: (strategyId: string, administrationId: string, since: string) => ({
    pk: `STRAT#${strategyId}`,
    sk: `COORD#${administrationId}#${since}`,
  }),
  plan: (id: string) => ({ pk: `PLAN#${id}`, sk: '#PLAN' }),
  milestone: (planId: string, id: string) => ({ pk: `PLAN#${planId}`, sk: `MS#${id}` }),
  contribution: (planId: string, id: string) => ({ pk: `PLAN#${planId}`, sk: `CONTRIB#${id}` }),
  /** A plan's results framework sits in the plan's partition under `R#` (one Query reads all of it). */
  result: (planId: string, id: string) => ({ pk: `PLAN#${planId}`, sk: `${RESULTS_PREFIX}RES#${id}` }),
  indicator: (planId: string, id: string) => ({ pk: `PLAN#${planId}`, sk: `${RESULTS_PREFIX}IND#${id}` }),
  period: (planId: string, id: string) => ({ pk: `PLAN#${planId}`, sk: `${RESULTS_PREFIX}PER#${id}` }),
  submission: (planId: string, id: string) => ({ pk: `PLAN#${planId}`, sk: `${RESULTS_PREFIX}SUB#${id}` }),
  /** A recorded rate, in the partition of the currency it converts into; id `jpy-usd-2026-03-02`. */
  exchangeRate: (id: string) => {
    const [from = '', to = '', ...day] = id.split('-');
    return { pk: `RATES#${to.toUpperCase()}`, sk: `${from.toUpperCase()}#${day.join('-')}` };
  },
  ratesInto: (currency: string) => `RATES#${currency}`,
  /** The revision of the rates into a currency, moved by every rate written into it (sorts before the rates). */
  ratesRevision: (currency: string) => ({ pk: `RATES#${currency}`, sk: '#REV' }),
  history: (subject: string) => `HIST#${subject}`,
  ledger: (id: string) => ({ pk: `LEDGER#${id}`, sk: 'LEDGER' }),
  /** A signed-out session (its id hashed: the token's `origin_jti`), until its last ID token has expired. */
  endedSession: (hash: string) => ({ pk: `ENDED#${hash}`, sk: 'ENDED' }),
  /** Which of a person's tokens are too old: those issued before a change of their access. */
  endedSessionsOf: (personId: string) => ({ pk: `ENDED#PERSON#${personId}`, sk: 'ENDED' }),
  /** A Director General's digest, in its administration's digest partition (newest last). */
  digest: (administrationId: string, periodStart: string, id: string) => ({ pk: `DIGEST#${administrationId}`, sk: `${periodStart}#${id}` }),
};

export const listKey = {
  administrations: 'ADMS',
  donors: 'DONORS',
  people: 'PEOPLE',
  strategies: 'STRATEGIES',
  exchangeRates: 'RATES',
  plansOf: (strategyId: string) => `STRAT#${strategyId}#PLANS`,
  contributionsOf: (donorId: string) => `DONOR#${donorId}#CONTRIBS`,
  peopleOfAdministration: (id: string) => `ADM#${id}#PEOPLE`,
  peopleOfDonor: (id: string) => `DONOR#${id}#PEOPLE`,
  /** The secretariat's people (role admin), who are told what would otherwise reach nobody. */
  secretariat: 'SECRETARIAT#PEOPLE',
  openMilestonesOf: (administrationId: string) => `ADM#${administrationId}#OPEN`,
  /** Submissions of a strategy's plans waiting for the co-coordinators' review (gsi2). */
  awaitingReview: (strategyId: string) => `STRAT#${strategyId}#REVIEW`,
  /** Submissions of a strategy's plans returned with a reason and not corrected yet (gsi2), by when: the reason's mail reads it. */
  returned: (strategyId: string) => `STRAT#${strategyId}#RETURNED`,
  /** Reporting periods of every plan by their last day (the `due` index, beside the open milestones): the period-close reminders read it. */
  periodsByEnd: 'PERIODS',
};

/** Milestone and contribution ids carry their plan's id (`<planId>.<suffix>`), so one request finds them. */
export function planIdOf(childId: string): string | null {
  const m = /^([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)\.([a-z0-9-]{1,40})$/.exec(childId);
  return m ? m[1]! : null;
}

const ALPHABET = 'abcdefghjkmnpqrstvwxyz23456789';
export function randomSuffix(length = 8): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}
