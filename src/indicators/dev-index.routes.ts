import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertCanReadDivision, requireRole, requireUser } from '../auth/policy.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { computeIndex, createIndexDefinition, getIndexDefinition, indexMethod, searchIndexes, updateIndexDefinition } from './dev-index.service.ts';
import { id, indexBody, indicatorParam, parentCode, periodCode } from './monitoring.schemas.ts';
import { devIndexOut, indexMethodOut, indexResultOut } from './monitoring.responses.ts';
import { defaultParent } from './ranking.routes.ts';
import { indicatorRef } from './ranking.service.ts';

const tags = ['monitoring'];
const admin = { preValidation: async (req: FastifyRequest) => void requireRole(req, 'admin') };

export const devIndexRoutes: FastifyPluginAsync<AppDeps> = async (plain, { db }) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get('/api/index', { schema: { tags, summary: 'Composite index definitions (宽带发展指数 and others)', response: { 200: z.object({ items: z.array(devIndexOut) }) } } }, async (req) => {
    requireUser(req);
    return { items: await searchIndexes(db) };
  });

  app.get('/api/index/:id/method', {
    schema: { tags, summary: 'How an index is computed: method text, formula, groups, components, references, weights, sources', params: z.object({ id: indicatorParam }), response: { 200: indexMethodOut } },
  }, async (req) => {
    requireUser(req);
    return indexMethod(db, indicatorRef(req.params.id));
  });

  app.get('/api/index/:id', {
    schema: {
      tags,
      summary: 'Index scores of `parent` and of each of its children in one period (default: the latest any component has data for), ranked, with group and component scores and the method',
      params: z.object({ id: indicatorParam }),
      querystring: z.object({ parent: parentCode.optional(), period: periodCode.optional() }),
      response: { 200: indexResultOut },
    },
  }, async (req) => {
    const user = requireUser(req);
    const parent = defaultParent(user, req.query.parent);
    assertCanReadDivision(user, parent);
    return computeIndex(db, indicatorRef(req.params.id), { parent, period: req.query.period });
  });

  app.post('/api/index', { ...admin, schema: { tags, summary: 'Define an index (admin)', body: indexBody, response: { 201: devIndexOut } } }, async (req, reply) => {
    return reply.status(201).send(await createIndexDefinition(db, req.actor(), req.body));
  });

  app.put('/api/index/:id', {
    ...admin,
    schema: { tags, summary: 'Replace an index definition whole (admin; current version required, else 409)', params: z.object({ id }), body: indexBody.extend({ version: z.number().int().positive() }), response: { 200: devIndexOut } },
  }, async (req) => {
    const { version, ...values } = req.body;
    await getIndexDefinition(db, req.params.id);
    return updateIndexDefinition(db, req.actor(), req.params.id, version, values);
  });
};
