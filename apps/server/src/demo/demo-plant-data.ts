/**
 * The demo plant as data: a forging and machining supplier that forges blanks from bar stock,
 * heat treats and machines them, and assembles shafts, couplings and cylinder rods to order.
 * Plain, deterministic data: tests rely on the numbers.
 */
import type { ConfiguratorModelBody, CreateItem } from '@takt/contracts';

export const DEMO_VALID_FROM = '2026-01-01';

const weekdays = [1, 2, 3, 4, 5];
export const demoCalendars = {
  twoShifts: {
    name: 'Two shifts Mon–Fri',
    timeZone: 'Europe/Berlin',
    shifts: weekdays.flatMap((weekday) => [
      { weekday, start: '06:00', end: '14:00' },
      { weekday, start: '14:00', end: '22:00' },
    ]),
  },
  threeShifts: {
    name: 'Three shifts Mon–Fri (furnace)',
    timeZone: 'Europe/Berlin',
    shifts: weekdays.flatMap((weekday) => [
      { weekday, start: '06:00', end: '14:00' },
      { weekday, start: '14:00', end: '22:00' },
      { weekday, start: '22:00', end: '06:00' },
    ]),
  },
};

/** German national public holidays 2026–2027. */
export const demoHolidays = [
  ['2026-01-01', "New Year's Day"],
  ['2026-04-03', 'Good Friday'],
  ['2026-04-06', 'Easter Monday'],
  ['2026-05-01', 'Labour Day'],
  ['2026-05-14', 'Ascension Day'],
  ['2026-05-25', 'Whit Monday'],
  ['2026-10-03', 'German Unity Day'],
  ['2026-12-25', 'Christmas Day'],
  ['2026-12-26', 'Boxing Day'],
  ['2027-01-01', "New Year's Day"],
  ['2027-03-26', 'Good Friday'],
  ['2027-03-29', 'Easter Monday'],
  ['2027-05-01', 'Labour Day'],
  ['2027-05-06', 'Ascension Day'],
  ['2027-05-17', 'Whit Monday'],
  ['2027-10-03', 'German Unity Day'],
  ['2027-12-25', 'Christmas Day'],
  ['2027-12-26', 'Boxing Day'],
].map(([date, name]) => ({ date, name }));

export const demoSetupMatrices = {
  dies: {
    name: 'Forge dies by product family',
    defaultChangeover: 90,
    sameFamily: 15,
    initial: 60,
    entries: [
      { from: 'SHAFT', to: 'ROD', minutes: 45 },
      { from: 'ROD', to: 'SHAFT', minutes: 45 },
      { from: 'FLANGE', to: 'HUB', minutes: 60 },
      { from: 'HUB', to: 'FLANGE', minutes: 60 },
      { from: 'GEAR', to: 'FLANGE', minutes: 120 },
      { from: 'FLANGE', to: 'GEAR', minutes: 120 },
    ],
  },
  furnace: {
    name: 'Furnace recipes by product family',
    defaultChangeover: 120,
    sameFamily: 0,
    initial: 180,
    entries: [
      { from: 'SHAFT', to: 'ROD', minutes: 30 },
      { from: 'ROD', to: 'SHAFT', minutes: 30 },
    ],
  },
};

type CalendarKey = keyof typeof demoCalendars;
type MatrixKey = keyof typeof demoSetupMatrices;

export interface DemoWorkCenter {
  code: string;
  name: string;
  machines: number;
  /** operations one machine may run at once (1 when not said) */
  operationsPerMachine?: number;
  calendar: CalendarKey;
  efficiency: number;
  /** machine, labour, setup per hour in euro cents */
  rates: [number, number, number];
  setupMatrix?: MatrixKey;
}

