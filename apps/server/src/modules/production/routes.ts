import { idParams, jobDetail, jobListQuery, jobSummary, page } from '@takt/contracts';
import type { ZodApp } from '../../platform/http/zod-app';
import type { ProductionService } from './service';

const read = { auth: { action: 'read', subject: 'ProductionJob' } } as const;
const tags = ['production jobs'];

export function productionRoutes(app: ZodApp, production: ProductionService): void {
  app.get(
    '/api/jobs',
    { config: read, schema: { tags, querystring: jobListQuery, response: { 200: page(jobSummary) } } },
    (request) => production.list(request.query),
  );
  app.get(
    '/api/jobs/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: jobDetail } } },
    (request) => production.get(request.params.id),
  );
}
