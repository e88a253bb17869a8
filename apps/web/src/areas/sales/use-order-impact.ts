/**
 * Changing or cancelling a confirmed order in two steps: a preview (the server runs the change
 * and rolls it back, so the impact shown is exactly what applying does), then apply with the
 * same body and version. Applying refreshes everything the change touched: the order, its
 * supply and cost, the lists, jobs and requisitions.
 */
import { orderImpact, type SalesOrder } from '@takt/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../ui/api-client';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { type OrderImpact, salesOrderQuery } from './sales-order-api';

export interface ImpactRequest {
  /** e.g. `/api/sales-orders/:id/cancel` */
  path: string;
  body: Record<string, unknown>;
}

export function useOrderImpact<F extends string>(
  order: SalesOrder,
  inputs: readonly F[],
  onApplied: (impact: OrderImpact) => void,
) {
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<FormErrors<F>>(noFormErrors);
  const run = (request: ImpactRequest, preview: boolean) =>
    api.post(request.path, { ...request.body, version: order.version, preview }, { schema: orderImpact });
  const preview = useMutation({
    mutationFn: (request: ImpactRequest) => run(request, true),
    onMutate: () => setErrors(noFormErrors),
    onError: (error) => setErrors(formErrorsFrom(error, inputs)),
  });
  const apply = useMutation({
    mutationFn: (request: ImpactRequest) => run(request, false),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: async (impact) => {
      queryClient.setQueryData(salesOrderQuery(order.id).queryKey, impact.order);
      onApplied(impact);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['sales-orders'] }),
        queryClient.invalidateQueries({ queryKey: ['jobs'] }),
        queryClient.invalidateQueries({ queryKey: ['requisitions'] }),
        queryClient.invalidateQueries({ queryKey: ['purchase-orders'] }),
      ]);
    },
    onError: (error) => setErrors(formErrorsFrom(error, inputs)),
  });
  return {
    errors,
    /** the previewed impact of the request last previewed, until it is reset */
    impact: preview.data,
    previewing: preview.isPending,
    applying: apply.isPending,
    preview: (request: ImpactRequest) => preview.mutate(request),
    apply: (request: ImpactRequest) => apply.mutate(request),
    reset: () => {
      preview.reset();
      setErrors(noFormErrors);
    },
    /** after a conflict: the order as it is now */
    reload: async () => {
      preview.reset();
      setErrors(noFormErrors);
      await queryClient.invalidateQueries({ queryKey: salesOrderQuery(order.id).queryKey });
    },
  };
}