export const demoWorkCenters: DemoWorkCenter[] = [
  {
    code: 'SAW',
    name: 'Band saws',
    machines: 2,
    calendar: 'twoShifts',
    efficiency: 0.9,
    rates: [3500, 4800, 4800],
  },
  {
    code: 'FP16',
    name: 'Forge press 1600 t',
    machines: 1,
    calendar: 'twoShifts',
    efficiency: 0.8,
    rates: [18000, 9600, 9600],
    setupMatrix: 'dies',
  },
  {
    code: 'FP40',
    name: 'Forge press 4000 t',
    machines: 1,
    calendar: 'twoShifts',
    efficiency: 0.75,
    rates: [32000, 14400, 14400],
    setupMatrix: 'dies',
  },
  {
    code: 'HT',
    name: 'Heat treatment furnace',
    machines: 1,
    operationsPerMachine: 4,
    calendar: 'threeShifts',
    efficiency: 0.95,
    rates: [9000, 2400, 2400],
    setupMatrix: 'furnace',
  },
  {
    code: 'SHOT',
    name: 'Shot blasting',
    machines: 1,
    calendar: 'twoShifts',
    efficiency: 0.9,
    rates: [4000, 4800, 4800],
  },
  {
    code: 'LATHE',
    name: 'CNC lathes',
    machines: 3,
    calendar: 'twoShifts',
    efficiency: 0.85,
    rates: [7500, 5600, 5600],
  },
  {
    code: 'MILL',
    name: 'CNC machining centers',
    machines: 2,
    calendar: 'twoShifts',
    efficiency: 0.85,
    rates: [9500, 5600, 5600],
  },
  {
    code: 'GRIND',
    name: 'Cylindrical grinding',
    machines: 1,
    calendar: 'twoShifts',
    efficiency: 0.85,
    rates: [8500, 5600, 5600],
  },
  {
    code: 'INSP',
    name: 'Inspection and CMM',
    machines: 1,
    operationsPerMachine: 2,
    calendar: 'twoShifts',
    efficiency: 1,
    rates: [6000, 6200, 0],
  },
  {
    code: 'ASSY',
    name: 'Assembly',
    machines: 2,
    operationsPerMachine: 3,
    calendar: 'twoShifts',
    efficiency: 0.95,
    rates: [1500, 5200, 5200],
  },
  {
    code: 'PAINT',
    name: 'Paint shop',
    machines: 1,
    operationsPerMachine: 2,
    calendar: 'twoShifts',
    efficiency: 0.9,
    rates: [4500, 4800, 4800],
  },
  {
    code: 'PACK',
    name: 'Packing and shipping',
    machines: 1,
    operationsPerMachine: 3,
    calendar: 'twoShifts',
    efficiency: 1,
    rates: [1000, 4200, 0],
  },
];

type DemoItem = Omit<
  CreateItem,
  'standardCost' | 'strategy' | 'uom' | 'configurable' | 'lotSizing' | 'safetyStock' | 'scrapFactor'
> &
  Partial<
    Pick<CreateItem, 'strategy' | 'uom' | 'configurable' | 'lotSizing' | 'safetyStock' | 'scrapFactor'>
  > & { cost: number };

const bar = (number: string, name: string, cost: number): DemoItem => ({
  number,
  name,
  kind: 'buy',
  strategy: 'MTS',
  uom: 'kg',
  cost,
  leadTimeDays: 15,
  safetyStock: 500,
  lotSizing: { rule: 'multiple', quantity: 250 },
});
const part = (number: string, name: string, cost: number, leadTimeDays: number, uom = 'pcs'): DemoItem => ({
  number,
  name,
  kind: 'buy',
  strategy: 'MTS',
  uom,
  cost,
  leadTimeDays,
});
/** Cheap bulk material the shop floor does not scan: issued by backflush as parts are reported. */
const bulk = (number: string, name: string, cost: number, leadTimeDays: number, uom = 'pcs'): DemoItem => ({
  ...part(number, name, cost, leadTimeDays, uom),
  issueMethod: 'backflush',
});
const made = (
  number: string,
  name: string,
  family: string | null,
  cost: number,
  strategy: CreateItem['strategy'] = 'MTO',
): DemoItem => ({
  number,
  name,
  kind: 'make',
  strategy,
  family,
  cost,
});

