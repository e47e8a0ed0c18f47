/** Exchange rates the secretariat records: list, read, record, correct, and each rate's history. */
import { Routes } from '../route.ts';
import { recordExchangeRate, updateExchangeRate } from '../../commands/exchange-rates.ts';
import { CreateExchangeRate, ExchangeRate, PatchExchangeRate } from '../../domain/resources.ts';
import { IdParam, PageQuery, authorize, errors, json, v1Route, type AppDeps } from '../http.ts';
import { problems } from '../problems.ts';
import { directoryRoutes } from './directory.ts';
import { HistoryPage } from './shared.ts';

export function exchangeRates(deps: AppDeps) {
  const app = new Routes();
  app.route('/', directoryRoutes({
    path: 'exchange-rates', singular: 'Exchange rate', example: 'jpy-usd-2026-03-02',
    schema: ExchangeRate, create: CreateExchangeRate, patch: PatchExchangeRate,
    actions: { list: 'exchange-rate:read', read: 'exchange-rate:read', create: 'exchange-rate:record', update: 'exchange-rate:update' },
    repository: (d) => d.store.exchangeRates as never,
    createWith: (d, caller, body) => recordExchangeRate(d, caller, { rate: body }),
    updateWith: updateExchangeRate,
  }, deps));

  app.openapi(
    v1Route({
      method: 'get', path: '/exchange-rates/{id}/history', tags: ['exchange-rates'], summary: 'Who recorded or corrected a rate, and when, newest first',
      request: { params: IdParam('id', 'jpy-usd-2026-03-02'), query: PageQuery },
      responses: { 200: json(HistoryPage, 'A page of history events'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      authorize(c, 'exchange-rate:read', {}, `exchange rate ${id}`);
      const page = await deps.store.history.list(`exchange-rate/${id}`, c.req.valid('query'));
      if (page.items.length === 0 && !c.req.valid('query').cursor) throw problems.notFound(`exchange rate ${id} was not found`);
      return c.json(page, 200);
    },
  );
  return app;
}
