/**
 * A large synthetic plan in the planning board's contract, for the browser benchmark: work
 * centers with 1–4 machines on a two-shift calendar (Mon–Fri 06:00–22:00, Europe/Berlin), each
 * machine's operations back to back with small gaps from two weeks before now to three months
 * after, spread over many orders, some late, the past ones done. Deterministic for a seed.
 */
import type { BoardOperation, CapacityLoad, PlanningBoard } from '@takt/contracts';
import { expandCalendar, Random } from '@takt/engine';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_ZONE = 'Europe/Berlin';

const uuid = (kind: number, n: number) => {
  const hex = n.toString(16).padStart(12, '0');
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
};

export interface SyntheticPlan {
  board: PlanningBoard;
  load: CapacityLoad;
  operations: number;
}

export function syntheticPlan(options: {
  nowMs: number;
  fromMs: number;
  toMs: number;
  operations: number;
  workCenters: number;
  seed?: number;
}): SyntheticPlan {
  const random = new Random(options.seed ?? 7);
  const { nowMs, fromMs, toMs } = options;
  const horizon = (toMs - fromMs) / MINUTE;
  const days = Math.ceil((toMs - fromMs) / DAY) + 1;
  const calendar = expandCalendar(
    {
      timeZone: TIME_ZONE,
      shifts: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '06:00', end: '22:00' })),
    },
    fromMs,
    days,
  );
  if (!calendar.ok) throw new Error(calendar.error.message);
  const working = calendar.value.filter(([a]) => a < horizon).map(([a, b]) => [a, Math.min(b, horizon)]);
  const nonWorking: { start: string; end: string }[] = [];
  let cursor = 0;
  for (const [a, b] of working) {
    if (a > cursor)
      nonWorking.push({
        start: new Date(fromMs + cursor * MINUTE).toISOString(),
        end: new Date(fromMs + a * MINUTE).toISOString(),
      });
    cursor = b;
  }
  if (cursor < horizon)
    nonWorking.push({
      start: new Date(fromMs + cursor * MINUTE).toISOString(),
      end: new Date(toMs).toISOString(),
    });

  const codes = [
    'SAW',
    'FORGE',
    'HT',
    'SHOT',
    'LATHE',
    'MILL',
    'GRIND',
    'DRILL',
    'WELD',
    'ASSY',
    'PAINT',
    'PACK',
  ];
  const machinesOf = Array.from({ length: options.workCenters }, () => 1 + random.int(4));
  const totalMachines = machinesOf.reduce((s, m) => s + m, 0);
  const perMachine = Math.ceil(options.operations / totalMachines);
  const span = toMs - fromMs - 20 * DAY;
  const orders = Math.max(50, Math.round(options.operations / 8));
  let opCount = 0;
  let jobCount = 0;
  const workCenters: PlanningBoard['workCenters'] = machinesOf.map((machines, w) => {
    const code = `${codes[w % codes.length]}${Math.floor(w / codes.length) + 1}`;
    return {
      id: uuid(1, w + 1),
      code,
      name: `${codes[w % codes.length]} line ${Math.floor(w / codes.length) + 1}`,
      efficiency: 0.85,
      calendarId: uuid(2, 1),
      timeZone: TIME_ZONE,
      nonWorking,
      machines: Array.from({ length: machines }, (_, index) => {
        const operations: BoardOperation[] = [];
        let t = fromMs + 6 * DAY + random.int(12) * HOUR;
        const average = span / perMachine;
        for (let k = 0; k < perMachine && opCount < options.operations; k++) {
          const setup = (10 + random.int(50)) * MINUTE;
          const run = Math.max(20 * MINUTE, Math.round(average * (0.3 + random.next() * 0.9)));
          const setupStart = t;
          const start = setupStart + setup;
          const end = start + run;
          t = end + Math.round(average * random.next() * 0.4);
          const order = random.int(orders);
          const late = random.next() < 0.1;
          const status: BoardOperation['status'] =
            end < nowMs
              ? 'done'
              : setupStart < nowMs
                ? 'running'
                : random.next() < 0.2
                  ? 'released'
                  : 'planned';
          opCount++;
          jobCount++;
          operations.push({
            id: uuid(3, opCount),
            jobId: uuid(4, jobCount),
            jobNumber: `JOB-${String(jobCount).padStart(6, '0')}`,
            jobStatus: status === 'done' ? 'done' : status === 'running' ? 'in-progress' : 'planned',
            jobDue: new Date(end + (late ? -DAY : 3 * DAY)).toISOString(),
            quantity: 1 + random.int(40),
            salesOrderId: uuid(5, order + 1),
            orderNumber: `SO-${String(order + 1).padStart(6, '0')}`,
            orderLineNo: 10,
            customerName: `Customer ${1 + (order % 90)}`,
            itemId: uuid(6, 1 + random.int(500)),
            itemNumber: `FG-${String(random.int(500)).padStart(4, '0')}`,
            itemName: 'Flanged shaft',
            operationNumber: String(10 * (1 + random.int(9))).padStart(4, '0'),
            name: ['Saw', 'Forge', 'Turn', 'Mill', 'Grind', 'Inspect'][random.int(6)],
            setupMinutes: setup / MINUTE,
            runMinutes: run / MINUTE,
            plannedSetupStart: new Date(setupStart).toISOString(),
            plannedStart: new Date(start).toISOString(),
            plannedEnd: new Date(end).toISOString(),
            status,
            late,
            family: null,
            pinnedAt: null,
            pinnedBy: null,
            alternativeWorkCenterIds: [],
          });
        }
        return { index, code: `${code}-${index + 1}`, operations };
      }),
    };
  });

  // the load: per plant-local day, working minutes against the operations' minutes starting that day
  const dayStarts: number[] = [];
  for (let d = fromMs; d < toMs; d += DAY) dayStarts.push(d);
  const workingIn = (a: number, b: number) =>
    working.reduce((s, [x, y]) => s + Math.max(0, Math.min(b, y) - Math.max(a, x)), 0);
  const load: CapacityLoad = {
    bucket: 'day',
    timeZone: TIME_ZONE,
    buckets: dayStarts.map((d) => ({
      date: new Date(d + 2 * HOUR).toISOString().slice(0, 10),
      start: new Date(d).toISOString(),
      end: new Date(Math.min(d + DAY, toMs)).toISOString(),
    })),
    workCenters: workCenters.map((wc) => {
      const loadOf = new Float64Array(dayStarts.length);
      for (const m of wc.machines)
        for (const o of m.operations) {
          const x = Math.floor((Date.parse(o.plannedSetupStart) - fromMs) / DAY);
          if (x >= 0 && x < loadOf.length) loadOf[x] += (o.setupMinutes + o.runMinutes) * wc.efficiency;
        }
      const cells = dayStarts.map((d, x) => {
        const available =
          workingIn((d - fromMs) / MINUTE, (d + DAY - fromMs) / MINUTE) * wc.machines.length * wc.efficiency;
        return {
          availableMinutes: available,
          loadMinutes: loadOf[x],
          utilisation: available ? Math.round((loadOf[x] / available) * 1000) / 10 : 0,
        };
      });
      const a = cells.reduce((s, c) => s + c.availableMinutes, 0);
      const l = cells.reduce((s, c) => s + c.loadMinutes, 0);
      return {
        workCenterId: wc.id,
        code: wc.code,
        name: wc.name,
        machines: wc.machines.length,
        cells,
        total: { availableMinutes: a, loadMinutes: l, utilisation: a ? Math.round((l / a) * 1000) / 10 : 0 },
        bottleneck: false,
      };
    }),
    bottleneckWorkCenterId: null,
  };
  const top = [...load.workCenters].sort((a, b) => b.total.utilisation - a.total.utilisation)[0];
  if (top) {
    top.bottleneck = true;
    load.bottleneckWorkCenterId = top.workCenterId;
  }
  return {
    board: {
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      now: new Date(nowMs).toISOString(),
      timeZone: TIME_ZONE,
      workCenters,
      capacity: load,
    },
    load,
    operations: opCount,
  };
}