/** Costs in euro cents. */
export const demoItems: DemoItem[] = [
  bar('RM-42CRMO4-080', 'Bar stock 42CrMo4 Ø80', 185),
  bar('RM-42CRMO4-120', 'Bar stock 42CrMo4 Ø120', 190),
  bar('RM-C45-060', 'Bar stock C45 Ø60', 120),
  bar('RM-C45-100', 'Bar stock C45 Ø100', 125),
  bar('RM-34CRNIMO6-150', 'Bar stock 34CrNiMo6 Ø150', 310),
  bar('RM-16MNCR5-090', 'Bar stock 16MnCr5 Ø90', 160),
  part('BRG-6310', 'Deep groove ball bearing 6310', 2450, 10),
  part('BRG-22216', 'Spherical roller bearing 22216 E', 16800, 35),
  part('SEAL-ROD-60', 'Rod seal Ø60', 1250, 20),
  part('SEAL-PST-100', 'Piston seal Ø100', 2100, 20),
  part('ORING-KIT-60', 'O-ring kit for Ø60 rods', 650, 10),
  bulk('BOLT-M16X60', 'Hex bolt M16×60 10.9', 45, 5),
  bulk('BOLT-M20X80', 'Hex bolt M20×80 10.9', 95, 5),
  bulk('NUT-M16', 'Hex nut M16 10', 12, 5),
  part('NUT-M48', 'Piston nut M48×2', 890, 15),
  bulk('WASHER-16', 'Washer 17 mm', 4, 5),
  bulk('KEY-14X9', 'Feather key DIN 6885 14×9×70', 180, 7),
  bulk('CIRCLIP-80', 'Circlip DIN 471 Ø80', 60, 7),
  bulk('PAINT-PRIMER', 'Zinc phosphate primer', 1450, 7, 'l'),
  bulk('PAINT-RAL5010', 'Top coat RAL 5010 gentian blue', 1890, 7, 'l'),
  bulk('GREASE-EP2', 'Bearing grease EP2', 950, 7, 'kg'),
  part('CRATE-M', 'Export crate, medium', 4200, 10),
  made('FG-SHAFT-080', 'Forged shaft blank Ø80', 'SHAFT', 9800, 'MTO'),
  made('FG-FLANGE-200', 'Forged flange blank Ø200', 'FLANGE', 12400, 'MTO'),
  made('FG-GEAR-250', 'Forged gear blank Ø250', 'GEAR', 18900, 'MTO'),
  made('FG-ROD-060', 'Forged rod blank Ø60', 'ROD', 7600, 'MTO'),
  made('FG-HUB-180', 'Forged hub blank Ø180', 'HUB', 11200, 'MTO'),
  made('FG-PISTON-100', 'Forged piston blank Ø100', 'HUB', 6900, 'MTO'),
  made('MP-SHAFT-080', 'Gear shaft Ø80, machined', 'SHAFT', 28500),
  made('MP-FLANGE-200', 'Coupling flange Ø200, machined', 'FLANGE', 26800),
  made('MP-GEAR-250', 'Spur gear z=42 m=5, machined', 'GEAR', 41200),
  made('MP-ROD-060', 'Cylinder rod Ø60, ground and chromed', 'ROD', 22400),
  made('MP-HUB-180', 'Coupling hub Ø180, machined', 'HUB', 19800),
  made('MP-PISTON-100', 'Piston Ø100, machined', 'HUB', 14600),
  made('MP-COVER-100', 'Bearing cover Ø100 (from bar)', null, 5400),
  made('AS-GEARSHAFT-080', 'Gear shaft assembly', 'SHAFT', 98000),
  made('AS-COUPLING-200', 'Flange coupling 200', 'FLANGE', 86000),
  made('AS-CYLROD-060', 'Hydraulic cylinder rod assembly Ø60', 'ROD', 61000),
  made('AS-DRIVE-080', 'Drive unit: gear shaft with coupling, painted', 'SHAFT', 215000, 'MTO'),
  {
    ...made(
      'CFG-FLANGED-SHAFT',
      'Flanged shaft, configurable (length, diameter, flange)',
      'SHAFT',
      64000,
      'MTO',
    ),
    configurable: true,
  },
  { ...made('ETO-PRESS-ROLL', 'Press roll, engineered to order', 'SHAFT', 480000, 'ETO') },
];

export interface DemoBomLine {
  child: string;
  quantity: number;
  scrap?: number;
  operation?: string;
  condition?: string;
  quantityFormula?: string;
}

