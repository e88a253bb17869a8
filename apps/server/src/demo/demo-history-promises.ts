/**
 * What the demo history's customers were promised, against when their lines actually shipped.
 * The promise rule is the live one: the promised date is the later of the requested date and
 * the P90 date of the confirmation's plan. The line's promise keeps its last P90: for most
 * lines the one of the confirmation, for a line that fell behind a re-promise from shop-floor
 * progress (which may or may not have caught all of the delay). Target: about 85 % of the
 * deliveries of the last eight weeks on or before the promised date and 92 % by the last P90
 * (the shares below count all the history's deliveries, the late ones fall in those weeks).
 * The late ones are the lines the floor finished latest against their requested date, a few a
 * week at most, late by one to a few days, a week at most. Pure and deterministic for a seeded
 * Random.
 */
import type { Random } from '@takt/engine';
import type { LinePromise, PromiseBinding } from '../modules/sales/tables';
import { addDays, localInstant } from './demo-history-shifts';

const HOUR = 3_600_000;

export interface ShippedLine {
  key: string;
  confirmedAt: number;
  /** the requested date's instant, as the floor worked to it */
  requestedAt: number;
  shippedAt: number;
  /** the work center that held the line up most (the promise's binding) */
  bottleneck: { id: string; code: string; name: string };
}

export interface LineOutcome {
  requestedDate: string;
  promisedDate: string;
  promise: LinePromise;
  onTime: boolean;
  onTimeToP90: boolean;
}

export const ON_TIME_SHARE = 0.87;
export const ON_TIME_TO_P90_SHARE = 0.93;

export function promiseLines(rng: Random, lines: ShippedLine[], timeZone: string): Map<string, LineOutcome> {
  const dateOf = (ms: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(ms),
    );
  const label = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' });
  const at = (date: string, hours: number) => localInstant(timeZone, date, Math.round(hours * 60));
  const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

  // the latest against what was asked are the late ones, a few a week at most (not the last
  // few days' deliveries: this week's figure would rest on one or two of them)
  const late = Math.round(lines.length * (1 - ON_TIME_SHARE));
  const beyondP90 = Math.round(lines.length * (1 - ON_TIME_TO_P90_SHARE));
  const lastDays = Math.max(...lines.map((l) => l.shippedAt)) - 4 * 86_400_000;
  // ISO weeks, Monday to Sunday, as the KPIs bucket them (1970-01-05 was a Monday)
  const weekOf = (ms: number) => Math.floor((ms - 4 * 86_400_000) / (7 * 86_400_000));
  const shippedIn = new Map<number, number>();
  for (const l of lines) shippedIn.set(weekOf(l.shippedAt), (shippedIn.get(weekOf(l.shippedAt)) ?? 0) + 1);
  const byLateness = [...lines].sort(
    (a, b) => b.shippedAt - b.requestedAt - (a.shippedAt - a.requestedAt) || a.key.localeCompare(b.key),
  );
  const lateOnes: ShippedLine[] = [];
  const lateIn = new Map<number, number>();
  for (const cap of [0.25, 0.5, 1])
    for (const l of byLateness) {
      const week = weekOf(l.shippedAt);
      if (lateOnes.length >= late || lateOnes.includes(l) || l.shippedAt > lastDays) continue;
      // (a week of one or two deliveries takes a late one only when nothing else can)
      const n = shippedIn.get(week)!;
      const allowed = cap < 1 && n < 3 ? 0 : Math.max(1, Math.floor(n * cap));
      if ((lateIn.get(week) ?? 0) + 1 > allowed) continue;
      lateOnes.push(l);
      lateIn.set(week, (lateIn.get(week) ?? 0) + 1);
    }
  const ranked = [...lateOnes, ...lines.filter((l) => !lateOnes.includes(l))];
  const out = new Map<string, LineOutcome>();
  ranked.forEach((l, rank) => {
    const shipped = dateOf(l.shippedAt);
    const asked = dateOf(l.requestedAt);
    const isLate = rank < late;
    const missedP90 = isLate && rank < beyondP90;
    let promised: string;
    let requested: string;
    if (isLate) {
      // late by what the floor lost against the asked date: one to seven days
      const behind = Math.max(1, Math.min(7, daysBetween(asked, shipped) || 1 + rng.int(3)));
      promised = addDays(shipped, -behind);
      requested = rng.next() < 0.5 ? promised : addDays(promised, -(2 + rng.int(5)));
    } else {
      // on time: the P90 buffer left a few days, or the customer's own (later) date held
      const buffer = rng.int(4);
      promised = asked > shipped ? asked : addDays(shipped, buffer);
      requested = promised === asked || rng.next() < 0.45 ? promised : addDays(promised, -(2 + rng.int(6)));
    }
    const confirmed = dateOf(l.confirmedAt);
    if (requested > promised) requested = promised;
    if (requested <= confirmed) requested = minDate(promised, addDays(confirmed, 1));

    // the confirmation's plan: P90 on the promised date (or before a later requested date)
    const p90First =
      requested === promised && !isLate ? maxDate(shipped, addDays(promised, -rng.int(3))) : promised;
    let p90 = at(p90First, 13 + rng.next() * 8);
    let computedAt = l.confirmedAt + (1 + rng.next() * 20) * 60_000;
    const free = p90First < promised;
    const freeAt = p90 - (2 + rng.int(5)) * 86_400_000;
    let explanation = free
      ? 'free capacity: the date is the work content on the calendars'
      : `${l.bottleneck.name} is full until ${day.format(new Date(freeAt))}`;
    const binding: PromiseBinding = free
      ? { kind: 'none' }
      : {
          kind: 'capacity',
          workCenterId: l.bottleneck.id,
          workCenterCode: l.bottleneck.code,
          freeAt: new Date(freeAt).toISOString(),
          delayMinutes: (1 + rng.int(6)) * 480,
        };
    let onTimeProbability = Math.round((0.88 + rng.next() * 0.1) * 100) / 100;
    if (isLate) {
      // a re-promise from shop-floor progress days before it shipped: it saw the delay, or part of it
      const seen = missedP90
        ? addDays(shipped, -(1 + rng.int(Math.max(1, daysBetween(promised, shipped) - 1))))
        : shipped;
      const lastP90 = maxDate(seen, promised);
      computedAt = l.shippedAt - (2 + rng.next() * 4) * 86_400_000;
      p90 = at(lastP90, 14 + rng.next() * 7);
      onTimeProbability = Math.round(rng.next() * 0.25 * 100) / 100;
      const planned = p90 - (20 + rng.next() * 30) * HOUR;
      explanation = `re-promised from shop-floor progress on ${label.format(new Date(computedAt))}: planned ${label.format(new Date(planned))}, 90 % by ${label.format(new Date(p90))}${lastP90 > promised ? `, after the promised ${promised}` : ''}`;
    }
    const p50 = p90 - (8 + rng.next() * 40) * HOUR;
    const planned = p50 - (2 + rng.next() * 16) * HOUR;
    out.set(l.key, {
      requestedDate: requested,
      promisedDate: promised,
      onTime: shipped <= promised,
      onTimeToP90: shipped <= dateOf(p90),
      promise: {
        plannedAt: new Date(planned).toISOString(),
        p50At: new Date(p50).toISOString(),
        p90At: new Date(p90).toISOString(),
        onTimeProbability,
        binding,
        explanation,
        computedAt: new Date(computedAt).toISOString(),
      },
    });
  });
  return out;
}

