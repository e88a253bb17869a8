/**
 * Routes of what the plan says about itself: pegging both ways, material shortages, MRP
 * exceptions and their one-click actions, and the plant's KPIs. The services are built here
 * from the module services of the process (each on the caller's transaction where it writes).
 */
import {
  exceptionActionRequest,
  exceptionActionResult,
  kpiQuery,
  kpiReport,
  mrpExceptions,
  pegging,
  peggingQuery,
  shortages,
} from '@takt/contracts';
import type { Db, Tx } from '../../platform/db/database';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import type { Services } from '../../services';
import { actorOf } from '../identity/service';
import { InventoryService } from '../inventory/service';
import { plantKpis } from '../performance/kpis';
import { PerformanceService } from '../performance/service';
import { ProductionService } from '../production/service';
import { PurchaseOrderService } from '../purchasing/purchase-order-service';
import { RequisitionService } from '../purchasing/requisition-service';
import { SupplierService } from '../purchasing/service';
import { SalesOrderService } from '../sales/order-service';
import { ExceptionService } from './exceptions';
import { PeggingService } from './pegging';
import { ProgressReplanService } from './progress-replan';
import { ShortageService } from './shortages';

export interface PlanningInsight {
  pegging: PeggingService;
  shortages: ShortageService;
  exceptions: ExceptionService;
}

/** The insight services over the process's module services. */
export function createPlanningInsight(services: Services): PlanningInsight {
  const { db, planning } = services;
  const orders = (h: Db | Tx) => new SalesOrderService(h as Db, planning);
  const deps = {
    planning,
    openDemands: (h: Db | Tx) => orders(h).openDemands(h),
    lines: (h: Db | Tx) => orders(h),
    production: (h: Db | Tx) => new ProductionService(h as Db),
    purchaseOrders: (h: Db | Tx) =>
      new PurchaseOrderService(h as Db, (t) => new InventoryService(t), planning),
    requisitions: (h: Db | Tx) => new RequisitionService(h as Db),
    suppliers: (h: Db | Tx) => new SupplierService(h as Db),
  };
  return {
    pegging: new PeggingService(db, { planning, supply: services.orderSupply, lines: services.salesOrders }),
    shortages: new ShortageService(db, deps),
    exceptions: new ExceptionService(db, {
      ...deps,
      orders,
      replan: (h: Db | Tx) =>
        new ProgressReplanService(h as Db, {
          production: (t) => new ProductionService(t as Db),
          orders: (t) => new SalesOrderService(t as Db, planning),
          measuredUncertainty: (t) => new PerformanceService(t).measuredUncertainty(),
          openDesigns: (t) => planning.openDesigns(t),
        }),
    }),
  };
}

const tags = ['planning'];

export function planningInsightRoutes(app: ZodApp, services: Services): void {
  const insight = createPlanningInsight(services);
  app.get(
    '/api/planning/pegging',
    {
      config: { auth: { action: 'read', subject: 'ProductionJob' } },
      schema: {
        tags,
        summary:
          'Pegging: down from an order (line) its whole supply tree (jobs, child jobs, purchases, stock), or up from a job, purchase order or requisition to the order lines it serves',
        querystring: peggingQuery,
        response: { 200: pegging },
      },
    },
    (request) => insight.pegging.pegging(request.query),
  );
  app.get(
    '/api/planning/shortages',
    {
      config: { auth: { action: 'read', subject: 'Requisition' } },
      schema: {
        tags,
        summary:
          'Material that open jobs and order lines need and stock, jobs and purchase orders do not cover in time: per item the shortfall, the orders it hits and the purchases that could solve it',
        response: { 200: shortages },
      },
    },
    () => insight.shortages.shortages(),
  );
  app.get(
    '/api/planning/exceptions',
    {
      config: { auth: { action: 'read', subject: 'Requisition' } },
      schema: {
        tags,
        summary:
          'MRP exception messages over the plant as it stands (late, expedite, defer, cancel, shortage) with the order lines they touch and the actions that answer them',
        response: { 200: mrpExceptions },
      },
    },
    () => insight.exceptions.list(),
  );
  app.post(
    '/api/planning/exceptions/actions',
    {
      config: { auth: { action: 'write', subject: 'Requisition' } },
      schema: {
        tags,
        summary:
          'Answer one exception in one transaction: expedite or reschedule a purchase order line, requisition or job to the need date, or cancel an unneeded requisition; 409 when the situation or the document changed since it was listed',
        body: exceptionActionRequest,
        response: { 200: exceptionActionResult },
      },
    },
    (request) => insight.exceptions.act(actorOf(principalOf(request)), request.body),
  );
  app.get(
    '/api/planning/kpis',
    {
      config: { auth: { action: 'read', subject: 'SalesOrder' } },
      schema: {
        tags,
        summary:
          'KPIs per day or week: on-time delivery against the promised and the P90 date, quoted vs. actual lead time, work in progress, utilisation per work center',
        querystring: kpiQuery,
        response: { 200: kpiReport },
      },
    },
    (request) => plantKpis(services.db, request.query),
  );
}
