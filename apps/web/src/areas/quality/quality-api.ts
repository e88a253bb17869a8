/**
 * What the quality pages and the terminal's inspection panel ask the server: an operation's
 * inspection plan and results, recording measurements (one event id per tap, so a retry records
 * once), non-conformances, their disposition and closing.
 */
import {
  type Disposition,
  inspectionResultsOutcome,
  type NonConformance,
  nonConformance,
  nonConformanceStatus,
  operationInspection,
  page,
} from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../ui/api-client';

export type { Disposition, NonConformance };
export type OperationInspection = z.infer<typeof operationInspection>;
export type Characteristic = OperationInspection['characteristics'][number];
export type InspectionResult = OperationInspection['results'][number];
export type NonConformanceStatus = z.infer<typeof nonConformanceStatus>;

export const nonConformanceStatuses = nonConformanceStatus.options;

export const nonConformanceStatusColors: Record<NonConformanceStatus, string> = {
  open: 'red',
  dispositioned: 'orange',
  closed: 'gray',
};

export const dispositionLabels: Record<Disposition, string> = {
  scrap: 'Scrap',
  rework: 'Rework',
  'use-as-is': 'Use as is',
};

export const operationInspectionQuery = (jobOperationId: string) =>
  queryOptions({
    queryKey: ['quality', 'operation', jobOperationId],
    queryFn: ({ signal }) =>
      api.get(`/api/job-operations/${jobOperationId}/inspection`, { schema: operationInspection, signal }),
  });

export const recordInspection = (
  jobOperationId: string,
  body: { clientEventId: string; results: { characteristicId: string; value: number }[] },
) =>
  api.post(`/api/job-operations/${jobOperationId}/inspection-results`, body, {
    schema: inspectionResultsOutcome,
  });

export const reportNonConformance = (body: {
  jobOperationId: string;
  quantity: number;
  description: string;
}) => api.post('/api/non-conformances', body, { schema: nonConformance });

export const nonConformanceListQuery = (filter: {
  status?: NonConformanceStatus;
  q?: string;
  offset: number;
  limit: number;
}) =>
  queryOptions({
    queryKey: ['quality', 'non-conformances', 'list', filter],
    queryFn: ({ signal }) =>
      api.get('/api/non-conformances', { query: { ...filter }, schema: page(nonConformance), signal }),
  });

export const nonConformanceQuery = (id: string) =>
  queryOptions({
    queryKey: ['quality', 'non-conformances', id],
    queryFn: ({ signal }) => api.get(`/api/non-conformances/${id}`, { schema: nonConformance, signal }),
  });

export interface DispositionInput {
  disposition: Disposition;
  reworkOperation?: {
    name: string;
    /** default: the failed operation's */
    workCenterId?: string;
    setupMinutes: number;
    /** default: the failed operation's run minutes per piece */
    runMinutesPerPiece?: number;
  };
}

export const dispositionNonConformance = (ncr: NonConformance, input: DispositionInput) =>
  api.post(`/api/non-conformances/${ncr.id}/disposition`, input, {
    version: ncr.version,
    schema: nonConformance,
  });

export const closeNonConformance = (ncr: NonConformance) =>
  api.post(`/api/non-conformances/${ncr.id}/close`, {}, { version: ncr.version, schema: nonConformance });
