/** Shapes shared by every resource of the API. */
import { z } from 'zod';

export const uuid = z.uuid();

/** Query of every list endpoint: page through results, search with q, sort by a column. */
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('page size (1–500)'),
  offset: z.coerce.number().int().min(0).default(0).describe('rows to skip'),
  q: z.string().trim().max(200).optional().describe('case-insensitive search text'),
});
export type ListQuery = z.infer<typeof listQuery>;

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int().describe('rows matching the filter, across all pages'),
    limit: z.number().int(),
    offset: z.number().int(),
  });

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** Optimistic concurrency: every editable record carries its version. */
export const versioned = z.object({ version: z.number().int().min(1) });

export const idParams = z.object({ id: uuid });

/** Decimal quantities travel as numbers in the API and are stored as numeric. */
export const quantity = z.number().finite();
/** Money in integer minor units (cents) with an ISO currency. */
export const money = z.object({ amount: z.number().int(), currency: z.string().length(3) });

/** RFC 9457 problem details, with the fields and rules that were broken. */
export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  errors: z
    .array(z.object({ field: z.string(), rule: z.string(), message: z.string() }))
    .describe('one entry per broken rule, naming the field'),
});
export type Problem = z.infer<typeof problem>;

type PatchShape<S extends z.ZodRawShape> = {
  [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer Inner> ? Inner : S[K]>;
};

/**
 * The body of a PATCH: every field optional and without its create default, plus the version
 * the client edited. (zod's `.partial()` keeps defaults, so a PATCH that leaves out a defaulted
 * field would silently reset it.)
 */
export function patchOf<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape as unknown as Record<string, z.ZodType>).map(([key, field]) => [
      key,
      (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field).optional(),
    ]),
  );
  return z.object(shape as unknown as PatchShape<S>).extend({ version: z.number().int().min(1).optional() });
}
