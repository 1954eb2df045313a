import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../platform/http/context.ts';
import { listAudit } from './audit.repository.ts';
import { requireRole } from './policy.ts';

const auditOut = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});

/** Read-only by design: the audit trail has no route that edits or deletes it. */
export const auditRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<ZodTypeProvider>();
  // Guard before validation: without the right, 401/403 rather than a schema lesson.
  app.addHook('preValidation', async (req) => {
    requireRole(req, 'admin');
  });
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit trail, newest first (admin)',
        querystring: z.object({
          entity: z.string().max(64).optional(),
          entityId: z.string().max(200).optional(),
          actorId: z.coerce.number().int().positive().optional(),
          action: z.string().max(64).optional(),
          from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
          to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(auditOut), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (req) => {
      const { page, pageSize, from, to, ...rest } = req.query;
      const r = await listAudit(
        db.kysely,
        { ...rest, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined },
        page,
        pageSize,
      );
      return {
        items: r.items.map((a) => ({ ...a, at: a.at.toISOString() })),
        total: r.total,
        page,
        pageSize,
      };
    },
  );
};
