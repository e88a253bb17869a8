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
import { CostingService } from './modules/costing/service';
import { DesignBomService } from './modules/engineering/design-bom-service';
import { EngineeringChangeService } from './modules/engineering/engineering-change-service';
import { PartialReleaseService } from './modules/engineering/partial-release-service';
import { IdentityService } from './modules/identity/service';
import { createIntegration, type IntegrationServices } from './modules/integration/integration-module';
import { InventoryService } from './modules/inventory/service';
import { MachineDataService, type MachineDataSettings } from './modules/machine-data/service';
import { PerformanceService } from './modules/performance/service';
import { PlanningBoardService } from './modules/planning/board';
import { PlanInsertionService } from './modules/planning/insert-operations';
import { MoveOperationService } from './modules/planning/move-operation';
import { PlanningRuns } from './modules/planning/planning-runs';
import { PlanningService } from './modules/planning/planning-service';
import { ProgressReplanService } from './modules/planning/progress-replan';
import { ScenarioService, type ScenarioSettings } from './modules/planning/scenarios';
import { ExecutionService } from './modules/production/execution-service';
import { JobMaterialService } from './modules/production/job-material';
import { ReasonCodeService } from './modules/production/reason-codes';
import { ProductionService } from './modules/production/service';
import { ProjectEngineeringWork } from './modules/projects/engineering-work-source';
import { ProjectCostService } from './modules/projects/project-cost';
import { ProjectHistoryService } from './modules/projects/project-history';
import { ProjectService } from './modules/projects/project-service';
import { PurchaseOrderService } from './modules/purchasing/purchase-order-service';
import { RequisitionService } from './modules/purchasing/requisition-service';
import { SupplierService } from './modules/purchasing/service';
import { InspectionService } from './modules/quality/inspection-service';
import { NonConformanceService } from './modules/quality/non-conformance-service';
import { ConfiguratorService } from './modules/sales/configurator/service';
import { OrderChangeService } from './modules/sales/order-changes';
import { SalesOrderService } from './modules/sales/order-service';
import { OrderSupplyService } from './modules/sales/order-supply';
import { PortalService } from './modules/sales/portal-service';
import { QuoteService } from './modules/sales/quote-service';
import { CustomerService } from './modules/sales/service';
import { ShipmentService } from './modules/sales/shipments';
import type { Db, Tx } from './platform/db/database';

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
  configurator: ConfiguratorService;
  inventory: InventoryService;
  machineData: MachineDataService;
  production: ProductionService;
  execution: ExecutionService;
  reasonCodes: ReasonCodeService;
  jobMaterial: JobMaterialService;
  performance: PerformanceService;
  progressReplan: ProgressReplanService;
  moveOperation: MoveOperationService;
  scenarios: ScenarioService;
  shipments: ShipmentService;
  requisitions: RequisitionService;
  purchaseOrders: PurchaseOrderService;
  planning: PlanningService;
  planningBoard: PlanningBoardService;
  salesOrders: SalesOrderService;
  quotes: QuoteService;
  orderChanges: OrderChangeService;
  costing: CostingService;
  engineeringChanges: EngineeringChangeService;
  bomReleases: PartialReleaseService;
  designBoms: DesignBomService;
  portal: PortalService;
  orderSupply: OrderSupplyService;
  integration: IntegrationServices;
  inspection: InspectionService;
  nonConformances: NonConformanceService;
  projects: ProjectService;
  projectCost: ProjectCostService;
  projectHistory: ProjectHistoryService;
  demo: DemoPlant;
}

/** Settings some services take from the configuration (defaults for tests). */
export interface ServiceSettings {
  machineData?: MachineDataSettings;
  /** the scenarios' search budget (tests bound it by iterations) */
  scenarios?: ScenarioSettings;
}

const shipmentsOn = (db: Db | Tx) =>
  new ShipmentService(db, {
    stock: (tx) => new InventoryService(tx),
    production: (tx) => new ProductionService(tx),
  });

