/**
 * Scale of MRP on a generated plant: 10,000 sales-order lines on 20,000 items in 5-level BOMs
 * (2,000 end items, MTO and ATO; 3,000 subassemblies, 4,000 components and 5,000 parts, MTO and
 * MTS; 6,000 purchased materials), lot sizing of every kind, stock and open supply. The 50 work
 * centers of the plant appear as the BOM lines' consuming operations (MRP itself plans on lead
 * times; capacity is the scheduler's).
 * A share of the lines is already in production (`--in-production`, default 0.3): each has an
 * open job of its end item, committed to the line, whose remaining components (60–100 % of the BOM
 * still to issue, needed before the job's due date) are dependent demand, and half of those jobs
 * have a purchase order for one of their purchased components committed to them (`job:<id>`
 * pegs), so netting takes firm pegging and job components, as a running plant's plan does.
 * Measures the regenerative run `planMrp` (time, peak memory; targets under 5 s and 1.5 GB), then
 * net change for one new order line, 50 in a row (p50/p95; target under 50 ms) on a prepared plan
 * context (`prepareMrp`, then `changeDemands`, which also reports the changed planned orders and the
 * new line's pegging), and through the old entry point `planNetChange`, which hands back the whole
 * plan as arrays each time. That net change gives the same plan as a regenerative run is
 * the property tests' job, not the benchmark's.
 *   npm run bench:mrp -- [--lines 10000] [--items 20000] [--orders 50]
 */
import { Random } from '../src/common/random';
import { type MrpContext, planMrp, planNetChange, prepareMrp } from '../src/mrp/plan-mrp';
import type { MrpBomLine, MrpDemand, MrpInput, MrpItem, MrpPlan, MrpSupply } from '../src/mrp/types';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const lineCount = option('lines', 10_000);
const itemCount = option('items', 20_000);
const newOrders = option('orders', 50);
const inProduction = option('in-production', 0.3);
const DAY = 1440;

/** Share of the items per BOM level, top (end items) to bottom (purchased). */
const LEVEL_SHARE = [0.1, 0.15, 0.2, 0.25, 0.3];

