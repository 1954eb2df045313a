import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertCanReadDivision, requireUser } from '../auth/policy.ts';
import { getDivision } from '../divisions/division.service.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { assertCanReadPlan } from '../plans/plan.access.ts';
import { notFound } from '../platform/errors.ts';
import { findPlanById } from '../plans/plan.read.ts';
import { getPlan } from '../plans/plan.service.ts';
import { divisionCode, id, statusQuery } from './monitoring.schemas.ts';
import { comparisonWithStatusOut, divisionStatusOut, planStatusOut } from './monitoring.responses.ts';
import { cachedPlanStatusJson } from './status.cache.ts';
import { compareWithStatus, divisionTargetStatus, type PlanStatusReport } from './status.service.ts';

const tags = ['monitoring'];

export const statusRoutes: FastifyPluginAsync<AppDeps> = async (plain, { db, config }) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const warnDays = config.LUOSHI_DEADLINE_WARN_DAYS;

  app.get('/api/plans/:id/status', {
    schema: {
      tags,
      summary: 'Every target with its trajectory status (已达成/正常推进/需加快/进展有限/倒退/无数据), every task and milestone with its deadline light; as at the end of `period` or on `asOf` (default today)',
      params: z.object({ id }),
      querystring: statusQuery,
      response: { 200: planStatusOut },
    },
  }, async (req, reply) => {
    requireUser(req);
    // The plan row alone (not getPlan's counts and basis): the check runs on every read.
    const plan = await findPlanById(db, req.params.id);
    if (!plan) throw notFound('plan', req.params.id);
    await assertCanReadPlan(db.kysely, req.user, plan);
    // Cached per (plan, period, as-of) under the status epoch and serialised once (status.cache.ts):
    // the leader's most-read page. A JSON string is sent as is.
    const json = await cachedPlanStatusJson(db, req.params.id, { ...req.query, warnDays });
    // Fastify sends a string with a JSON content type as is (no schema serialisation): the text is
    // the PlanStatusReport the response schema describes.
    return reply.type('application/json; charset=utf-8').send(json as unknown as PlanStatusReport);
  });

  app.get('/api/plans/:id/targets/compare/status', {
    schema: { tags, summary: 'Each target beside the same indicator in related plans, with the status of each', params: z.object({ id }), querystring: statusQuery, response: { 200: comparisonWithStatusOut } },
  }, async (req) => {
    requireUser(req);
    await assertCanReadPlan(db.kysely, req.user, await getPlan(db, req.params.id));
    const readable = async (otherId: number) => assertCanReadPlan(db.kysely, req.user, await getPlan(db, otherId)).then(() => true, () => false);
    return compareWithStatus(db, req.params.id, readable, req.query);
  });

  app.get('/api/divisions/:code/indicators', {
    schema: {
      tags,
      summary: 'The targets set for this division (linked with it as scope) in any plan, each with its indicator values and status',
      params: z.object({ code: divisionCode }),
      querystring: statusQuery,
      response: { 200: divisionStatusOut },
    },
  }, async (req) => {
    const user = requireUser(req);
    assertCanReadDivision(user, req.params.code);
    await getDivision(db, req.params.code);
    // The division's own targets are its data, whichever plan set them: reading the division is
    // what is authorised here.
    return divisionTargetStatus(db, req.params.code, { ...req.query, canReadPlan: async () => true });
  });
};