/** Parent item number → BOM lines (released revision A). */
export const demoBoms: Record<string, DemoBomLine[]> = {
  'FG-SHAFT-080': [{ child: 'RM-42CRMO4-080', quantity: 38.5, scrap: 0.03, operation: '010' }],
  'FG-FLANGE-200': [{ child: 'RM-42CRMO4-120', quantity: 27.0, scrap: 0.03, operation: '010' }],
  'FG-GEAR-250': [{ child: 'RM-34CRNIMO6-150', quantity: 52.0, scrap: 0.04, operation: '010' }],
  'FG-ROD-060': [{ child: 'RM-C45-060', quantity: 24.0, scrap: 0.02, operation: '010' }],
  'FG-HUB-180': [{ child: 'RM-42CRMO4-120', quantity: 21.5, scrap: 0.03, operation: '010' }],
  'FG-PISTON-100': [{ child: 'RM-C45-100', quantity: 9.5, scrap: 0.03, operation: '010' }],
  'MP-SHAFT-080': [{ child: 'FG-SHAFT-080', quantity: 1, scrap: 0.01, operation: '010' }],
  'MP-FLANGE-200': [{ child: 'FG-FLANGE-200', quantity: 1, scrap: 0.01, operation: '010' }],
  'MP-GEAR-250': [{ child: 'FG-GEAR-250', quantity: 1, scrap: 0.02, operation: '010' }],
  'MP-ROD-060': [{ child: 'FG-ROD-060', quantity: 1, scrap: 0.01, operation: '010' }],
  'MP-HUB-180': [{ child: 'FG-HUB-180', quantity: 1, operation: '010' }],
  'MP-PISTON-100': [{ child: 'FG-PISTON-100', quantity: 1, operation: '010' }],
  'MP-COVER-100': [{ child: 'RM-C45-100', quantity: 4.2, scrap: 0.05, operation: '010' }],
  'AS-GEARSHAFT-080': [
    { child: 'MP-SHAFT-080', quantity: 1, operation: '010' },
    { child: 'MP-GEAR-250', quantity: 1, operation: '010' },
    { child: 'KEY-14X9', quantity: 1, operation: '010' },
    { child: 'BRG-22216', quantity: 2, operation: '020' },
    { child: 'MP-COVER-100', quantity: 2, operation: '020' },
    { child: 'CIRCLIP-80', quantity: 2, operation: '020' },
    { child: 'GREASE-EP2', quantity: 0.4, operation: '020' },
  ],
  'AS-COUPLING-200': [
    { child: 'MP-FLANGE-200', quantity: 2, operation: '030' },
    { child: 'MP-HUB-180', quantity: 1, operation: '010' },
    { child: 'BOLT-M16X60', quantity: 8, operation: '030' },
    { child: 'NUT-M16', quantity: 8, operation: '030' },
    { child: 'WASHER-16', quantity: 16, operation: '030' },
  ],
  'AS-CYLROD-060': [
    { child: 'MP-ROD-060', quantity: 1, operation: '010' },
    { child: 'MP-PISTON-100', quantity: 1, operation: '010' },
    { child: 'NUT-M48', quantity: 1, operation: '010' },
    { child: 'SEAL-PST-100', quantity: 1, operation: '020' },
    { child: 'SEAL-ROD-60', quantity: 1, operation: '020' },
    { child: 'ORING-KIT-60', quantity: 1, operation: '020' },
  ],
  'AS-DRIVE-080': [
    { child: 'AS-GEARSHAFT-080', quantity: 1, operation: '010' },
    { child: 'AS-COUPLING-200', quantity: 1, operation: '010' },
    { child: 'PAINT-PRIMER', quantity: 1.2, operation: '020' },
    { child: 'PAINT-RAL5010', quantity: 1.5, operation: '020' },
    { child: 'CRATE-M', quantity: 1, operation: '030' },
  ],
  // Read with the configurator model below (demoConfiguratorModels): options and computed values.
  'CFG-FLANGED-SHAFT': [
    { child: 'FG-SHAFT-080', quantity: 1, operation: '010', condition: 'diameter <= 80' },
    {
      child: 'MP-FLANGE-200',
      quantity: 1,
      operation: '020',
      condition: "flange in ['welded', 'bolted']",
    },
    {
      child: 'BOLT-M16X60',
      quantity: 8,
      operation: '020',
      condition: "flange == 'bolted'",
      quantityFormula: 'boltCount',
    },
    {
      child: 'PAINT-PRIMER',
      quantity: 0.5,
      operation: '030',
      condition: "finish != 'bare'",
      quantityFormula: 'length_mm / 1000 * 0.4',
    },
    {
      child: 'RM-C45-100',
      quantity: 62,
      operation: '010',
      condition: 'diameter == 100',
      quantityFormula: 'round(weight_kg * 1.05, 1)',
    },
    {
      child: 'NUT-M16',
      quantity: 8,
      operation: '020',
      condition: "flange == 'bolted'",
      quantityFormula: 'boltCount',
    },
    {
      child: 'PAINT-RAL5010',
      quantity: 0.5,
      operation: '030',
      condition: "finish == 'painted'",
      quantityFormula: 'length_mm / 1000 * 0.5',
    },
  ],
};

export interface DemoOperation {
  number: string;
  name: string;
  workCenter: string;
  alternatives?: { workCenter: string; speedFactor: number }[];
  setup: number;
  run: number;
  queue?: number;
  move?: number;
  predecessors?: string[];
  shiftRule?: 'span' | 'fit';
}

const forging = (press: 'FP16' | 'FP40', runMinutes: number): DemoOperation[] => [
  { number: '010', name: 'Saw billet to length', workCenter: 'SAW', setup: 15, run: 6, move: 30 },
  {
    number: '020',
    name: 'Forge (heat and press)',
    workCenter: press,
    alternatives: press === 'FP16' ? [{ workCenter: 'FP40', speedFactor: 1.3 }] : [],
    setup: 90,
    run: runMinutes,
    queue: 60,
    move: 30,
  },
  {
    number: '030',
    name: 'Quench and temper',
    workCenter: 'HT',
    setup: 60,
    run: 4,
    queue: 240,
    move: 60,
    shiftRule: 'fit',
  },
  { number: '040', name: 'Shot blast and crack test', workCenter: 'SHOT', setup: 10, run: 5, move: 30 },
];

const machining = (lathe: number, mill: number, grind: number): DemoOperation[] => [
  {
    number: '010',
    name: 'Turn, rough and finish',
    workCenter: 'LATHE',
    setup: 45,
    run: lathe,
    queue: 120,
    move: 20,
  },
  ...(mill > 0
    ? [
        {
          number: '020',
          name: 'Mill keyway and holes',
          workCenter: 'MILL',
          alternatives: [],
          setup: 40,
          run: mill,
          move: 20,
        },
      ]
    : []),
  ...(grind > 0
    ? [{ number: '030', name: 'Grind bearing seats', workCenter: 'GRIND', setup: 30, run: grind, move: 20 }]
    : []),
  { number: '090', name: 'Inspect dimensions (CMM)', workCenter: 'INSP', setup: 10, run: 8 },
];