function generatePlant(seed: number): MrpInput {
  const random = new Random(seed);
  const levels: string[][] = LEVEL_SHARE.map((share, level) =>
    Array.from({ length: Math.round(share * itemCount) }, (_, k) => `L${level}-${k}`),
  );
  const items: MrpItem[] = [];
  const lots: MrpItem['lotSizing'][] = [
    { rule: 'lot-for-lot' },
    { rule: 'fixed', quantity: 50 },
    { rule: 'minimum', quantity: 20 },
    { rule: 'multiple', quantity: 10 },
    { rule: 'period', quantity: 5 },
  ];
  levels.forEach((ids, level) => {
    for (const id of ids) {
      const buy = level === 4;
      const strategy: MrpItem['strategy'] =
        level === 0
          ? random.next() < 0.7
            ? 'MTO'
            : 'ATO'
          : level <= 2 && random.next() < 0.3
            ? 'MTO'
            : 'MTS';
      items.push({
        id,
        kind: buy ? 'buy' : 'make',
        strategy,
        leadTimeDays: buy ? 5 + random.int(30) : 1 + random.int(8),
        lotSizing: strategy === 'MTS' ? lots[random.int(lots.length)] : { rule: 'lot-for-lot' },
        safetyStock: strategy === 'MTS' && random.next() < 0.2 ? 10 * (1 + random.int(10)) : undefined,
        scrapFactor: buy ? undefined : random.next() < 0.3 ? 0.02 : undefined,
      });
    }
  });
  const bom: MrpBomLine[] = [];
  for (let level = 0; level < 4; level++) {
    const below = levels[level + 1];
    for (const parentId of levels[level]) {
      const children = 2 + random.int(3);
      const used = new Set<string>();
      for (let c = 0; c < children; c++) {
        const childId = below[random.int(below.length)];
        if (used.has(childId)) continue;
        used.add(childId);
        bom.push({
          parentId,
          childId,
          quantityPer: 1 + random.int(4),
          operationId: `WC${random.int(50)}`,
          scrapFactor: random.next() < 0.1 ? 0.05 : undefined,
        });
      }
    }
  }
  const demands: MrpDemand[] = Array.from({ length: lineCount }, (_, n) =>
    demand(random, levels[0], `SO-${n}`),
  );
  const onHand = items
    .filter(() => random.next() < 0.3)
    .map((item) => ({ itemId: item.id, quantity: 10 * (1 + random.int(50)) }));
  const supplies: MrpSupply[] = items
    .filter((item) => item.strategy === 'MTS' && random.next() < 0.1)
    .map((item, n) => ({
      id: `OPEN-${n}`,
      kind: item.kind === 'buy' ? ('purchase' as const) : ('job' as const),
      itemId: item.id,
      quantity: 20 * (1 + random.int(20)),
      due: DAY * (5 + random.int(60)),
    }));
  // lines already in production: an open job committed to the line, its components still to issue
  const itemById = new Map(items.map((i) => [i.id, i]));
  const childrenOf = new Map<string, MrpBomLine[]>();
  for (const line of bom) childrenOf.set(line.parentId, [...(childrenOf.get(line.parentId) ?? []), line]);
  const buyBelow = levels[4];
  demands.forEach((d, n) => {
    if (random.next() >= inProduction) return;
    const id = `JOB-${n}`;
    const due = Math.max(DAY, d.due - DAY * (1 + random.int(5)));
    const remaining = 0.6 + 0.4 * random.next();
    const components = (childrenOf.get(d.itemId) ?? []).map((line) => ({
      itemId: line.childId,
      quantity: Math.ceil(line.quantityPer * d.quantity * remaining),
      need: Math.max(0, due - DAY * (itemById.get(d.itemId)!.leadTimeDays ?? 1)),
    }));
    supplies.push({
      id,
      kind: 'job',
      itemId: d.itemId,
      quantity: d.quantity,
      due,
      orderLineId: itemById.get(d.itemId)!.strategy === 'MTO' ? d.id : undefined,
      pegs: [{ demandId: d.id, quantity: d.quantity }],
      components,
    });
    if (n % 2 === 0)
      supplies.push({
        id: `PO-${n}`,
        kind: 'purchase',
        itemId: buyBelow[random.int(buyBelow.length)],
        quantity: 10 * (1 + random.int(10)),
        due: Math.max(0, due - DAY * 10),
        pegs: [{ demandId: `job:${id}`, quantity: 10 }],
      });
  });
  const workingDays: number[] = [];
  for (let d = 0; d < 800; d++) if (d % 7 < 5) workingDays.push(d * DAY + 360);
  return { now: 0, workingDays, items, bom, demands, onHand, supplies };
}

function demand(random: Random, endItems: string[], id: string): MrpDemand {
  return {
    id,
    kind: 'order',
    itemId: endItems[random.int(endItems.length)],
    quantity: 1 + random.int(20),
    due: DAY * (20 + random.int(300)),
  };
}

