import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../auth/policy.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { assertCanReadPlan } from '../plans/plan.access.ts';
import { getPlan } from '../plans/plan.service.ts';
import { today } from '../kernel/clock.ts';
import { isDay } from '../kernel/day.ts';
import { planReporting } from '../reporting/completeness.service.ts';
import { submissionScope } from '../reporting/reporting.access.ts';
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

const counts = z.object({
  expected: z.number().int(),
  submitted: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  missing: z.number().int(),
  submittedRate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
});
const definition = z.object({ key: z.string(), label: z.object({ zh: z.string(), en: z.string() }), definition: z.object({ zh: z.string(), en: z.string() }) });
const reportingSchema = z.object({
  planId: z.number().int(),
  period: z.string().nullable(),
  asOf: z.string(),
  definitions: z.object({ onTimeRate: definition, submittedRate: definition }),
  totals: counts,
  byUnit: z.array(counts.extend({ unitId: z.number().int(), unitName: z.string() })),
  byPeriod: z.array(counts.extend({ period: z.string() })),
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

  app.get(
    '/api/plans/:id/reporting',
    {
      preValidation: async (req) => void requireUser(req),
      schema: {
        tags: ['dashboards'],
        summary:
          'Reporting of the plan for a period (its forms, the periods within it): owed, on time, late, missing, with the rates and their definitions — the numbers the briefing prints. asOf defaults to the day after the period’s last due date (never after today)',
        params: z.object({ id: z.coerce.number().int().positive() }),
        querystring: z.object({ period: period.optional(), asOf: z.string().refine(isDay, 'a date YYYY-MM-DD').optional() }),
        response: { 200: reportingSchema },
      },
    },
    async (req) => {
      const plan = await getPlan(db, req.params.id);
      await assertCanReadPlan(db.kysely, req.user, plan);
      // The same scope as the completeness API: a reporter sees its unit, a viewer its division.
      const scope = submissionScope(req.user);
      return planReporting(
        db.kysely,
        {
          planId: plan.id,
          period: req.query.period,
          asOf: req.query.asOf,
          unitId: 'unitId' in scope ? scope.unitId : undefined,
          divisionPrefix: 'divisionPrefix' in scope ? scope.divisionPrefix : undefined,
        },
        today(),
      );
    },
  );
};