/** Item number → operations of routing revision A. */
export const demoRoutings: Record<string, DemoOperation[]> = {
  'FG-SHAFT-080': forging('FP16', 4),
  'FG-FLANGE-200': forging('FP16', 5),
  'FG-GEAR-250': forging('FP40', 7),
  'FG-ROD-060': forging('FP16', 3),
  'FG-HUB-180': forging('FP16', 5),
  'FG-PISTON-100': forging('FP16', 3),
  'MP-SHAFT-080': machining(35, 18, 22),
  'MP-FLANGE-200': machining(40, 25, 0),
  'MP-GEAR-250': [
    ...machining(55, 0, 0).slice(0, 1),
    { number: '020', name: 'Hob gear teeth', workCenter: 'MILL', setup: 60, run: 75, move: 20 },
    {
      number: '030',
      name: 'Induction harden teeth',
      workCenter: 'HT',
      setup: 45,
      run: 12,
      queue: 120,
      move: 30,
      shiftRule: 'fit',
    },
    { number: '040', name: 'Grind bore', workCenter: 'GRIND', setup: 30, run: 20, move: 20 },
    { number: '090', name: 'Inspect gear (CMM)', workCenter: 'INSP', setup: 15, run: 20 },
  ],
  'MP-ROD-060': machining(25, 0, 30),
  'MP-HUB-180': machining(38, 22, 0),
  'MP-PISTON-100': machining(20, 10, 0),
  'MP-COVER-100': [
    { number: '010', name: 'Saw from bar', workCenter: 'SAW', setup: 10, run: 4, move: 20 },
    {
      number: '020',
      name: 'Turn cover',
      workCenter: 'LATHE',
      alternatives: [{ workCenter: 'MILL', speedFactor: 0.7 }],
      setup: 30,
      run: 12,
    },
  ],
  'AS-GEARSHAFT-080': [
    { number: '010', name: 'Shrink gear onto shaft, fit key', workCenter: 'ASSY', setup: 20, run: 45 },
    { number: '020', name: 'Mount bearings and covers', workCenter: 'ASSY', setup: 10, run: 35 },
    { number: '090', name: 'Final inspection, run-out', workCenter: 'INSP', setup: 10, run: 15 },
  ],
  // Hub pre-assembly and the bolt kit check run in parallel before the final assembly.
  'AS-COUPLING-200': [
    { number: '010', name: 'Pre-assemble hub', workCenter: 'ASSY', setup: 10, run: 20, predecessors: [] },
    {
      number: '020',
      name: 'Check and kit bolt set',
      workCenter: 'INSP',
      setup: 0,
      run: 10,
      predecessors: [],
    },
    {
      number: '030',
      name: 'Bolt flanges to hub, torque',
      workCenter: 'ASSY',
      setup: 10,
      run: 30,
      predecessors: ['010', '020'],
    },
    { number: '090', name: 'Final inspection', workCenter: 'INSP', setup: 5, run: 10 },
  ],
  'AS-CYLROD-060': [
    { number: '010', name: 'Mount piston on rod, torque nut', workCenter: 'ASSY', setup: 10, run: 25 },
    { number: '020', name: 'Fit seals', workCenter: 'ASSY', setup: 5, run: 15 },
    { number: '090', name: 'Pressure test and inspect', workCenter: 'INSP', setup: 15, run: 20 },
  ],
  'AS-DRIVE-080': [
    { number: '010', name: 'Couple gear shaft and coupling, align', workCenter: 'ASSY', setup: 20, run: 60 },
    {
      number: '020',
      name: 'Prime and paint RAL 5010',
      workCenter: 'PAINT',
      setup: 30,
      run: 45,
      queue: 60,
      move: 30,
    },
    { number: '030', name: 'Crate and ship documents', workCenter: 'PACK', setup: 0, run: 40 },
  ],
  'CFG-FLANGED-SHAFT': [
    { number: '010', name: 'Turn shaft to configured length', workCenter: 'LATHE', setup: 45, run: 40 },
    { number: '020', name: 'Attach flange (weld or bolt)', workCenter: 'ASSY', setup: 30, run: 50 },
    { number: '030', name: 'Prime', workCenter: 'PAINT', setup: 20, run: 15 },
    { number: '090', name: 'Inspect', workCenter: 'INSP', setup: 10, run: 15 },
  ],
  'ETO-PRESS-ROLL': [
    { number: '010', name: 'Turn roll body', workCenter: 'LATHE', setup: 120, run: 480 },
    { number: '020', name: 'Grind roll surface', workCenter: 'GRIND', setup: 90, run: 360, shiftRule: 'fit' },
    { number: '090', name: 'Inspect and document', workCenter: 'INSP', setup: 30, run: 120 },
  ],
};

/**
 * Item number → configurator model. The flanged shaft: length, diameter, flange and finish; the
 * bolt count follows from the diameter; prices in euro cents (per metre, per bolt, by option).
 */
