/** Route of what receipts measured about suppliers: lead time and on-time rate beside the terms. */
import { supplyPerformance, supplyPerformanceQuery } from '@takt/contracts';
import { z } from 'zod';
import type { Db } from '../../platform/db/database';
import type { ZodApp } from '../../platform/http/zod-app';
import { performanceOfTerms } from './supplier-performance';

export function supplyPerformanceRoutes(app: ZodApp, db: Db): void {
  app.get(
    '/api/supply-performance',
    {
      config: { auth: { action: 'read', subject: 'Supplier' } },
      schema: {
        tags: ['supply terms'],
        summary:
          'Per supply term of an item or a supplier: the lead time and on-time rate its last receipts measured, beside the nominal lead time, and the lead time planning uses (measured from 3 receipts on)',
        querystring: supplyPerformanceQuery,
        response: { 200: z.array(supplyPerformance) },
      },
    },
    (request) => performanceOfTerms(db, request.query),
  );
}
