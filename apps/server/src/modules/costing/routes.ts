import { idParams, marginReportQuery, orderCost, page } from '@takt/contracts';
import type { ZodApp } from '../../platform/http/zod-app';
import type { CostingService } from './service';

const read = { auth: { action: 'read', subject: 'SalesOrder' } } as const;
const tags = ['costing'];

export function costingRoutes(app: ZodApp, costing: CostingService): void {
  app.get(
    '/api/sales-orders/:id/cost',
    {
      config: read,
      schema: {
        tags,
        summary: 'Preliminary, committed and actual cost per line, with the margin at each stage',
        params: idParams,
        response: { 200: orderCost },
      },
    },
    (request) => costing.ofOrder(request.params.id),
  );
  app.get(
    '/api/reports/order-margins',
    {
      config: read,
      schema: {
        tags,
        summary: 'Cost stages and margins across orders, newest first',
        querystring: marginReportQuery,
        response: { 200: page(orderCost) },
      },
    },
    (request) => costing.report(request.query),
  );
}
