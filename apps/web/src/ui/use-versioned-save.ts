/**
 * Saving an edited record with optimistic concurrency: PATCH with If-Match = the version the
 * edit started from; field errors come back mapped onto the form's inputs; after a 409,
 * `reload()` fetches the current record so the user can apply the change again.
 */
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import { api } from './api-client';
import { type FormErrors, formErrorsFrom, noFormErrors } from './problem-form-errors';

export interface VersionedSave<T, F extends string> {
  /** the record as it was when the edit started (or was last reloaded) */
  base: T;
  errors: FormErrors<F>;
  pending: boolean;
  save(body: Record<string, unknown>): void;
  reload(): Promise<T>;
}

export function useVersionedSave<S extends z.ZodType<{ version: number }>, F extends string>(options: {
  record: z.infer<S>;
  url: string;
  schema: S;
  inputs: readonly F[];
  /** query of the record: updated with the saved record */
  queryKey: QueryKey;
  /** queries to refresh after a save, e.g. the list */
  invalidate?: QueryKey;
  onSaved(saved: z.infer<S>): void;
}): VersionedSave<z.infer<S>, F> {
  const queryClient = useQueryClient();
  const [base, setBase] = useState(options.record);
  const [errors, setErrors] = useState<FormErrors<F>>(noFormErrors);
  const mutation = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.patch(options.url, body, { version: base.version, schema: options.schema }),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: async (saved) => {
      queryClient.setQueryData(options.queryKey, saved);
      if (options.invalidate) await queryClient.invalidateQueries({ queryKey: options.invalidate });
      options.onSaved(saved);
    },
    onError: (error) => setErrors(formErrorsFrom(error, options.inputs)),
  });
  return {
    base,
    errors,
    pending: mutation.isPending,
    save: (body) => mutation.mutate(body),
    async reload() {
      const fresh = await api.get(options.url, { schema: options.schema });
      queryClient.setQueryData(options.queryKey, fresh);
      setBase(fresh);
      setErrors(noFormErrors);
      return fresh;
    },
  };
}
