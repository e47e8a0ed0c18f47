/** Exchange rates the secretariat records (pair, rate, day, source) and corrects. */
import { rateId } from '../domain/exchange.ts';
import { CreateExchangeRate, PatchExchangeRate, type ExchangeRate } from '../domain/resources.ts';
import type { CommandDeps, Caller } from './context.ts';
import { actorOf, authorize, parse, requireSomeField } from './context.ts';

export async function recordExchangeRate(deps: CommandDeps, caller: Caller, input: { rate: unknown }): Promise<ExchangeRate> {
  const body = parse(CreateExchangeRate, input.rate);
  authorize(caller, 'exchange-rate:record', {}, 'exchange rates');
  return deps.store.exchangeRates.create({ id: rateId(body.from, body.to, body.date), ...body, recordedBy: caller.userId }, actorOf(caller));
}

export async function updateExchangeRate(deps: CommandDeps, caller: Caller, input: { id: string; patch: unknown; expectedVersion: number }): Promise<ExchangeRate> {
  const body = parse(PatchExchangeRate, input.patch);
  requireSomeField(body);
  authorize(caller, 'exchange-rate:update', {}, `exchange rate ${input.id}`);
  return deps.store.exchangeRates.update(input.id, { ...body, recordedBy: caller.userId }, input.expectedVersion, actorOf(caller));
}
