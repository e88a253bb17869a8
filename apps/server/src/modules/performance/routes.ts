import { oeeQuery, oeeReport } from '@takt/contracts';
import type { ZodApp } from '../../platform/http/zod-app';
import type { PerformanceService } from './service';

export function performanceRoutes(app: ZodApp, performance: PerformanceService): void {
  app.get(
    '/api/oee',
    {
      config: { auth: { action: 'read', subject: 'ShopFloor' } },
      schema: {
        tags: ['shop floor'],
        summary:
          'OEE (availability × performance × quality) by machine, work center, shift, day or job, with stop and scrap Paretos, measured vs. planned availability and duration accuracy',
        querystring: oeeQuery,
        response: { 200: oeeReport },
      },
    },
    (request) => performance.oee(request.query),
  );
}
