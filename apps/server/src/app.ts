/**
 * Builds the HTTP server: platform hooks (auth, idempotency, problem+json), the OpenAPI document
 * generated from the zod schemas, every module's routes, and the web app's static files.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { cadImportRoutes } from './modules/catalog/cad-import-routes';
import { calendarRoutes } from './modules/catalog/calendar-routes';
import { catalogRoutes } from './modules/catalog/catalog-routes';
import { routingRoutes } from './modules/catalog/routing-routes';
import { setupMatrixRoutes } from './modules/catalog/setup-matrix-routes';
import { workCenterRoutes } from './modules/catalog/work-center-routes';
import { costingRoutes } from './modules/costing/routes';
import { engineeringRoutes } from './modules/engineering/routes';
import { identityRoutes } from './modules/identity/routes';
import { integrationRoutes } from './modules/integration/routes';
import { inventoryRoutes } from './modules/inventory/routes';
import { machineDataRoutes } from './modules/machine-data/routes';
import { performanceRoutes } from './modules/performance/routes';
import { forecastRoutes } from './modules/planning/forecast-routes';
import { planningInsightRoutes } from './modules/planning/insight-routes';
import { latePurchaseRoutes } from './modules/planning/late-purchase-routes';
import { planningRoutes } from './modules/planning/routes';
import { executionRoutes } from './modules/production/execution-routes';
import { productionRoutes } from './modules/production/routes';
import { projectCostRoutes } from './modules/projects/cost-routes';
import { projectRoutes } from './modules/projects/routes';
import { purchaseOrderRoutes } from './modules/purchasing/purchase-order-routes';
import { requisitionRoutes } from './modules/purchasing/requisition-routes';
import { purchasingRoutes } from './modules/purchasing/routes';
import { supplyPerformanceRoutes } from './modules/purchasing/supplier-performance-routes';
import { qualityRoutes } from './modules/quality/routes';
import { configuratorRoutes } from './modules/sales/configurator/routes';
import { salesOrderRoutes } from './modules/sales/order-routes';
import { portalRoutes } from './modules/sales/portal-routes';
import { quoteRoutes } from './modules/sales/quote-routes';
import { salesRoutes } from './modules/sales/routes';
import { shipmentRoutes } from './modules/sales/shipment-routes';
import type { Database } from './platform/db/database';
import { auditRoutes } from './platform/http/audit-routes';
import { installIdempotency } from './platform/http/idempotency';
import { problemFromError, sendProblem } from './platform/http/problem';
import { installRouteAuth, type RouteRecord } from './platform/http/route-auth';
import type { ZodApp } from './platform/http/zod-app';
import { createServices, type ServiceSettings, type Services } from './services';

export const defaultWebDist = resolve(import.meta.dirname, '../../web/dist');

export interface AppOptions {
  logLevel?: string;
  /** settings of services from the configuration (machine data: the micro-stop threshold) */
  services?: ServiceSettings;
  /** directory of the built web app; false to serve the API only */
  webDist?: string | false;
}

export interface TaktApp {
  app: FastifyInstance;
  services: Services;
  /** every /api route with its auth rule (for the role walk test and the docs) */
  routes: RouteRecord[];
}

export async function buildApp(database: Database, options: AppOptions = {}): Promise<TaktApp> {
  const services = createServices(database.db, options.services);
  const routes: RouteRecord[] = [];
  const fastify = Fastify({
    logger: { level: options.logLevel ?? 'info' },
  });
  const app = fastify.withTypeProvider() as unknown as ZodApp;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error, request, reply) => {
    const problem = problemFromError(error);
    if (problem) return sendProblem(reply, request, problem);
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, request, {
      type: 'https://takt.dev/problems/internal',
      title: 'Internal error',
      status: 500,
      detail: 'something went wrong on the server; the error was logged',
      errors: [],
    });
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Takt API',
        version: '0.1.0',
        description:
          'Takt: ERP, planning and shop floor for make-to-order plants. Sign in with POST /api/auth/login (cookie) or send `Authorization: Bearer <API token>`. Errors are RFC 9457 problem+json.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'takt_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  installRouteAuth(app, services.identity, routes);
  installIdempotency(app, database.db);

  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  app.get(
    '/api/health',
    {
      config: { auth: 'public' },
      schema: { tags: ['platform'], summary: 'Liveness and the database in use' },
    },
    async () => ({ status: 'ok', database: database.kind }),
  );
  identityRoutes(app, services.identity);
  auditRoutes(app, database.db);
  catalogRoutes(app, services);
  cadImportRoutes(app, services);
  engineeringRoutes(app, {
    changes: services.engineeringChanges,
    releases: services.bomReleases,
    items: services.items,
    designBoms: services.designBoms,
  });
  calendarRoutes(app, services.calendars);
  setupMatrixRoutes(app, services.setupMatrices);
  workCenterRoutes(app, services.workCenters);
  routingRoutes(app, services.routings);
  purchasingRoutes(app, services.suppliers);
  salesRoutes(app, services.customers);
  configuratorRoutes(app, services.configurator);
  quoteRoutes(app, services.quotes);
  costingRoutes(app, services.costing);
  portalRoutes(app, services.portal);
  salesOrderRoutes(app, services.salesOrders, services.orderSupply, services.orderChanges);
  productionRoutes(app, services.production);
  performanceRoutes(app, services.performance);
  shipmentRoutes(app, services.shipments);
  executionRoutes(
    app,
    database.db,
    services.execution,
    services.production,
    services.reasonCodes,
    services.jobMaterial,
  );
  requisitionRoutes(app, services.requisitions);
  purchaseOrderRoutes(app, services.purchaseOrders);
  inventoryRoutes(app, services.inventory);
  machineDataRoutes(app, services.machineData);
  planningRoutes(
    app,
    services.planningBoard,
    services.progressReplan,
    services.moveOperation,
    services.scenarios,
  );
  planningInsightRoutes(app, services);
  latePurchaseRoutes(app, services);
  forecastRoutes(app, services);
  supplyPerformanceRoutes(app, services.db);
  integrationRoutes(app, services.integration);
  qualityRoutes(app, services.inspection, services.nonConformances);
  projectCostRoutes(app, services.projectCost, services.projectHistory);
  projectRoutes(app, services.projects);

  const webDist = options.webDist === undefined ? defaultWebDist : options.webDist;
  if (webDist && existsSync(resolve(webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false });
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api')) return notFound(request, reply);
      return reply.sendFile('index.html'); // client-side routes of the SPA
    });
  } else {
    app.setNotFoundHandler(notFound);
  }

  await app.ready();
  return { app: fastify, services, routes };
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, request, {
    type: 'https://takt.dev/problems/not-found',
    title: 'Not found',
    status: 404,
    detail: `no route ${request.method} ${request.url.split('?')[0]}`,
    errors: [],
  });
}
