import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/policy.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { noContent } from '../platform/http/responses.ts';
import { listCandidates, listPublications, publish, unpublish } from './publication.service.ts';

const kind = z.enum(['plan', 'indicator', 'index']);
const subject = z.string().min(1).max(100).regex(/^[A-Za-z0-9_.-]+$/, 'a plan id, indicator code or index code');

const publicationSchema = z.object({
  kind,
  subject: z.string(),
  lowestLevel: z.number().int().nullable(),
  fromPeriod: z.string().nullable(),
  note: z.string().nullable(),
  publishedBy: z.number().int().nullable(),
  publishedAt: z.string(),
  updatedAt: z.string(),
});

/** The office decides what is public: list, publish (with limits), unpublish. Admin only, audited. */
export const publishingRoutes: FastifyPluginAsync<AppDeps> = async (app, { db }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['publishing'];
  // Refuse non-admins before validating input, so a 401/403 never reveals what a valid body is.
  app.addHook('preValidation', async (req) => void requireRole(req, 'admin'));

  api.get('/api/publishing', {
    schema: {
      tags,
      summary: 'Everything publishable (plans, indicators, indexes) with its current publication',
      response: {
        200: z.object({
          items: z.array(z.object({ kind, subject: z.string(), title: z.string(), detail: z.string().nullable(), publishable: z.boolean(), reason: z.string().nullable(), publication: publicationSchema.nullable() })),
        }),
      },
    },
  }, async (req) => {
    requireRole(req, 'admin');
    return { items: await listCandidates(db) };
  });

  api.get('/api/publishing/publications', {
    schema: { tags, summary: 'Current publications only', querystring: z.object({ kind: kind.optional() }), response: { 200: z.object({ items: z.array(publicationSchema) }) } },
  }, async (req) => {
    requireRole(req, 'admin');
    return { items: await listPublications(db, req.query.kind) };
  });

  api.put('/api/publishing/:kind/:subject', {
    schema: {
      tags,
      summary: 'Publish a plan (with its targets, status and trajectories), an indicator (down to lowestLevel, from fromPeriod) or an index (with its method)',
      params: z.object({ kind, subject }),
      body: z.object({
        lowestLevel: z.number().int().min(1).max(5).nullable().optional().describe('indicator/index: deepest division level shown (1 province … 5 village)'),
        fromPeriod: z.string().max(10).nullable().optional().describe('indicator: first period shown, e.g. 2014Q1'),
        note: z.string().max(1000).nullable().optional(),
      }),
      response: { 200: publicationSchema },
    },
  }, async (req) => {
    requireRole(req, 'admin');
    return publish(db, req.actor(), req.params.kind, req.params.subject, req.body);
  });

  api.delete('/api/publishing/:kind/:subject', {
    schema: { tags, summary: 'Withdraw a subject from the public portal', params: z.object({ kind, subject }), response: { 204: noContent } },
  }, async (req, reply) => {
    requireRole(req, 'admin');
    await unpublish(db, req.actor(), req.params.kind, req.params.subject);
    return reply.status(204).send();
  });
};
