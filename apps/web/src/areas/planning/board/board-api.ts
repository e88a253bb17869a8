/**
 * Queries of the planning board (GET /api/planning/board) and the capacity load (GET
 * /api/planning/load), the move of an operation on it (preview, apply) and its pin.
 */
import {
  type ApplyMoveRequest,
  capacityLoad,
  type LoadBucket,
  type MoveOperationRequest,
  movePreview,
  operationPin,
  planningBoard,
} from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../ui/api-client';

export interface BoardWindow {
  from: string;
  to: string;
}

export const planningBoardQuery = (window: BoardWindow) =>
  queryOptions({
    queryKey: ['planning', 'board', window],
    queryFn: async ({ signal }) => {
      // marks for the benchmark: received, then parsed by the contract
      const raw = await api.get('/api/planning/board', { query: { ...window }, signal });
      performance.mark('takt-board:received');
      const board = planningBoard.parse(raw);
      performance.mark('takt-board:parsed');
      return board;
    },
    staleTime: 30_000,
  });

export const capacityLoadQuery = (window: BoardWindow, bucket: LoadBucket) =>
  queryOptions({
    queryKey: ['planning', 'load', window, bucket],
    queryFn: ({ signal }) =>
      api.get('/api/planning/load', { query: { ...window, bucket }, schema: capacityLoad, signal }),
    staleTime: 30_000,
  });

/** What moving an operation would do (POST /api/planning/moves/preview): writes nothing. */
export const previewMove = (body: MoveOperationRequest) =>
  api.post('/api/planning/moves/preview', body, { schema: movePreview });

/** Writes a previewed move; a 409 when the plan changed since the preview. */
export const applyMove = (body: ApplyMoveRequest) =>
  api.post('/api/planning/moves/apply', body, { schema: movePreview });

/** Pins an operation where it is planned: re-plans keep it there until it is unpinned. */
export const pinOperation = (operationId: string) =>
  api.post(`/api/planning/operations/${operationId}/pin`, {}, { schema: operationPin });

/** Unpins an operation: the next re-plan may move it again. */
export const unpinOperation = (operationId: string) =>
  api.post(`/api/planning/operations/${operationId}/unpin`, {}, { schema: operationPin });
