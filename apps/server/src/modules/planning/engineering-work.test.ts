import { describe, expect, it } from 'vitest';
import { type EngineeringWork, withEngineeringWork } from './engineering-work';
import type { PlantModel } from './plant-model';
import type { NewJob, SupplyRequest } from './supply-request';

const model = {
  now: 1000,
  workCenters: new Map([
    [
      'eng',
      {
        id: 'eng',
        code: 'ENG',
        name: 'Design',
        efficiency: 0.8,
        machineIds: ['eng#0', 'eng#1'],
        calendarId: 'c',
      },
    ],
  ]),
} as unknown as PlantModel;

const op = (number: string, predecessors: string[] = []) => ({
  id: `job/${number}`,
  number,
  name: number,
  predecessors,
  workCenterId: 'assy',
  setupMinutes: 0,
  runMinutes: 60,
  queueMinutes: 5,
  shiftRule: 'span' as const,
  family: null,
  instructions: '',
  drawingUrl: null,
});

function supply(operations: NewJob['operations']): SupplyRequest {
  const job: NewJob = {
    key: 'job',
    itemId: 'cell',
    quantity: 1,
    due: 90_000,
    salesOrderLineId: 'line',
    routingId: null,
    bomId: null,
    operations,
  };
  return {
    jobs: [job],
    requisitions: [],
    requisitionConsumers: new Map(),
    request: {
      orderId: 'line',
      jobs: operations.length ? [{ id: 'job', orderId: 'line', dueDate: 90_000, releaseDate: 1000 }] : [],
      operations: operations.map((o) => ({
        id: o.id,
        jobId: 'job',
        modes: [{ machineId: 'assy#0', duration: 60 }],
        ...(o.number === '020' ? { materials: [{ itemId: 'motor', availableAt: 1000 + 3000 }] } : {}),
      })),
      precedences: operations.flatMap((o) =>
        o.predecessors.map((p) => ({ before: `job/${p}`, after: o.id, lag: 5 })),
      ),
    },
    deliveringJobKeys: operations.length ? ['job'] : [],
    availableWithoutJobs: 1000,
  };
}

const work: EngineeringWork = {
  projectNumber: 'PRJ-000001',
  approvalMinutes: 1440,
  tasks: [
    { number: 'E010', name: 'Concept', workCenterId: 'eng', minutes: 480, predecessors: [], description: '' },
    {
      number: 'E020',
      name: 'Detail',
      workCenterId: 'eng',
      minutes: 960,
      predecessors: ['E010'],
      description: '',
    },
  ],
};

describe('engineering work in a supply request', () => {
  it('puts the design first on the engineers and lets production wait for it and the approval', () => {
    const out = withEngineeringWork(
      model,
      supply([op('010'), op('020', ['010'])]),
      { id: 'line', itemId: 'cell' },
      work,
    );
    const job = out.jobs[0];
    expect(job.operations.map((o) => o.number)).toEqual(['E010', 'E020', '010', '020']);
    expect(job.operations[2]).toMatchObject({ predecessors: ['E020'], queueMinutes: 5 + 1440 });
    expect(job.operations[3]).toMatchObject({ predecessors: ['010'], queueMinutes: 5 });
    const design = out.request.operations.filter((o) => o.id.includes('/E'));
    // each engineer can take a task; 480 minutes of work at 80 % efficiency
    expect(design[0].modes).toEqual([
      { machineId: 'eng#0', duration: 600, setup: 0 },
      { machineId: 'eng#1', duration: 600, setup: 0 },
    ]);
    expect(out.request.precedences).toEqual(
      expect.arrayContaining([
        { before: 'job/E010', after: 'job/E020', lag: 0 },
        { before: 'job/E020', after: 'job/010', lag: 1445 },
        // bought material is ordered at approval: its lead time counts from there
        { before: 'job/E020', after: 'job/020', lag: 1440 + 3000 },
      ]),
    );
  });

  it('plans the design alone when the item has no routing yet', () => {
    const out = withEngineeringWork(model, supply([]), { id: 'line', itemId: 'cell' }, work);
    expect(out.request.jobs).toEqual([{ id: 'job', orderId: 'line', dueDate: 90_000, releaseDate: 1000 }]);
    expect(out.deliveringJobKeys).toEqual(['job']);
    expect(out.jobs[0].operations.map((o) => o.number)).toEqual(['E010', 'E020']);
  });

  it('leaves a request without design work as it is, and names an inactive engineering work center', () => {
    const plain = supply([op('010')]);
    expect(withEngineeringWork(model, plain, { id: 'line', itemId: 'cell' }, null)).toBe(plain);
    const elsewhere = { ...work, tasks: [{ ...work.tasks[0], workCenterId: 'gone' }] };
    expect(() => withEngineeringWork(model, plain, { id: 'line', itemId: 'cell' }, elsewhere)).toThrow(
      /not active/,
    );
  });
});
