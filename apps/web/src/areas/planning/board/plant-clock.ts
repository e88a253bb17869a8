/**
 * Wall-clock arithmetic in the plant's time zone for the board's time axis: UTC instants to
 * "local ms" (the local wall time read as if it were UTC) and back, with the zone's offset
 * cached per quarter hour (offsets only change on quarter hours), so drawing a frame costs
 * no Intl call once its ticks were seen. Then the ticks of an axis level between two instants.
 */

const QUARTER_MS = 15 * 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface PlantClock {
  timeZone: string;
  /** local wall time of an instant, as ms read in UTC */
  toLocal(utcMs: number): number;
  /** the instant of a local wall time (the earlier one when the clock falls back) */
  toUtc(localMs: number): number;
}

export function plantClock(timeZone: string): PlantClock {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const cache = new Map<number, number>();
  const offsetAt = (utcMs: number) => {
    const quarter = Math.floor(utcMs / QUARTER_MS);
    const known = cache.get(quarter);
    if (known !== undefined) return known;
    const at = quarter * QUARTER_MS;
    const parts = format.formatToParts(at);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const wall = Date.UTC(
      get('year'),
      get('month') - 1,
      get('day'),
      get('hour'),
      get('minute'),
      get('second'),
    );
    if (cache.size > 50_000) cache.clear();
    cache.set(quarter, wall - at);
    return wall - at;
  };
  return {
    timeZone,
    toLocal: (utcMs) => utcMs + offsetAt(utcMs),
    toUtc: (localMs) => {
      const guess = localMs - offsetAt(localMs);
      return localMs - offsetAt(guess);
    },
  };
}

/** Axis levels, finest first: the unit of a tick and how its label reads. */
export type AxisUnit = 'hour' | '3h' | '6h' | '12h' | 'day' | 'week' | 'month' | 'quarter' | 'year';

const approxMs: Record<AxisUnit, number> = {
  hour: HOUR_MS,
  '3h': 3 * HOUR_MS,
  '6h': 6 * HOUR_MS,
  '12h': 12 * HOUR_MS,
  day: DAY_MS,
  week: 7 * DAY_MS,
  month: 30 * DAY_MS,
  quarter: 91 * DAY_MS,
  year: 365 * DAY_MS,
};

/** The finest unit whose ticks are at least `minPx` apart at this zoom. */
export function unitFor(msPerPx: number, minPx: number, units: readonly AxisUnit[]): AxisUnit {
  for (const u of units) if (approxMs[u] / msPerPx >= minPx) return u;
  return units[units.length - 1];
}

/** The two axis rows for a zoom: fine ticks below, the coarser grouping above. */
export function axisLevels(msPerPx: number): { minor: AxisUnit; major: AxisUnit } {
  // hour labels ("06:00") need more room than day numbers ("Mo 3")
  const hourly = unitFor(msPerPx, 46, ['hour', '3h', '6h', '12h']);
  const minor =
    approxMs[hourly] / msPerPx >= 46 ? hourly : unitFor(msPerPx, 36, ['day', 'week', 'month', 'quarter']);
  const major: AxisUnit =
    minor === 'hour' || minor === '3h' || minor === '6h' || minor === '12h'
      ? 'day'
      : minor === 'day'
        ? approxMs.week / msPerPx >= 90
          ? 'week'
          : 'month'
        : minor === 'week'
          ? 'month'
          : 'year';
  return { minor, major };
}

/** Start (local ms) of the unit holding `local`. */
function floorLocal(local: number, unit: AxisUnit): number {
  const d = new Date(local);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  switch (unit) {
    case 'hour':
    case '3h':
    case '6h':
    case '12h': {
      const step = unit === 'hour' ? 1 : Number.parseInt(unit, 10);
      return day + Math.floor(d.getUTCHours() / step) * step * HOUR_MS;
    }
    case 'day':
      return day;
    case 'week':
      return day - ((d.getUTCDay() + 6) % 7) * DAY_MS;
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'quarter':
      return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
  }
}

function nextLocal(local: number, unit: AxisUnit): number {
  const d = new Date(local);
  switch (unit) {
    case 'hour':
      return local + HOUR_MS;
    case '3h':
    case '6h':
    case '12h':
      return local + Number.parseInt(unit, 10) * HOUR_MS;
    case 'day':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
    case 'week':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 7);
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    case 'quarter':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 3, 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  }
}

export interface Tick {
  /** the instant the tick marks */
  utcMs: number;
  /** local wall time of it, as ms read in UTC (for labels) */
  localMs: number;
}

/** Ticks of `unit` from the one at or before `fromUtc` through the first after `toUtc`. */
export function ticks(clock: PlantClock, fromUtc: number, toUtc: number, unit: AxisUnit, max = 400): Tick[] {
  const out: Tick[] = [];
  let local = floorLocal(clock.toLocal(fromUtc), unit);
  for (let n = 0; n < max; n++) {
    const utcMs = clock.toUtc(local);
    out.push({ utcMs, localMs: local });
    if (utcMs > toUtc) break;
    local = nextLocal(local, unit);
  }
  return out;
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** ISO week number of a local date (ms read in UTC). */
export function isoWeek(local: number): number {
  const d = new Date(local);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const thursday = day + (3 - ((d.getUTCDay() + 6) % 7)) * DAY_MS;
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return 1 + Math.floor((thursday - yearStart) / (7 * DAY_MS));
}

/** How a tick reads on the axis: "14:00", "Mon 3", "W6 · 3 Feb", "Feb 2027". */
export function tickLabel(local: number, unit: AxisUnit, row: 'minor' | 'major'): string {
  const d = new Date(local);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  switch (unit) {
    case 'hour':
    case '3h':
    case '6h':
    case '12h':
      return `${hh}:00`;
    case 'day':
      return row === 'major'
        ? `${weekdays[d.getUTCDay()]} ${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`
        : `${weekdays[d.getUTCDay()].slice(0, 2)} ${d.getUTCDate()}`;
    case 'week':
      return row === 'major'
        ? `Week ${isoWeek(local)} · ${d.getUTCDate()} ${months[d.getUTCMonth()]}`
        : `W${isoWeek(local)} ${d.getUTCDate()} ${months[d.getUTCMonth()]}`;
    case 'month':
      return row === 'major' ? `${months[d.getUTCMonth()]} ${d.getUTCFullYear()}` : months[d.getUTCMonth()];
    case 'quarter':
      return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${d.getUTCFullYear()}`;
    case 'year':
      return String(d.getUTCFullYear());
  }
}

/** "Mon 3 Feb, 14:05" in the plant's zone: tooltips and details. */
export function formatPlantTime(clock: PlantClock, utcMs: number): string {
  const d = new Date(clock.toLocal(utcMs));
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${weekdays[d.getUTCDay()]} ${d.getUTCDate()} ${months[d.getUTCMonth()]}, ${hh}:${mm}`;
}