const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);

/**
 * The promise of a line still in production: the confirmation's plan, its P90 a day or two
 * after the floor will finish it (the simulation knows), promised on that date or on the later
 * requested one.
 */
export function promiseOpenLines(
  rng: Random,
  lines: (Omit<ShippedLine, 'shippedAt'> & { shippedAt: number })[],
  timeZone: string,
): Map<string, LineOutcome> {
  const dateOf = (ms: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(ms),
    );
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' });
  const out = new Map<string, LineOutcome>();
  for (const l of lines) {
    // (for these, shippedAt is when the floor finishes the line's job)
    const p90 = l.shippedAt + (1 + rng.next()) * 86_400_000;
    const p50 = p90 - (8 + rng.next() * 24) * HOUR;
    const planned = p50 - (2 + rng.next() * 10) * HOUR;
    const asked = dateOf(l.requestedAt);
    const promised = maxDate(asked, dateOf(p90));
    const requested = minDate(asked, promised);
    const freeAt = planned - (2 + rng.int(4)) * 86_400_000;
    out.set(l.key, {
      requestedDate: requested,
      promisedDate: promised,
      onTime: true,
      onTimeToP90: true,
      promise: {
        plannedAt: new Date(planned).toISOString(),
        p50At: new Date(p50).toISOString(),
        p90At: new Date(p90).toISOString(),
        onTimeProbability: Math.round((0.86 + rng.next() * 0.1) * 100) / 100,
        binding: {
          kind: 'capacity',
          workCenterId: l.bottleneck.id,
          workCenterCode: l.bottleneck.code,
          freeAt: new Date(freeAt).toISOString(),
          delayMinutes: (1 + rng.int(6)) * 480,
        },
        explanation: `${l.bottleneck.name} is full until ${day.format(new Date(freeAt))}`,
        computedAt: new Date(l.confirmedAt + (1 + rng.next() * 20) * 60_000).toISOString(),
      },
    });
  }
  return out;
}
