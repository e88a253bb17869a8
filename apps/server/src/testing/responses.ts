/**
 * Reading route answers in tests: `ok` asserts the status (200 unless told) with the body as the
 * failure message and returns the parsed body; `approveAndImplement` takes an engineering change
 * through its two steps as the UI's buttons do (a planner approves, an engineer implements).
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from './test-app';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions that read them
type Body = any;

export async function ok<T = Body>(response: Promise<LightMyRequestResponse>, status = 200): Promise<T> {
  const r = await response;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as T;
}

/** The implemented change. */
export async function approveAndImplement(
  t: TestApp,
  change: { id: string; version: number },
): Promise<Body> {
  const approved = await ok(
    t.as('planner').post(`/api/engineering-changes/${change.id}/approve`, { version: change.version }),
  );
  return ok(
    t.as('engineer').post(`/api/engineering-changes/${change.id}/implement`, { version: approved.version }),
  );
}
