/**
 * The state of a configuration being chosen: option values and quantity as the user sets them,
 * and the server's evaluation of them once the changes pause (~250 ms). While the next answer
 * is on its way the previous one stays on screen, marked stale, so prices do not flicker.
 */
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  type Configuration,
  type ConfigurationResult,
  type ConfiguratorModel,
  configureQuery,
  defaultsOf,
  type OptionValue,
} from './configurator-api';

export const EVALUATION_PAUSE_MS = 250;

export interface ConfigurationState {
  model: ConfiguratorModel;
  values: Configuration;
  setValue: (code: string, value: OptionValue) => void;
  quantity: number | '';
  setQuantity: (quantity: number | '') => void;
  /** the newest evaluation the server gave (maybe of earlier values while `stale`) */
  result: ConfigurationResult | undefined;
  /** the values and quantity `result` answers */
  evaluated: { values: Configuration; quantity: number } | undefined;
  /** the user changed something the shown result does not answer yet */
  stale: boolean;
  error: Error | null;
}

export function useConfiguration(model: ConfiguratorModel, itemId: string): ConfigurationState {
  const [values, setValues] = useState<Configuration>(() => defaultsOf(model));
  const [quantity, setQuantity] = useState<number | ''>(1);
  const asked = { values, quantity: typeof quantity === 'number' && quantity > 0 ? quantity : 1 };
  // a string key, so a re-render with the same values does not restart the pause
  const key = JSON.stringify(asked);
  const [settledKey] = useDebouncedValue(key, EVALUATION_PAUSE_MS);
  const settled = JSON.parse(settledKey) as typeof asked;
  const evaluation = useQuery({
    ...configureQuery({ itemId, ...settled }),
    placeholderData: keepPreviousData,
  });
  const answered = evaluation.isPlaceholderData ? undefined : settled;
  return {
    model,
    values,
    setValue: (code, value) => setValues((v) => ({ ...v, [code]: value })),
    quantity,
    setQuantity,
    result: evaluation.data,
    evaluated: evaluation.data ? (answered ?? undefined) : undefined,
    stale: settledKey !== key || evaluation.isPlaceholderData || evaluation.isFetching,
    error: evaluation.error,
  };
}