export const demoConfiguratorModels: Record<string, ConfiguratorModelBody> = {
  'CFG-FLANGED-SHAFT': {
    options: [
      {
        kind: 'number',
        code: 'length_mm',
        label: 'Length',
        min: 200,
        max: 2000,
        step: 10,
        unit: 'mm',
        default: 1000,
      },
      {
        kind: 'choice',
        code: 'diameter',
        label: 'Diameter',
        choices: [
          { value: 60, label: 'Ø60 mm' },
          { value: 80, label: 'Ø80 mm' },
          { value: 100, label: 'Ø100 mm' },
        ],
        default: 80,
      },
      {
        kind: 'choice',
        code: 'flange',
        label: 'Flange',
        choices: [
          { value: 'welded', label: 'Welded flange' },
          { value: 'bolted', label: 'Bolted flange' },
          { value: 'none', label: 'No flange' },
        ],
        default: 'welded',
      },
      {
        kind: 'choice',
        code: 'finish',
        label: 'Surface finish',
        choices: [
          { value: 'primed', label: 'Primed (zinc phosphate)' },
          { value: 'painted', label: 'Primed and painted RAL 5010' },
          { value: 'bare', label: 'Bare, oiled' },
        ],
        default: 'primed',
      },
      {
        kind: 'text',
        code: 'marking',
        label: 'Flange marking',
        maxLength: 30,
        default: '',
        visibleWhen: "flange != 'none'",
      },
    ],
    computed: [
      {
        code: 'boltCount',
        label: 'Bolts in the flange',
        expression: "flange == 'bolted' ? (diameter >= 100 ? 12 : 8) : 0",
      },
      {
        code: 'weight_kg',
        label: 'Shaft weight',
        expression: 'length_mm / 1000 * (diameter == 60 ? 22.2 : diameter == 80 ? 39.5 : 61.7)',
      },
    ],
    rules: [
      {
        kind: 'requires',
        id: 'bolted-needs-80',
        when: "flange == 'bolted'",
        require: 'diameter >= 80',
        message: 'A bolted flange needs a shaft of at least Ø80 mm',
      },
      {
        kind: 'requires',
        id: 'long-needs-100',
        when: 'length_mm > 1500',
        require: 'diameter == 100',
        message: 'A shaft longer than 1500 mm needs Ø100 mm',
      },
      {
        kind: 'excludes',
        id: 'welded-not-bare',
        when: "finish == 'bare'",
        exclude: "flange == 'welded'",
        message: 'A welded flange is always primed: the weld seam would rust bare',
      },
      {
        kind: 'limit',
        id: 'slenderness',
        value: 'length_mm',
        max: 'diameter * 25',
        message: 'The length can be at most 25 times the diameter',
      },
    ],
    pricing: {
      currency: 'EUR',
      base: 110000,
      deltas: [
        { option: 'diameter', value: 60, amount: -4000 },
        { option: 'diameter', value: 100, amount: 9500 },
        { option: 'flange', value: 'welded', amount: 12000 },
        { option: 'flange', value: 'bolted', amount: 15500 },
        { option: 'finish', value: 'painted', amount: 3500 },
      ],
      formulas: [
        { label: 'Length, per metre', expression: 'length_mm / 1000 * 30000' },
        { label: 'Bolt set', expression: 'boltCount * 450', when: "flange == 'bolted'" },
      ],
      quantityBreaks: [
        { fromQuantity: 5, discountPercent: 5 },
        { fromQuantity: 20, discountPercent: 10 },
      ],
    },
    routing: {
      '010': { runMinutesFormula: 'round(20 + length_mm / 1000 * 25)' },
      '020': {
        condition: "flange != 'none'",
        runMinutesFormula: "flange == 'welded' ? 50 : 15 + boltCount * 3",
      },
      '030': {
        condition: "finish != 'bare'",
        runMinutesFormula: "round(length_mm / 1000 * (finish == 'painted' ? 20 : 12))",
      },
    },
  },
};

export interface DemoSupplier {
  number: string;
  name: string;
  country: string;
  city: string;
  leadTimeDays: number;
  /** item number → [lead time days, minimum order quantity, order multiple, unit price in cents, preferred] */
  supplies: Record<string, [number, number, number, number, boolean]>;
}

