/** The OEE report of a date range, grouped one way, for the dashboard. */
import { type OeeQuery, oeeReport } from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../ui/api-client';

export const oeeReportQuery = (query: OeeQuery) =>
  queryOptions({
    queryKey: ['oee', query],
    queryFn: ({ signal }) => api.get('/api/oee', { query: { ...query }, schema: oeeReport, signal }),
    // measurements keep arriving from the machines: a dashboard left open stays current
    refetchInterval: 60_000,
  });
