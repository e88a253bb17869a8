/**
 * Routes of late purchases: the list the exceptions page shows, and the supplier confirming a
 * line's date on the purchase order page (re-planned and re-promised in one transaction). The
 * services are built here from the process's module services, on the caller's transaction.
 */
import {
  latePurchases,
  purchaseOrderLineParams,
  supplierDateBody,
  supplierDateResult,
} from '@takt/contracts';
import type { Db, Tx } from '../../platform/db/database';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import type { Services } from '../../services';
import { actorOf } from '../identity/service';
import { InventoryService } from '../inventory/service';
import { PerformanceService } from '../performance/service';
import { ProductionService } from '../production/service';
import { PurchaseOrderService } from '../purchasing/purchase-order-service';
import { SalesOrderService } from '../sales/order-service';
import { LatePurchaseService } from './late-purchases';
import { ProgressReplanService } from './progress-replan';

export function createLatePurchases(services: Services): LatePurchaseService {
  const { db, planning } = services;
  const orders = (h: Db | Tx) => new SalesOrderService(h as Db, planning);
  const production = (h: Db | Tx) => new ProductionService(h as Db);
  return new LatePurchaseService(db, {
    production,
    orders,
    purchaseOrders: (h) => new PurchaseOrderService(h as Db, (t) => new InventoryService(t), planning),
    replan: (h) =>
      new ProgressReplanService(h as Db, {
        production,
        orders,
        measuredUncertainty: (t) => new PerformanceService(t).measuredUncertainty(),
        openDesigns: (t) => planning.openDesigns(t),
      }),
  });
}

export function latePurchaseRoutes(app: ZodApp, services: Services): void {
  const late = createLatePurchases(services);
  app.get(
    '/api/planning/late-purchases',
    {
      config: { auth: { action: 'read', subject: 'Requisition' } },
      schema: {
        tags: ['planning'],
        summary:
          'Late purchase order lines (past due and not received, or confirmed by the supplier after their due date) with the operations that wait for them and the order lines they hit',
        response: { 200: latePurchases },
      },
    },
    () => late.list(),
  );
  app.post(
    '/api/purchase-orders/:id/lines/:lineId/supplier-date',
    {
      config: { auth: { action: 'write', subject: 'Requisition' } },
      schema: {
        tags: ['purchasing'],
        summary:
          'The supplier confirms a date for an open line (null takes it back): in one transaction the plan is re-planned with the material expected then and the order lines it hits are re-promised; a later date makes the line late (purchase-order.late, order.line.at-risk)',
        params: purchaseOrderLineParams,
        body: supplierDateBody,
        response: { 200: supplierDateResult },
      },
    },
    (request) =>
      late.confirmSupplierDate(actorOf(principalOf(request)), {
        purchaseOrderId: request.params.id,
        purchaseOrderLineId: request.params.lineId,
        confirmedDate: request.body.confirmedDate,
        version: expectedVersion(request.headers['if-match'], request.body.version),
      }),
  );
}