export const demoSuppliers: DemoSupplier[] = [
  {
    number: 'S-0001',
    name: 'Ruhr Stahlhandel GmbH',
    country: 'DE',
    city: 'Duisburg',
    leadTimeDays: 15,
    supplies: {
      'RM-42CRMO4-080': [15, 500, 250, 185, true],
      'RM-42CRMO4-120': [15, 500, 250, 190, true],
      'RM-C45-060': [10, 250, 250, 120, true],
      'RM-C45-100': [10, 250, 250, 125, true],
      'RM-16MNCR5-090': [20, 500, 250, 160, true],
    },
  },
  {
    number: 'S-0002',
    name: 'Acciaierie Valbruna Trading',
    country: 'IT',
    city: 'Vicenza',
    leadTimeDays: 42,
    supplies: {
      'RM-34CRNIMO6-150': [42, 1000, 500, 310, true],
      'RM-42CRMO4-120': [35, 2000, 1000, 172, false],
    },
  },
  {
    number: 'S-0003',
    name: 'Wälzlager Schmidt KG',
    country: 'DE',
    city: 'Schweinfurt',
    leadTimeDays: 10,
    supplies: {
      'BRG-6310': [10, 10, 10, 2450, true],
      'BRG-22216': [35, 2, 1, 16800, true],
      'CIRCLIP-80': [7, 50, 50, 60, true],
    },
  },
  {
    number: 'S-0004',
    name: 'Dichtungstechnik Weber',
    country: 'DE',
    city: 'Stuttgart',
    leadTimeDays: 20,
    supplies: {
      'SEAL-ROD-60': [20, 20, 10, 1250, true],
      'SEAL-PST-100': [20, 20, 10, 2100, true],
      'ORING-KIT-60': [10, 20, 10, 650, true],
    },
  },
  {
    number: 'S-0005',
    name: 'Schrauben Müller',
    country: 'DE',
    city: 'Künzelsau',
    leadTimeDays: 5,
    supplies: {
      'BOLT-M16X60': [5, 200, 100, 45, true],
      'BOLT-M20X80': [5, 200, 100, 95, true],
      'NUT-M16': [5, 500, 100, 12, true],
      'NUT-M48': [15, 10, 10, 890, true],
      'WASHER-16': [5, 1000, 500, 4, true],
      'KEY-14X9': [7, 50, 50, 180, true],
    },
  },
  {
    number: 'S-0006',
    name: 'Farben & Lacke Nord',
    country: 'DE',
    city: 'Hamburg',
    leadTimeDays: 7,
    supplies: {
      'PAINT-PRIMER': [7, 20, 20, 1450, true],
      'PAINT-RAL5010': [7, 20, 20, 1890, true],
      'GREASE-EP2': [7, 10, 5, 950, true],
      'CRATE-M': [10, 5, 1, 4200, true],
    },
  },
];

export const demoCustomers = [
  {
    number: 'C-0001',
    name: 'Nordwind Hydraulik GmbH',
    vatId: 'DE811234567',
    city: 'Hamburg',
    postalCode: '21079',
    street: 'Harburger Schloßstraße 8',
    country: 'DE',
  },
  {
    number: 'C-0002',
    name: 'Alpen Fördertechnik AG',
    vatId: 'ATU12345678',
    city: 'Linz',
    postalCode: '4020',
    street: 'Industriezeile 44',
    country: 'AT',
  },
  {
    number: 'C-0003',
    name: 'Maasvlakte Cranes B.V.',
    vatId: 'NL812345678B01',
    city: 'Rotterdam',
    postalCode: '3199',
    street: 'Europaweg 910',
    country: 'NL',
  },
  {
    number: 'C-0004',
    name: 'Silesia Mining Equipment S.A.',
    vatId: 'PL6341234567',
    city: 'Katowice',
    postalCode: '40-001',
    street: 'ul. Przemysłowa 12',
    country: 'PL',
  },
];

export const demoStockLocations = [
  { code: 'RECEIVING', name: 'Goods receiving dock', kind: 'receiving' },
  { code: 'STORES', name: 'Main stores', kind: 'stores' },
  { code: 'SHOP', name: 'Shop floor', kind: 'shop' },
  { code: 'SHIPPING', name: 'Shipping bay', kind: 'shipping' },
] as const;

/**
 * Opening stock in STORES (item number → quantity in the item's unit), booked through the
 * ledger as adjustments. Modest on purpose: below the bars' safety stock, a few orders' worth
 * of fasteners and paint, so confirmed orders still need purchases.
 */
export const demoOpeningStock: Record<string, number> = {
  'RM-42CRMO4-080': 300,
  'RM-C45-100': 200,
  'BOLT-M16X60': 120,
  'NUT-M16': 150,
  'WASHER-16': 400,
  'PAINT-PRIMER': 6,
  'PAINT-RAL5010': 4,
  'GREASE-EP2': 5,
};

/**
 * Inspection plans of the inspection operations (INSP): item number → operation number → the
 * characteristics measured there, with their limits (mm unless said otherwise).
 */
export const demoInspectionPlans: Record<
  string,
  Record<
    string,
    {
      name: string;
      unit: string;
      nominal: number | null;
      lowerLimit: number | null;
      upperLimit: number | null;
      frequency: number;
    }[]
  >
