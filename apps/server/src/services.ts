/**
 * The module services of one server process, wired once. Modules talk to each other through
 * these services, never through each other's tables. Built on a transaction handle, the same
 * services make a multi-module change one transaction (the demo plant loads that way).
 */
import { DemoPlant } from './demo/demo-plant';
import { BomService } from './modules/catalog/bom-service';
import { CalendarService } from './modules/catalog/calendar-service';
import { ItemService } from './modules/catalog/item-service';
import { RoutingService } from './modules/catalog/routing-service';
import { SetupMatrixService } from './modules/catalog/setup-matrix-service';
import { UomService } from './modules/catalog/uom-service';
import { WorkCenterService } from './modules/catalog/work-center-service';
import { IdentityService } from './modules/identity/service';
import { PlanningService } from './modules/planning/planning-service';
import { ProductionService } from './modules/production/service';
import { PurchaseOrderService } from './modules/purchasing/purchase-order-service';
import { RequisitionService } from './modules/purchasing/requisition-service';
import { SupplierService } from './modules/purchasing/service';
import { SalesOrderService } from './modules/sales/order-service';
import { OrderSupplyService } from './modules/sales/order-supply';
import { CustomerService } from './modules/sales/service';
import type { Db } from './platform/db/database';

export interface Services {
  db: Db;
  identity: IdentityService;
  items: ItemService;
  boms: BomService;
  uoms: UomService;
  calendars: CalendarService;
  setupMatrices: SetupMatrixService;
  workCenters: WorkCenterService;
  routings: RoutingService;
  suppliers: SupplierService;
  customers: CustomerService;
  production: ProductionService;
  requisitions: RequisitionService;
  purchaseOrders: PurchaseOrderService;
  planning: PlanningService;
  salesOrders: SalesOrderService;
  orderSupply: OrderSupplyService;
  demo: DemoPlant;
}

export function createServices(db: Db): Services {
  const production = new ProductionService(db);
  const requisitions = new RequisitionService(db);
  // planning writes through the owners' services, built on the caller's transaction
  const planning = new PlanningService(db, {
    production: (tx) => new ProductionService(tx),
    requisitions: (tx) => new RequisitionService(tx),
    stock: () => ({
      onHandByItem: async () => new Map(),
      reservations: async () => [],
      reserveForLine: async () => 0,
    }),
  });
  return {
    db,
    identity: new IdentityService(db),
    items: new ItemService(db),
    boms: new BomService(db),
    uoms: new UomService(db),
    calendars: new CalendarService(db),
    setupMatrices: new SetupMatrixService(db),
    workCenters: new WorkCenterService(db),
    routings: new RoutingService(db),
    suppliers: new SupplierService(db),
    customers: new CustomerService(db),
    production,
    requisitions,
    purchaseOrders: new PurchaseOrderService(
      db,
      () => ({ receive: async () => ({ moveId: '', lotId: null }) }),
      planning,
    ),
    planning,
    salesOrders: new SalesOrderService(db, planning),
    orderSupply: new OrderSupplyService(db, planning, production, requisitions),
    demo: new DemoPlant(db),
  };
}
