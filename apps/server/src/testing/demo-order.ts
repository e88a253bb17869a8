/**
 * A confirmed order on the demo plant, for tests of what happens after confirmation: one line
 * of a demo item for customer C-0001, confirmed through the API (planned, promised), and the
 * jobs planned for it.
 */
import type { TestApp } from './test-app';

const DAY = 86_400_000;

export interface ConfirmedDemoOrder {
  order: {
    id: string;
    number: string;
    version: number;
    status: string;
    lines: { id: string; promisedDate: string }[];
  };
  lineId: string;
  jobs: {
    id: string;
    number: string;
    itemNumber: string;
    quantity: number;
    status: string;
    plannedStart: string;
  }[];
}

export async function confirmDemoOrder(
  t: TestApp,
  line: { itemNumber: string; quantity: number; requestedInDays: number; unitPrice?: number },
): Promise<ConfirmedDemoOrder> {
  const [item] = (await t.as('sales').get(`/api/items?q=${line.itemNumber}`)).json().items;
  const [customer] = (await t.as('sales').get('/api/customers?q=C-0001')).json().items;
  const draft = await t.as('sales').post('/api/sales-orders', {
    customerId: customer.id,
    lines: [
      {
        itemId: item.id,
        quantity: line.quantity,
        requestedDate: new Date(Date.now() + line.requestedInDays * DAY).toISOString().slice(0, 10),
        unitPrice: line.unitPrice ?? 20_000,
      },
    ],
  });
  if (draft.statusCode !== 201) throw new Error(`creating the order failed: ${draft.body}`);
  const { id, version } = draft.json();
  const confirmed = await t.as('sales').post(`/api/sales-orders/${id}/confirm`, { version });
  if (confirmed.statusCode !== 200) throw new Error(`confirming the order failed: ${confirmed.body}`);
  const order = confirmed.json();
  const lineId = order.lines[0].id;
  const jobs = (await t.as('planner').get(`/api/jobs?salesOrderLineId=${lineId}`)).json().items;
  return { order, lineId, jobs };
}
