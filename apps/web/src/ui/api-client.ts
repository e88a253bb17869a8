/**
 * The one way the web app talks to the Takt API: same-origin fetch with the session cookie,
 * JSON in and out, responses parsed by the shared zod contracts, and every failure turned into
 * an ApiError that carries the server's problem+json (field, rule, message).
 */
import { type Problem, problem as problemSchema } from '@takt/contracts';
import type { z } from 'zod';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem & Record<string, unknown>,
  ) {
    super(problem.detail || problem.title);
  }

  get isConflict(): boolean {
    return this.status === 409;
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions<S extends z.ZodType> {
  body?: unknown;
  /** the version the user edited; sent as If-Match for optimistic concurrency */
  version?: number;
  /** query parameters; undefined, null and '' are left out */
  query?: Record<string, string | number | boolean | undefined | null>;
  /** contract of the response body; the body is parsed with it */
  schema?: S;
  signal?: AbortSignal;
  /** a creating POST's Idempotency-Key: a retry with the same key returns the first result */
  idempotencyKey?: string;
}

export function withQuery(path: string, query?: RequestOptions<z.ZodType>['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function problemOf(response: Response): Promise<Problem & Record<string, unknown>> {
  const fallback: Problem = {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: `the server answered ${response.status} ${response.statusText}`.trim(),
    errors: [],
  };
  const text = await response.text().catch(() => '');
  if (!text) return fallback;
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const parsed = problemSchema.safeParse({ ...fallback, ...json, errors: json.errors ?? [] });
    return parsed.success ? { ...json, ...parsed.data } : fallback;
  } catch {
    return fallback;
  }
}

export async function request<S extends z.ZodType = z.ZodUnknown>(
  method: Method,
  path: string,
  options: RequestOptions<S> = {},
): Promise<z.infer<S>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.version !== undefined) headers['if-match'] = `"${options.version}"`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, {
      type: 'about:blank',
      title: 'Server not reachable',
      status: 0,
      detail: 'the Takt server did not answer; check the network and try again',
      errors: [],
    });
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  if (response.status === 204) return undefined as z.infer<S>;
  const json: unknown = await response.json();
  return (options.schema ? options.schema.parse(json) : json) as z.infer<S>;
}

export const api = {
  get: <S extends z.ZodType>(path: string, options?: RequestOptions<S>) => request('GET', path, options),
  post: <S extends z.ZodType>(path: string, body: unknown, options?: RequestOptions<S>) =>
    request('POST', path, { ...options, body }),
  patch: <S extends z.ZodType>(path: string, body: unknown, options?: RequestOptions<S>) =>
    request('PATCH', path, { ...options, body }),
  put: <S extends z.ZodType>(path: string, body: unknown, options?: RequestOptions<S>) =>
    request('PUT', path, { ...options, body }),
  delete: (path: string, options?: RequestOptions<z.ZodUnknown>) => request('DELETE', path, options),
};
