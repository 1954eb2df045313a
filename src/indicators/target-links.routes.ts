import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole, requireUser } from '../auth/policy.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { noContent } from '../platform/http/responses.ts';
import { assertCanReadPlan } from '../plans/plan.access.ts';
import { getPlan } from '../plans/plan.service.ts';
import { id, linkBody } from './monitoring.schemas.ts';
import { createIndicatorForTarget } from './target-indicator.service.ts';
import { linkedTargetOut, targetIndicatorBody } from './target-indicator.schemas.ts';
import { linkingTargetOut, suggestionOut } from './monitoring.responses.ts';
import { planTargetsForLinking, removeTargetLink, saveTargetLink, suggestIndicators } from './target-links.service.ts';

const tags = ['monitoring'];
const admin = { preValidation: async (req: FastifyRequest) => void requireRole(req, 'admin') };

export const targetLinkRoutes: FastifyPluginAsync<AppDeps> = async (plain, { db }) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const readPlan = async (req: FastifyRequest, planId: number) => {
    requireUser(req);
    await assertCanReadPlan(db.kysely, req.user, await getPlan(db, planId));
  };

  app.get('/api/plans/:id/targets/links', {
    schema: { tags, summary: 'Each target of the plan with its indicator link (null when unlinked), the values it is judged against, and for unlinked targets the best indicator suggestions', params: z.object({ id }), response: { 200: z.object({ items: z.array(linkingTargetOut) }) } },
  }, async (req) => {
    await readPlan(req, req.params.id);
    return { items: await planTargetsForLinking(db, req.params.id) };
  });

  app.get('/api/plans/:id/targets/:itemId/suggestions', {
    schema: { tags, summary: 'Indicators whose name resembles the target (bigram similarity), best first', params: z.object({ id, itemId: id }), querystring: z.object({ limit: z.coerce.number().int().min(1).max(20).default(5) }), response: { 200: z.object({ items: z.array(suggestionOut) }) } },
  }, async (req) => {
    await readPlan(req, req.params.id);
    return { items: await suggestIndicators(db, req.params.id, req.params.itemId, req.query.limit) };
  });

  app.put('/api/plans/:id/targets/:itemId/link', {
    ...admin,
    schema: {
      tags,
      summary: 'Link a target to an indicator, scope and baseline (create without version; change with the current version, else 409)',
      params: z.object({ id, itemId: id }),
      body: linkBody,
      response: { 200: linkedTargetOut, 201: linkedTargetOut },
    },
  }, async (req, reply) => {
    const created = req.body.version === undefined;
    const r = await saveTargetLink(db, req.actor(), req.params.id, req.params.itemId, req.body);
    return reply.status(created ? 201 : 200).send(r);
  });

  app.post('/api/plans/:id/targets/:itemId/indicator', {
    ...admin,
    schema: {
      tags,
      summary: 'Create an indicator for a target in one step (admin): new or existing data elements, formula numerator / denominator × factor, and the link; all or nothing; also on active plans',
      params: z.object({ id, itemId: id }),
      body: targetIndicatorBody,
      response: { 201: linkedTargetOut },
    },
  }, async (req, reply) => reply.status(201).send(await createIndicatorForTarget(db, req.actor(), req.params.id, req.params.itemId, req.body)));

  app.delete('/api/plans/:id/targets/:itemId/link', {
    ...admin,
    schema: { tags, summary: 'Unlink a target (with the link version)', params: z.object({ id, itemId: id }), querystring: z.object({ version: z.coerce.number().int().positive() }), response: { 204: noContent } },
  }, async (req, reply) => {
    await removeTargetLink(db, req.actor(), req.params.id, req.params.itemId, req.query.version);
    return reply.status(204).send();
  });
};
