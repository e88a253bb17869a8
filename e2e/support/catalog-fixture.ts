/**
 * Catalog data the browser tests read. With the demo plant loaded, its drive unit AS-DRIVE-080
 * is used as is (five levels deep); without it, the same chain of numbers is created through
 * the API: AS-DRIVE-080 > AS-GEARSHAFT-080 > MP-SHAFT-080 > FG-SHAFT-080 > RM-42CRMO4-080.
 */
import type { ApiClient } from './takt-server';

export const DRIVE_UNIT = 'AS-DRIVE-080';
/** the drive unit's chain, level 0 (the drive unit) to level 4 (bar stock) */
export const CHAIN = [
  DRIVE_UNIT,
  'AS-GEARSHAFT-080',
  'MP-SHAFT-080',
  'FG-SHAFT-080',
  'RM-42CRMO4-080',
] as const;

interface ItemRef {
  id: string;
  number: string;
  version: number;
}

export async function itemByNumber(api: ApiClient, number: string): Promise<ItemRef | undefined> {
  const page = await api.get<{ items: ItemRef[] }>(`/api/items?q=${encodeURIComponent(number)}&limit=50`);
  return page.items.find((i) => i.number === number);
}

/** The drive unit's item ids by number, creating the chain when the demo plant is absent. */
export async function driveUnitChain(api: ApiClient): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const existing = await itemByNumber(api, DRIVE_UNIT);
  if (existing) {
    for (const number of CHAIN) ids[number] = (await itemByNumber(api, number))!.id;
    return ids;
  }
  for (const [level, number] of CHAIN.entries()) {
    const created = await api.post<ItemRef>('/api/items', {
      number,
      name: `E2E level ${level} ${number}`,
      kind: level === CHAIN.length - 1 ? 'buy' : 'make',
      uom: level === CHAIN.length - 1 ? 'kg' : 'pcs',
    });
    ids[number] = created.id;
  }
  for (let level = 0; level < CHAIN.length - 1; level++) {
    const bom = await api.post<{ id: string; version: number }>(`/api/items/${ids[CHAIN[level]]}/boms`, {
      validFrom: '2020-01-01',
      lines: [{ position: 10, childItemId: ids[CHAIN[level + 1]], quantityPer: level === 3 ? 38.5 : 1 }],
    });
    await api.post(`/api/boms/${bom.id}/release`, { version: bom.version, validFrom: '2020-01-01' });
  }
  return ids;
}

/**
 * Confirmed demo orders of the drive unit, one per quantity (20, 30, … days out, spread over the
 * first customers), so the plan has work of known orders on the board.
 */
export async function confirmDriveOrders(
  api: ApiClient,
  quantities: number[],
): Promise<{ id: string; number: string; version: number }[]> {
  const drive = await itemByNumber(api, DRIVE_UNIT);
  const customers = await api.get<{ items: { id: string }[] }>('/api/customers?limit=2');
  const requested = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const orders = [];
  for (const [x, quantity] of quantities.entries()) {
    const order = await api.post<{ id: string; number: string; version: number }>('/api/sales-orders', {
      customerId: customers.items[x % customers.items.length].id,
      lines: [{ itemId: drive!.id, quantity, requestedDate: requested(20 + 10 * x), unitPrice: 125_000 }],
    });
    await api.post(`/api/sales-orders/${order.id}/confirm`, { version: order.version });
    orders.push(order);
  }
  return orders;
}
