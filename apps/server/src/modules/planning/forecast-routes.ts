/**
 * Routes of demand forecasts: list, create, change, delete; each change plans (or takes back) the
 * supply the forecast asks for in the same transaction. Planners and buyers write them.
 */
import {
  deleteForecastQuery,
  forecastChange,
  forecastInput,
  forecastListQuery,
  forecast as forecastSchema,
  idParams,
  page,
  updateForecastBody,
} from '@takt/contracts';
import type { Db, Tx } from '../../platform/db/database';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import type { Services } from '../../services';
import { actorOf } from '../identity/service';
import { ProductionService } from '../production/service';
import { RequisitionService } from '../purchasing/requisition-service';
import { SalesOrderService } from '../sales/order-service';
import { ForecastService } from './forecasts';

const read = { auth: { action: 'read', subject: 'Requisition' } } as const;
const write = { auth: { action: 'write', subject: 'Requisition' } } as const;
const tags = ['planning'];

export function createForecasts(services: Services): ForecastService {
  const { db, planning } = services;
  return new ForecastService(db, {
    planning,
    orders: (h: Db | Tx) => new SalesOrderService(h as Db, planning),
    requisitions: (h: Db | Tx) => new RequisitionService(h as Db),
    production: (h: Db | Tx) => new ProductionService(h as Db),
  });
}

export function forecastRoutes(app: ZodApp, services: Services): void {
  const forecasts = createForecasts(services);
  app.get(
    '/api/planning/forecasts',
    {
      config: read,
      schema: {
        tags,
        summary: 'Demand forecasts with what orders consumed of them (current periods; past=true for all)',
        querystring: forecastListQuery,
        response: { 200: page(forecastSchema) },
      },
    },
    (request) => forecasts.list(request.query),
  );
  app.get(
    '/api/planning/forecasts/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: forecastSchema } } },
    (request) => forecasts.get(request.params.id),
  );
  app.post(
    '/api/planning/forecasts',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Forecast an ATO or MTS item for a period: its components (ATO) or the item (MTS) are planned to it now, in the same transaction',
        body: forecastInput,
        response: { 201: forecastChange },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await forecasts.create(actorOf(principalOf(request)), request.body)),
  );
  app.patch(
    '/api/planning/forecasts/:id',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Change a forecast: its planned, unordered supply is taken back and what it asks for planned again',
        params: idParams,
        body: updateForecastBody,
        response: { 200: forecastChange },
      },
    },
    (request) => {
      const { version, ...patch } = request.body;
      return forecasts.update(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );
  app.delete(
    '/api/planning/forecasts/:id',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Delete a forecast and the planned supply that serves it alone (checks If-Match or ?version= when given)',
        params: idParams,
        querystring: deleteForecastQuery,
        response: { 200: forecastChange },
      },
    },
    (request) => {
      const ifMatch = request.headers['if-match'];
      const version =
        ifMatch === undefined && request.query.version === undefined
          ? undefined
          : expectedVersion(ifMatch, request.query.version);
      return forecasts.remove(actorOf(principalOf(request)), request.params.id, version);
    },
  );
}