export function createServices(db: Db, settings: ServiceSettings = {}): Services {
  const production = new ProductionService(db);
  const requisitions = new RequisitionService(db);
  // planning writes through the owners' services, built on the caller's transaction
  const planning = new PlanningService(db, {
    production: (tx) => new ProductionService(tx),
    requisitions: (tx) => new RequisitionService(tx),
    stock: (tx) => new InventoryService(tx),
    measuredUncertainty: (tx) => new PerformanceService(tx).measuredUncertainty(),
    engineeringWork: (tx) => new ProjectEngineeringWork(tx),
  });
  const purchaseOrders = new PurchaseOrderService(db, (tx) => new InventoryService(tx), planning);
  const salesOrders = new SalesOrderService(db, planning);
  const quotes = new QuoteService(db, (tx) => new SalesOrderService(tx, planning));
  const costing = new CostingService(db, {
    orders: salesOrders,
    planning,
    production,
    purchaseOrders,
    stock: new InventoryService(db),
  });
  const projects = new ProjectService(db, planning, {
    replan: (tx) =>
      new ProgressReplanService(tx, {
        production: (t) => new ProductionService(t),
        orders: (t) => new SalesOrderService(t, planning),
        measuredUncertainty: (t) => new PerformanceService(t).measuredUncertainty(),
        openDesigns: (t) => planning.openDesigns(t),
      }),
  });
  const execution = new ExecutionService(
    db,
    (tx) => new InventoryService(tx),
    (tx, actor, lineIds) => shipmentsOn(tx).refreshStatusOfLines(tx, actor, lineIds),
  );
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
    configurator: new ConfiguratorService(db),
    inventory: new InventoryService(db),
    machineData: new MachineDataService(db, settings.machineData),
    production,
    execution,
    shipments: shipmentsOn(db),
    reasonCodes: new ReasonCodeService(db),
    jobMaterial: new JobMaterialService(db, {
      production: (tx) => new ProductionService(tx),
      stock: (tx) => new InventoryService(tx),
    }),
    performance: new PerformanceService(db),
    progressReplan: new ProgressReplanService(db, {
      production: (tx) => new ProductionService(tx),
      orders: (tx) => new SalesOrderService(tx, planning),
      measuredUncertainty: (tx) => new PerformanceService(tx).measuredUncertainty(),
      openDesigns: (tx) => planning.openDesigns(tx),
    }),
    // what-if scenarios and long runs (a full re-plan) in worker threads, with live progress
    scenarios: new ScenarioService(
      db,
      {
        production: (tx) => new ProductionService(tx),
        orders: (tx) => new SalesOrderService(tx, planning),
        requisitions: (tx) => new RequisitionService(tx),
        purchaseOrders: (tx) => new PurchaseOrderService(tx, (t) => new InventoryService(t), planning),
        calendars: (tx) => new CalendarService(tx),
        workCenters: (tx) => new WorkCenterService(tx),
        suppliers: (tx) => new SupplierService(tx),
        customers: (tx) => new CustomerService(tx),
        measuredUncertainty: (tx) => new PerformanceService(tx).measuredUncertainty(),
        planning,
        progressReplan: new ProgressReplanService(db, {
          production: (tx) => new ProductionService(tx),
          orders: (tx) => new SalesOrderService(tx, planning),
          measuredUncertainty: (tx) => new PerformanceService(tx).measuredUncertainty(),
          openDesigns: (tx) => planning.openDesigns(tx),
        }),
      },
      new PlanningRuns(),
      settings.scenarios,
    ),
    moveOperation: new MoveOperationService(db, {
      production: (tx) => new ProductionService(tx),
      orders: (tx) => new SalesOrderService(tx, planning),
      measuredUncertainty: (tx) => new PerformanceService(tx).measuredUncertainty(),
      openDesigns: (tx) => planning.openDesigns(tx),
    }),
    requisitions,
    purchaseOrders,
    planning,
    planningBoard: new PlanningBoardService(db, { orderLines: salesOrders }),
    salesOrders,
    quotes,
    orderChanges: new OrderChangeService(db, (tx) => new SalesOrderService(tx, planning), planning),
    engineeringChanges: new EngineeringChangeService(db, {
      planning,
      orders: (tx) => new SalesOrderService(tx, planning),
    }),
    bomReleases: new PartialReleaseService(db, {
      planning,
      orders: (tx) => new SalesOrderService(tx, planning),
    }),
    designBoms: new DesignBomService(db, {
      releases: (tx) =>
        new PartialReleaseService(tx, { planning, orders: (t) => new SalesOrderService(t, planning) }),
      changes: (tx) =>
        new EngineeringChangeService(tx, { planning, orders: (t) => new SalesOrderService(t, planning) }),
    }),
    costing,
    portal: new PortalService({
      db,
      orders: salesOrders,
      shipments: shipmentsOn(db),
      quotes,
      planning,
      production,
      purchaseOrders,
    }),
    orderSupply: new OrderSupplyService(db, planning, production, requisitions, purchaseOrders),
    integration: createIntegration(db, (tx) => new SalesOrderService(tx, planning), { planning, execution }),
    inspection: new InspectionService(db),
    nonConformances: new NonConformanceService(
      db,
      (tx) => new ProductionService(tx),
      new PlanInsertionService({
        production: (tx) => new ProductionService(tx),
        orders: (tx) => new SalesOrderService(tx, planning),
        measuredUncertainty: (tx) => new PerformanceService(tx).measuredUncertainty(),
      }),
    ),
    projects,
    projectCost: new ProjectCostService(db, { costing, planning, production }),
    projectHistory: new ProjectHistoryService(db, { projects, costing }),
    demo: new DemoPlant(db),
  };
}
