/**
 * The time zone portal dates are read in: the plant's for staff, the browser's for a customer,
 * who may not read calendars and work centers (asking would only earn two 403s).
 */
import { useQuery } from '@tanstack/react-query';
import { plantTimeZoneQuery } from '../../ui/plant-time-zone';
import { useCan } from '../../ui/session';

export function usePortalTimeZone(): string {
  const mayReadCalendars = useCan('read', 'Calendar');
  const plant = useQuery({ ...plantTimeZoneQuery, enabled: mayReadCalendars });
  return plant.data ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}
