/** Strategy actions: create, update, archive, reminder settings, add and remove co-coordinators. */
import { localDate } from '../domain/dates.ts';
import { AddCoordinator, CreateStrategy, PatchStrategy, ReminderSettings, STRATEGY_TEXT_FIELDS, type Coordinator, type Strategy } from '../domain/resources.ts';
import type { CommandDeps, Caller } from './context.ts';
import { actorOf, authorize, parse, requireSomeField, slugFrom } from './context.ts';
import { Invalid, NotFound } from './errors.ts';
import { languageOf, writtenTexts, type WriterLanguages } from './texts.ts';

export async function createStrategy(deps: CommandDeps, caller: Caller, input: { strategy: unknown } & WriterLanguages): Promise<Strategy> {
  const { id, ...parsed } = parse(CreateStrategy, input.strategy);
  authorize(caller, 'strategy:create', {}, 'strategies');
  const body = { ...parsed, ...writtenTexts(STRATEGY_TEXT_FIELDS, undefined, parsed, input.language ?? languageOf(caller), input.contentLanguage) } as Omit<Strategy, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'coordinatorIds'>;
  return deps.store.strategies.create({ id: id ?? slugFrom(body.title), ...body }, actorOf(caller));
}

export async function updateStrategy(deps: CommandDeps, caller: Caller, input: { id: string; patch: unknown; expectedVersion: number } & WriterLanguages): Promise<Strategy> {
  const body = parse(PatchStrategy, input.patch);
  requireSomeField(body);
  const current = await deps.store.strategies.require(input.id);
  authorize(caller, 'strategy:update', { coordinatorIds: current.coordinatorIds }, `strategy ${input.id}`);
  // null removes an optional field: absent from the stored strategy.
  const patch = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === null ? undefined : v])) as Partial<Strategy>;
  const texts = writtenTexts(STRATEGY_TEXT_FIELDS, current, body, input.language ?? languageOf(caller), input.contentLanguage);
  return deps.store.strategies.update(current, { ...patch, ...texts }, input.expectedVersion, actorOf(caller));
}

export function archiveStrategy(deps: CommandDeps, caller: Caller, input: { id: string; expectedVersion: number }): Promise<Strategy> {
  return updateStrategy(deps, caller, { ...input, patch: { status: 'archived' } });
}

/** When reminders go out before a due date, and when a late milestone escalates. */
export function setReminderSettings(deps: CommandDeps, caller: Caller, input: { id: string; reminders: unknown; expectedVersion: number }): Promise<Strategy> {
  const reminders = parse(ReminderSettings, input.reminders);
  return updateStrategy(deps, caller, { id: input.id, expectedVersion: input.expectedVersion, patch: { reminders } });
}

export async function addCoordinator(deps: CommandDeps, caller: Caller, input: { strategyId: string; coordinator: unknown }): Promise<{ strategy: Strategy; coordinator: Coordinator }> {
  const body = parse(AddCoordinator, input.coordinator);
  authorize(caller, 'coordinator:add', {}, 'co-coordinators');
  const [strategy, administration] = await Promise.all([deps.store.strategies.require(input.strategyId), deps.store.administrations.get(body.administrationId)]);
  if (!administration) throw new Invalid([{ field: 'administrationId', message: `names no known administration (${body.administrationId})`, code: 'unknown_reference' }]);
  const since = body.since ?? localDate(deps.now(), 'UTC');
  return deps.store.strategies.addCoordinator(strategy, body.administrationId, since, actorOf(caller));
}

export async function removeCoordinator(deps: CommandDeps, caller: Caller, input: { strategyId: string; administrationId: string; expectedVersion: number }): Promise<Strategy> {
  authorize(caller, 'coordinator:remove', {}, 'co-coordinators');
  const { strategy, coordinators } = await deps.store.strategies.withCoordinators(input.strategyId);
  const active = coordinators.find((t) => t.active && t.administrationId === input.administrationId);
  if (!active) throw new NotFound(`co-coordinator ${input.administrationId} of strategy`, input.strategyId);
  const today = localDate(deps.now(), 'UTC');
  const until = today < active.since ? active.since : today;
  return deps.store.strategies.removeCoordinator(strategy, active, until, input.expectedVersion, actorOf(caller));
}