const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
};
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const input = generatePlant(2026);
const jobsInProduction = input.supplies!.filter((x) => x.components);
console.log(
  `plant: ${input.demands.length} sales-order lines, ${input.items.length} items, ${input.bom.length} BOM lines over 5 levels, 50 work centers, ${input.onHand!.length} stocked items, ${input.supplies!.length} open supplies (${jobsInProduction.length} jobs in production with ${jobsInProduction.reduce((n, j) => n + (j.components?.length ?? 0), 0)} components to issue, ${input.supplies!.filter((x) => x.pegs?.some((p) => p.demandId.startsWith('job:'))).length} purchase orders committed to jobs)`,
);
globalThis.gc?.();
const before = process.memoryUsage();
const cpuBefore = process.cpuUsage();
const started = performance.now();
let plan: MrpPlan | undefined = unwrap(planMrp(input));
const regenerativeMs = performance.now() - started;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const regenerativeCpuMs = cpuMs(cpuBefore);
const after = process.memoryUsage();
const peakRss = process.resourceUsage().maxRSS * 1024;
console.log(
  `regenerative: ${(regenerativeMs / 1000).toFixed(2)} s (target under 5 s: ${regenerativeMs < 5000 ? 'met' : 'MISSED'}; CPU time ${(regenerativeCpuMs / 1000).toFixed(2)} s); ${plan.plannedOrders.length} planned orders, ${plan.pegging.length} pegging links, ${plan.exceptions.length} exceptions`,
);
console.log(
  `memory: peak RSS ${mb(peakRss)} (target under 1.5 GB: ${peakRss < 1.5 * 2 ** 30 ? 'met' : 'MISSED'}); heap used ${mb(before.heapUsed)} before, ${mb(after.heapUsed)} after (the plan and its input held)${globalThis.gc ? '' : '; run with --expose-gc for a clean baseline'}`,
);

const endItems = input.items.filter((i) => i.id.startsWith('L0-')).map((i) => i.id);
const newLines = (() => {
  const random = new Random(7);
  return Array.from({ length: newOrders }, (_, n) => demand(random, endItems, `NEW-${n}`));
})();
const summary = (times: number[], cpu: number[]) => {
  const p95 = percentile(times, 0.95);
  return `p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (target under 50 ms: ${p95 < 50 ? 'met' : 'MISSED'}; CPU p50 ${percentile(cpu, 0.5).toFixed(1)} ms, p95 ${percentile(cpu, 0.95).toFixed(1)} ms)`;
};

// the old entry point first: it needs the plan as objects, which the prepared context below does not
const times: number[] = [];
const cpuTimes: number[] = [];
let previous: MrpPlan | undefined = plan;
let current = input;
for (const line of newLines) {
  current = { ...current, demands: [...current.demands, line] };
  const c = process.cpuUsage();
  const s = performance.now();
  previous = unwrap(planNetChange(current, previous, [line.id]));
  times.push(performance.now() - s);
  cpuTimes.push(cpuMs(c));
}
console.log(
  `net change through planNetChange (the whole plan as arrays each time), one new order line (${newOrders} in a row): ${summary(times, cpuTimes)}`,
);
previous = undefined;
plan = undefined;
globalThis.gc?.();

// a planning service keeps the prepared context (compact arrays) and serves net changes from it
const prepareStarted = performance.now();
let context: MrpContext = unwrap(prepareMrp(input));
const prepareMs = performance.now() - prepareStarted;
const contextTimes: number[] = [];
const contextCpu: number[] = [];
const touched = { items: 0, changed: 0, removed: 0, links: 0 };
for (const line of newLines) {
  const c = process.cpuUsage();
  const s = performance.now();
  const change = unwrap(context.changeDemands({ set: [line] }));
  contextTimes.push(performance.now() - s);
  contextCpu.push(cpuMs(c));
  context = change.context;
  touched.items += change.replannedItemIds.length;
  touched.changed += change.changedOrders.length;
  touched.removed += change.removedOrderIds.length;
  touched.links += change.pegging.length;
}
const per = (n: number) => (n / newOrders).toFixed(0);
console.log(
  `net change on a prepared context (prepareMrp: ${(prepareMs / 1000).toFixed(2)} s), one new order line (${newOrders} in a row): ${summary(contextTimes, contextCpu)}; per line ${per(touched.items)} items re-netted, ${per(touched.changed)} planned orders new or changed, ${per(touched.removed)} removed, ${per(touched.links)} pegging links of the line`,
);
console.log(
  `ratio: regenerative / net change on the context (p50) = ${(regenerativeMs / percentile(contextTimes, 0.5)).toFixed(0)}×; peak RSS of the whole run ${mb(process.resourceUsage().maxRSS * 1024)}`,
);
