import { page, requisition, requisitionListQuery } from '@takt/contracts';
import type { ZodApp } from '../../platform/http/zod-app';
import type { RequisitionService } from './requisition-service';

const read = { auth: { action: 'read', subject: 'Requisition' } } as const;

export function requisitionRoutes(app: ZodApp, requisitions: RequisitionService): void {
  app.get(
    '/api/requisitions',
    {
      config: read,
      schema: {
        tags: ['purchasing'],
        summary: 'What MRP says to buy, by when (oldest order-by date first)',
        querystring: requisitionListQuery,
        response: { 200: page(requisition) },
      },
    },
    (request) => requisitions.list(request.query),
  );
}
