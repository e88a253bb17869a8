/**
 * The delivery promise of a configuration: POST /api/promise (writes nothing) with the option
 * values, once the configuration is valid, its evaluation has settled and a requested date is
 * set. The previous answer stays on screen, faded, while the next one is computed.
 */
import { promiseAnswer } from '@takt/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../ui/api-client';
import type { Configuration } from './configurator-api';
import type { ConfigurationState } from './use-configuration';

export type PromiseAnswer = z.infer<typeof promiseAnswer>;

interface ConfiguredPromiseRequest {
  itemId: string;
  quantity: number;
  requestedDate: string;
  configuration: Configuration;
}

export interface ConfiguredPromise {
  /** why there is no promise to ask for yet, in words; null once asked */
  waitingFor: string | null;
  answer: PromiseAnswer | undefined;
  /** the request `answer` answers */
  answered: ConfiguredPromiseRequest | undefined;
  fetching: boolean;
  error: Error | null;
}

export function useConfiguredPromise(
  itemId: string,
  state: ConfigurationState,
  requestedDate: string,
  enabled: boolean,
): ConfiguredPromise {
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(requestedDate);
  const ready = enabled && validDate && !!state.evaluated && !state.stale && !!state.result?.valid;
  const request: ConfiguredPromiseRequest | null =
    ready && state.evaluated
      ? { itemId, quantity: state.evaluated.quantity, requestedDate, configuration: state.evaluated.values }
      : null;
  const query = useQuery({
    queryKey: ['promise', 'configured', request],
    queryFn: ({ signal }) => api.post('/api/promise', request, { schema: promiseAnswer, signal }),
    enabled: request !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
  const waitingFor = !validDate
    ? 'Choose a requested date to see the date we can promise.'
    : state.result && !state.result.valid && !state.stale
      ? 'No promise for a configuration that cannot be built: fix the broken rules first.'
      : null;
  return {
    waitingFor,
    answer: query.data,
    answered: query.isPlaceholderData ? undefined : (request ?? undefined),
    fetching: query.isFetching || (request === null && !waitingFor),
    error: query.error,
  };
}
