import { listQuery, page } from '@takt/contracts';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/database';
import { auditLog } from '../tables';
import type { ZodApp } from './zod-app';

const auditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actorName: z.string(),
  entity: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

export function auditRoutes(app: ZodApp, db: Db): void {
  app.get(
    '/api/audit',
    {
      config: { auth: { action: 'read', subject: 'AuditLog' } },
      schema: {
        tags: ['audit'],
        summary: 'Who changed what, newest first',
        querystring: listQuery.extend({ entity: z.string().optional(), entityId: z.string().optional() }),
        response: { 200: page(auditEntry) },
      },
    },
    async (request) => {
      const { limit, offset, entity, entityId } = request.query;
      const filters: SQL[] = [];
      if (entity) filters.push(eq(auditLog.entity, entity));
      if (entityId) filters.push(eq(auditLog.entityId, entityId));
      const where = filters.length ? and(...filters) : undefined;
      const [rows, [{ total }]] = await Promise.all([
        db.select().from(auditLog).where(where).orderBy(desc(auditLog.at)).limit(limit).offset(offset),
        db.select({ total: count() }).from(auditLog).where(where),
      ]);
      return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })), total, limit, offset };
    },
  );
}
