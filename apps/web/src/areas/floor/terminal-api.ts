/**
 * What the operator terminal asks the server: badge sign-in, the work center's dispatch list,
 * one operation, bookings, reason codes and the machines' stops. A booking carries an event id
 * made once per tap, so a retry after a network error or a second tap books once.
 */
import {
  type BackflushedMaterial,
  bookingResult,
  dispatchList,
  type MissingMaterial,
  machineStop,
  operationDetail,
  page,
  reasonCode,
  session,
} from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '../../ui/api-client';

export type DispatchList = z.infer<typeof dispatchList>;
export type DispatchOperation = DispatchList['operations'][number];
export type OperationDetail = z.infer<typeof operationDetail>;
export type ReasonCode = z.infer<typeof reasonCode>;
export type MachineStop = z.infer<typeof machineStop>;
export type BookingKind = 'setup' | 'run' | 'pause' | 'finish' | 'quantity';
export type { BackflushedMaterial, MissingMaterial };

export const signInByBadge = (badgeCode: string) =>
  api.post('/api/auth/badge', { badgeCode }, { schema: session });

export const dispatchListQuery = (workCenterId: string) =>
  queryOptions({
    queryKey: ['terminal', 'dispatch', workCenterId],
    queryFn: ({ signal }) =>
      api.get(`/api/work-centers/${workCenterId}/dispatch-list`, { schema: dispatchList, signal }),
    refetchInterval: 15_000,
  });

export const operationQuery = (id: string) =>
  queryOptions({
    queryKey: ['terminal', 'operation', id],
    queryFn: ({ signal }) => api.get(`/api/job-operations/${id}`, { schema: operationDetail, signal }),
    refetchInterval: 15_000,
  });

export const reasonCodesQuery = (kind: 'stop' | 'scrap') =>
  queryOptions({
    queryKey: ['terminal', 'reasons', kind],
    queryFn: ({ signal }) =>
      api.get('/api/reason-codes', { query: { kind }, schema: z.array(reasonCode), signal }),
    staleTime: 10 * 60_000,
  });

export const openStopsQuery = (workCenterId: string) =>
  queryOptions({
    queryKey: ['terminal', 'stops', workCenterId],
    queryFn: ({ signal }) =>
      api.get('/api/machine-stops', {
        query: { workCenterId, waitingForReason: 'true', limit: 50 },
        schema: page(machineStop),
        signal,
      }),
    refetchInterval: 10_000,
  });

export interface Booking {
  clientEventId: string;
  kind: BookingKind;
  goodQuantity?: number;
  scrapQuantity?: number;
  scrapReasonId?: string;
  machineIndex?: number;
  /** finish the job although its manual material is not all issued (asked first) */
  acknowledgeMissingMaterial?: boolean;
}

export const book = (operationId: string, booking: Booking) =>
  api.post(`/api/job-operations/${operationId}/bookings`, booking, { schema: bookingResult });

export const setStopReason = (stop: MachineStop, reasonId: string) =>
  api.post(`/api/machine-stops/${stop.id}/reason`, { reasonId, version: stop.version });

export const reportStop = (machineCode: string, reasonId: string) =>
  api.post('/api/machine-stops', { machineCode, reasonId });

/** A traveler's QR code says `TAKT-OP:<operation id>`; a scanner types it into the scan field. */
export function scannedOperationId(text: string): string | null {
  const match = /^TAKT-OP:([0-9a-f-]{36})$/i.exec(text.trim());
  return match ? match[1].toLowerCase() : null;
}

export const newEventId = () => crypto.randomUUID();