> = {
  'MP-ROD-060': {
    '090': [
      {
        name: 'Rod diameter Ø60 f7',
        unit: 'mm',
        nominal: 59.985,
        lowerLimit: 59.97,
        upperLimit: 60,
        frequency: 1,
      },
      {
        name: 'Overall length',
        unit: 'mm',
        nominal: 850,
        lowerLimit: 849.5,
        upperLimit: 850.5,
        frequency: 5,
      },
      {
        name: 'Surface roughness Ra',
        unit: 'µm',
        nominal: null,
        lowerLimit: null,
        upperLimit: 0.4,
        frequency: 1,
      },
    ],
  },
  'MP-SHAFT-080': {
    '090': [
      {
        name: 'Bearing seat Ø80 k6',
        unit: 'mm',
        nominal: 80.012,
        lowerLimit: 80.002,
        upperLimit: 80.021,
        frequency: 1,
      },
      {
        name: 'Keyway width 22 P9',
        unit: 'mm',
        nominal: 21.952,
        lowerLimit: 21.926,
        upperLimit: 21.978,
        frequency: 1,
      },
      { name: 'Run-out', unit: 'mm', nominal: 0, lowerLimit: null, upperLimit: 0.02, frequency: 1 },
    ],
  },
  'MP-FLANGE-200': {
    '090': [
      {
        name: 'Spigot Ø200 h7',
        unit: 'mm',
        nominal: 199.977,
        lowerLimit: 199.954,
        upperLimit: 200,
        frequency: 1,
      },
      {
        name: 'Bolt circle Ø250',
        unit: 'mm',
        nominal: 250,
        lowerLimit: 249.9,
        upperLimit: 250.1,
        frequency: 5,
      },
    ],
  },
  'AS-CYLROD-060': {
    '090': [
      {
        name: 'Pressure drop after 5 min at 250 bar',
        unit: 'bar',
        nominal: 0,
        lowerLimit: null,
        upperLimit: 2,
        frequency: 1,
      },
      { name: 'Nut torque', unit: 'N·m', nominal: 450, lowerLimit: 430, upperLimit: 470, frequency: 1 },
    ],
  },
};

/** Work instructions by work center: what the traveler and the terminal show for its operations. */
export const demoInstructions: Record<string, string> = {
  SAW: 'Check the heat number on the bar against the job. Saw to length +2/-0 mm, deburr, mark the heat number on every billet.',
  FP16: 'Preheat dies to 200 °C. Heat billets to 1,150–1,200 °C (pyrometer). First part: check flash and fill, sign the first-part record.',
  FP40: 'Preheat dies to 200 °C. Heat billets to 1,150–1,200 °C (pyrometer). Two operators at the press. First part: check fill and die shift.',
  HT: 'Load per furnace chart. Quench and temper per the item spec; record the furnace curve number on the traveler. Hardness test 3 parts per load.',
  SHOT: 'Blast to SA 2.5. Magnetic particle crack test on 100 % of forgings; crack found: stop and call quality.',
  LATHE:
    'Clamp on the forged datum. Rough, then finish to drawing; measure the bearing seats after the first part and every 10th part.',
  MILL: 'Align on the turned diameter. Mill keyways and holes per drawing; check the keyway width with the gauge.',
  GRIND:
    'Dress the wheel before the first part. Grind to size; measure roundness and surface roughness (Ra) on each part.',
  INSP: 'Measure the characteristics of the inspection plan on the CMM; record the results at the terminal. Failed part: open a non-conformance.',
  ASSY: 'Clean all parts. Mount per the assembly drawing; torque to spec with the calibrated wrench and mark every bolt.',
  PAINT:
    'Degrease. Prime, flash off 20 min, paint the RAL colour of the order; check the film thickness (min. 80 µm).',
  PACK: 'Preserve machined surfaces, pack per customer spec, attach the delivery note and the certificates.',
};

/** Reason codes for stops (planned ones do not cost availability) and for scrap. */
export const demoReasonCodes: { kind: 'stop' | 'scrap'; code: string; name: string; planned: boolean }[] = [
  { kind: 'stop', code: 'BREAK', name: 'Break', planned: true },
  { kind: 'stop', code: 'PM', name: 'Planned maintenance', planned: true },
  { kind: 'stop', code: 'BREAKDOWN', name: 'Machine breakdown', planned: false },
  { kind: 'stop', code: 'TOOL', name: 'Tool change or tool breakage', planned: false },
  { kind: 'stop', code: 'MATERIAL', name: 'Waiting for material', planned: false },
  { kind: 'stop', code: 'QUALITY', name: 'Quality check or problem', planned: false },
  { kind: 'stop', code: 'NO-OPERATOR', name: 'No operator', planned: false },
  { kind: 'stop', code: 'SETUP-ISSUE', name: 'Setup problem', planned: false },
  { kind: 'scrap', code: 'DIM', name: 'Dimension out of tolerance', planned: false },
  { kind: 'scrap', code: 'SURFACE', name: 'Surface defect', planned: false },
  { kind: 'scrap', code: 'CRACK', name: 'Crack', planned: false },
  { kind: 'scrap', code: 'MATERIAL', name: 'Material defect', planned: false },
  { kind: 'scrap', code: 'SETUP', name: 'Setup part', planned: false },
  { kind: 'scrap', code: 'HANDLING', name: 'Handling damage', planned: false },
];

/** Operators who sign in at the terminal by badge. */
export const demoOperators = [
  { name: 'Anna Becker', email: 'anna.becker@demo.takt', badgeCode: '1001' },
  { name: 'Jonas Wolf', email: 'jonas.wolf@demo.takt', badgeCode: '1002' },
  { name: 'Mehmet Yilmaz', email: 'mehmet.yilmaz@demo.takt', badgeCode: '1003' },
  { name: 'Katarzyna Nowak', email: 'katarzyna.nowak@demo.takt', badgeCode: '1004' },
];
