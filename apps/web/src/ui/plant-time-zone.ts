/**
 * The plant's time zone, found as planning finds it: the zone of the calendar most work
 * centers run on. Times of orders, jobs and purchases are UTC instants; people read them in
 * this zone. A user who may not read calendars sees the browser's zone.
 */
import { calendar, page, workCenter } from '@takt/contracts';
import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from './api-client';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export const plantTimeZoneQuery = queryOptions({
  queryKey: ['plant', 'time-zone'],
  queryFn: async ({ signal }) => {
    try {
      const [calendars, workCenters] = await Promise.all([
        api.get('/api/calendars', { schema: z.array(calendar), signal }),
        api.get('/api/work-centers', { query: { limit: 500 }, schema: page(workCenter), signal }),
      ]);
      const uses = new Map<string, number>();
      for (const wc of workCenters.items) uses.set(wc.calendarId, (uses.get(wc.calendarId) ?? 0) + 1);
      const mostUsed = [...uses].sort((a, b) => b[1] - a[1])[0]?.[0];
      return (calendars.find((c) => c.id === mostUsed) ?? calendars[0])?.timeZone ?? browserZone();
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      return browserZone();
    }
  },
  staleTime: 30 * 60_000,
});

export function usePlantTimeZone(): string {
  return useSuspenseQuery(plantTimeZoneQuery).data;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** "3 Feb 2027": the plant-local calendar day of an instant. */
export function formatPlantDate(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone });
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}
