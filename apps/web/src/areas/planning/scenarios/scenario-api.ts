/**
 * What-if scenarios (/api/planning/scenarios) and the progress of planning runs, followed live
 * through server-sent events (GET /api/planning/runs/:id/events) with EventSource.
 */
import {
  adoptScenarioResult,
  type CreateScenarioRequest,
  computeScenarioResponse,
  type PlanningRun,
  planningRun,
  type ScenarioChangeInput,
  type ScenarioStatus,
  scenario,
  scenarioList,
} from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../../ui/api-client';

export const scenarioStatusColors: Record<ScenarioStatus, string> = {
  draft: 'gray',
  computing: 'blue',
  computed: 'teal',
  adopted: 'green',
  discarded: 'gray',
  failed: 'red',
};

export const scenarioListQuery = (filter: { offset: number; limit: number; status?: ScenarioStatus }) =>
  queryOptions({
    queryKey: ['planning', 'scenarios', 'list', filter],
    queryFn: ({ signal }) =>
      api.get('/api/planning/scenarios', { query: { ...filter }, schema: scenarioList, signal }),
  });

export const scenarioQuery = (id: string) =>
  queryOptions({
    queryKey: ['planning', 'scenarios', id],
    queryFn: ({ signal }) => api.get(`/api/planning/scenarios/${id}`, { schema: scenario, signal }),
  });

export const createScenario = (body: CreateScenarioRequest, idempotencyKey: string) =>
  api.post('/api/planning/scenarios', body, { schema: scenario, idempotencyKey });

export const addScenarioChange = (id: string, version: number, change: ScenarioChangeInput) =>
  api.post(`/api/planning/scenarios/${id}/changes`, { change }, { schema: scenario, version });

export const removeScenarioChange = (id: string, version: number, changeId: string) =>
  api.delete(`/api/planning/scenarios/${id}/changes/${changeId}`, { version });

export const computeScenario = (id: string, version: number) =>
  api.post(`/api/planning/scenarios/${id}/compute`, {}, { schema: computeScenarioResponse, version });

export const adoptScenario = (id: string, version: number) =>
  api.post(`/api/planning/scenarios/${id}/adopt`, {}, { schema: adoptScenarioResult, version });

export const discardScenario = (id: string, version: number) =>
  api.post(`/api/planning/scenarios/${id}/discard`, {}, { schema: scenario, version });

export const cancelRun = (runId: string) =>
  api.post(`/api/planning/runs/${runId}/cancel`, {}, { schema: planningRun });

const finalEvents = ['done', 'failed', 'cancelled'] as const;

/**
 * The live state of a planning run: the server's events as they come; the last one (done,
 * failed or cancelled) closes the stream. Null until the first event or without a run.
 */
export function useRunProgress(runId: string | null, onEnd?: (run: PlanningRun) => void): PlanningRun | null {
  const [run, setRun] = useState<PlanningRun | null>(null);
  // read when the run ends: a new callback must not reopen the stream
  const ended = useRef(onEnd);
  ended.current = onEnd;
  useEffect(() => {
    setRun(null);
    if (!runId) return;
    const source = new EventSource(`/api/planning/runs/${runId}/events`, { withCredentials: true });
    const take = (event: MessageEvent<string>) => {
      const parsed = planningRun.safeParse(JSON.parse(event.data));
      if (parsed.success) setRun(parsed.data);
      return parsed.success ? parsed.data : null;
    };
    source.addEventListener('progress', take);
    for (const name of finalEvents)
      source.addEventListener(name, (event) => {
        const last = take(event);
        source.close();
        if (last) ended.current?.(last);
      });
    // a run this server no longer knows (restarted): stop asking
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) source.close();
    };
    return () => source.close();
  }, [runId]);
  return run;
}
