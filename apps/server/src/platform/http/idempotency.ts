/**
 * Idempotency-Key on creating POSTs: the first successful result is stored per principal and
 * key; a retry with the same key returns it (with Idempotency-Replayed: true) instead of
 * creating twice. A key reused for a different path is a 422.
 */
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database';
import { ruleViolation } from '../errors';
import { idempotencyKeys } from '../tables';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

export function installIdempotency(app: FastifyInstance, db: Db): void {
  app.decorateRequest('idempotencyKey', undefined);

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.principal) return;
    if (key.length < 8 || key.length > 200) {
      throw ruleViolation('Idempotency-Key', 'length', 'Idempotency-Key must have 8 to 200 characters');
    }
    const [stored] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.principal, request.principal.userId), eq(idempotencyKeys.key, key)));
    if (stored) {
      if (stored.path !== request.url || stored.method !== request.method) {
        throw ruleViolation(
          'Idempotency-Key',
          'reuse',
          `this key was already used for ${stored.method} ${stored.path}`,
        );
      }
      return reply.code(stored.status).header('idempotency-replayed', 'true').send(stored.body);
    }
    request.idempotencyKey = key;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.idempotencyKey || !request.principal || reply.statusCode >= 300) return payload;
    const body = typeof payload === 'string' && payload.length > 0 ? JSON.parse(payload) : null;
    await db
      .insert(idempotencyKeys)
      .values({
        key: request.idempotencyKey,
        principal: request.principal.userId,
        method: request.method,
        path: request.url,
        status: reply.statusCode,
        body,
      })
      .onConflictDoNothing();
    return payload;
  });
}
