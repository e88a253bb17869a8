/**
 * The integration module's services, wired once per server process (services.ts). The
 * delivery worker is not among them: it is a loop the server process starts (server.ts).
 */
import type { Db, Tx } from '../../platform/db/database';
import type { PlanningService } from '../planning/planning-service';
import type { ExecutionService } from '../production/execution-service';
import type { SalesOrderService } from '../sales/order-service';
import { EventFeed } from './event-feed';
import { InboundSalesOrders } from './inbound-sales-orders';
import { InboundWorkOrders } from './inbound-work-orders';
import { WebhookService } from './webhook-service';

export interface IntegrationServices {
  webhooks: WebhookService;
  feed: EventFeed;
  inbound: InboundSalesOrders;
  inboundWorkOrders: InboundWorkOrders;
}

export function createIntegration(
  db: Db,
  salesOrdersOn: (tx: Tx) => SalesOrderService,
  shopFloor: { planning: PlanningService; execution: ExecutionService },
): IntegrationServices {
  return {
    inboundWorkOrders: new InboundWorkOrders(db, shopFloor),
    webhooks: new WebhookService(db),
    feed: new EventFeed(db),
    inbound: new InboundSalesOrders(db, salesOrdersOn),
  };
}
