/**
 * Engine time: integer minutes since the plan's origin (a UTC instant chosen by the caller,
 * usually "now" rounded down to the minute). Small integers keep the hot loops in typed arrays.
 */
export type Minutes = number;

export const MINUTES_PER_DAY = 1440;

/** Converts an engine time back to a UTC instant. */
export function toInstant(originMs: number, t: Minutes): Date {
  return new Date(originMs + t * 60_000);
}

/** Converts a UTC instant to engine time (minutes since origin, rounded down). */
export function toMinutes(originMs: number, instant: Date | number): Minutes {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return Math.floor((ms - originMs) / 60_000);
}
