/** Queries of work centers, calendars and setup matrices for the planning pages. */
import { calendar, page, setupMatrix, type WorkCenter, workCenter, workingTime } from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '../../ui/api-client';

export const workCenterListQuery = (filter: { q?: string; offset: number; limit: number }) =>
  queryOptions({
    queryKey: ['work-centers', 'list', filter],
    queryFn: ({ signal }) =>
      api.get('/api/work-centers', { query: { ...filter }, schema: page(workCenter), signal }),
  });

/** Every work center by id, to name the alternatives of an operation. */
export const workCenterLookupQuery = () =>
  queryOptions({
    queryKey: ['work-centers', 'lookup'],
    queryFn: async ({ signal }) => {
      const all = await api.get('/api/work-centers', {
        query: { limit: 500 },
        schema: page(workCenter),
        signal,
      });
      return new Map<string, WorkCenter>(all.items.map((wc) => [wc.id, wc]));
    },
    staleTime: 5 * 60_000,
  });

export const workCenterQuery = (id: string) =>
  queryOptions({
    queryKey: ['work-centers', id],
    queryFn: ({ signal }) => api.get(`/api/work-centers/${id}`, { schema: workCenter, signal }),
  });

export const setupMatrixQuery = (id: string) =>
  queryOptions({
    queryKey: ['setup-matrices', id],
    queryFn: ({ signal }) => api.get(`/api/setup-matrices/${id}`, { schema: setupMatrix, signal }),
  });

export const calendarQuery = (id: string) =>
  queryOptions({
    queryKey: ['calendars', id],
    queryFn: ({ signal }) => api.get(`/api/calendars/${id}`, { schema: calendar, signal }),
  });

/** Working intervals between two local dates of the calendar's zone, both inclusive. */
export const workingTimeQuery = (id: string, from: string, to: string) =>
  queryOptions({
    queryKey: ['calendars', id, 'working-time', from, to],
    queryFn: ({ signal }) =>
      api.get(`/api/calendars/${id}/working-time`, { query: { from, to }, schema: workingTime, signal }),
  });

/** All calendars and setup matrices, for choosing one on a work center. */
export const calendarsQuery = () =>
  queryOptions({
    queryKey: ['calendars', 'all'],
    queryFn: ({ signal }) => api.get('/api/calendars', { schema: z.array(calendar), signal }),
  });

export const setupMatricesQuery = () =>
  queryOptions({
    queryKey: ['setup-matrices', 'all'],
    queryFn: ({ signal }) => api.get('/api/setup-matrices', { schema: z.array(setupMatrix), signal }),
  });
