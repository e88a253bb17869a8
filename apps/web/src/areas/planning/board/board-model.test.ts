import type { BoardOperation, PlanningBoard } from '@takt/contracts';
import { describe, expect, it } from 'vitest';
import { buildBoardModel, findOperations, forEachBarIn, rowAt } from './board-model';

const H = 3_600_000;
const t0 = Date.parse('2027-03-01T00:00:00Z');
const at = (h: number) => new Date(t0 + h * H).toISOString();
let n = 0;
const op = (start: number, end: number, extra: Partial<BoardOperation> = {}): BoardOperation => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  jobId: '00000000-0000-4000-8000-00000000aaaa',
  jobNumber: `JOB-${String(n).padStart(6, '0')}`,
  jobStatus: 'planned',
  jobDue: at(1000),
  quantity: 1,
  salesOrderId: null,
  orderNumber: null,
  orderLineNo: null,
  customerName: null,
  itemId: '00000000-0000-4000-8000-00000000bbbb',
  itemNumber: 'FG-1',
  itemName: 'Shaft',
  operationNumber: '0010',
  name: 'Turn',
  setupMinutes: 30,
  runMinutes: 60,
  plannedSetupStart: at(start),
  plannedStart: at(start + 0.5),
  plannedEnd: at(end),
  status: 'planned',
  late: false,
  family: null,
  pinnedAt: null,
  pinnedBy: null,
  alternativeWorkCenterIds: [],
  ...extra,
});

const board = (): PlanningBoard => ({
  from: at(0),
  to: at(24 * 14),
  now: at(5),
  timeZone: 'Europe/Berlin',
  workCenters: [
    {
      id: '00000000-0000-4000-8000-0000000000c1',
      code: 'LATHE',
      name: 'Lathes',
      efficiency: 1,
      calendarId: '00000000-0000-4000-8000-0000000000d1',
      timeZone: 'Europe/Berlin',
      machines: [
        // a long operation first: it reaches into windows far after its start
        {
          index: 0,
          code: 'LATHE-1',
          operations: [op(0, 100), op(101, 102), op(103, 104, { orderNumber: 'SO-000123' })],
        },
        { index: 1, code: 'LATHE-2', operations: [op(50, 60, { orderNumber: 'SO-000123' })] },
      ],
      nonWorking: [{ start: at(22), end: at(30) }],
    },
  ],
  capacity: {
    bucket: 'day',
    timeZone: 'Europe/Berlin',
    buckets: [],
    workCenters: [],
    bottleneckWorkCenterId: null,
  },
});

describe('board model', () => {
  const model = buildBoardModel(board());

  it('lays out a header row per work center, then its machines', () => {
    expect(model.rows.map((r) => `${r.kind}:${r.label}`)).toEqual([
      'work-center:LATHE',
      'machine:LATHE-1',
      'machine:LATHE-2',
    ]);
    expect(rowAt(model, 0)).toBe(0);
    expect(rowAt(model, model.rows[2].top + 1)).toBe(2);
    expect(model.nonWorking[0]).toEqual(new Float64Array([t0 + 22 * H, t0 + 30 * H]));
  });

  it('finds the bars of a window, a long bar that started before it included', () => {
    const seen: string[] = [];
    forEachBarIn(model, 1, t0 + 90 * H, t0 + 101.5 * H, (bar) =>
      seen.push(model.operations[bar].plannedSetupStart),
    );
    expect(seen).toEqual([at(0), at(101)]);
    const none: number[] = [];
    forEachBarIn(model, 1, t0 + 200 * H, t0 + 300 * H, (bar) => none.push(bar));
    expect(none).toEqual([]);
  });

  it('finds an order or job by its number, or the end of it', () => {
    expect(findOperations(model, 'so-000123').map((i) => model.operations[i].plannedSetupStart)).toEqual([
      at(50),
      at(103),
    ]);
    expect(findOperations(model, '123')).toHaveLength(2);
    expect(findOperations(model, model.operations[0].jobNumber)).toEqual([0]);
    expect(findOperations(model, '  ')).toEqual([]);
  });

  it('colours every operation of one order alike', () => {
    const [a, b] = findOperations(model, 'SO-000123');
    expect(model.colors.order.fill[a]).toBe(model.colors.order.fill[b]);
  });
});
