import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../auth/policy.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { assertCanReadPlan } from '../plans/plan.access.ts';
import { getPlan } from '../plans/plan.service.ts';
import { planInvestments } from './investments.service.ts';

const period = z.string().regex(/^\d{4}(M(0[1-9]|1[0-2])|Q[1-4]|H[12])?$/, 'a period code such as 2014, 2014Q2, 2014H1 or 2014M06');

const investmentSchema = z.object({
  planId: z.number().int(),
  doneElement: z.object({ id: z.number().int(), code: z.string(), name: z.string(), unit: z.string() }).nullable(),
  currency: z.string(),
  items: z.array(
    z.object({ unitId: z.number().int().nullable(), unitName: z.string(), planned: z.number(), done: z.number(), currency: z.string(), years: z.array(z.number().int()) }),
  ),
  totals: z.object({ planned: z.number(), done: z.number() }),
});

export const dashboardRoutes: FastifyPluginAsync<AppDeps> = async (plain, { db }) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/plans/:id/investments',
    {
      preValidation: async (req) => void requireUser(req),
      schema: {
        tags: ['dashboards'],
        summary: 'Investment planned (plan items) vs done (data element 完成投资额 reported by units), by unit',
        params: z.object({ id: z.coerce.number().int().positive() }),
        querystring: z.object({ period: period.optional() }),
        response: { 200: investmentSchema },
      },
    },
    async (req) => {
      const plan = await getPlan(db, req.params.id);
      await assertCanReadPlan(db.kysely, req.user, plan);
      return planInvestments(db, plan.id, { upToYear: req.query.period ? Number(req.query.period.slice(0, 4)) : undefined });
    },
  );
};
