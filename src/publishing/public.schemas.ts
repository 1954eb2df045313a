import { z } from 'zod';

/** Response shapes of the public API, for the OpenAPI document (tag open-data). */

/** A target's trajectory status (indicators/trajectory.ts): an enum, so the portal's type says which. */
const targetStatus = z.enum(['achieved', 'on_track', 'accelerate', 'limited', 'regressing', 'no_data']);

export const publicPlanSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  docNumber: z.string().nullable(),
  issuer: z.string().nullable(),
  issuedOn: z.string().nullable(),
  periodStart: z.number().int().nullable(),
  periodEnd: z.number().int().nullable(),
  divisionCode: z.string().nullable(),
  divisionName: z.string().nullable(),
  status: z.enum(['active', 'archived']),
  publishedAt: z.string(),
  updatedAt: z.string(),
  targetCount: z.number().int(),
});

export const publicPointSchema = z.object({ period: z.string(), value: z.number() });

export const publicTargetSchema = z.object({
  id: z.number().int(),
  planId: z.number().int(),
  indicator: z.string(),
  indicatorCode: z.string().nullable(),
  scope: z.string().nullable(),
  unit: z.string(),
  comparator: z.enum(['>=', '<=', '=']),
  baseline: z.object({ value: z.number(), period: z.string().nullable() }).nullable(),
  latest: z.object({ value: z.number(), period: z.string() }).nullable(),
  target: z.number(),
  deadline: z.string().nullable(),
  status: targetStatus,
  statusLabel: z.object({ zh: z.string(), en: z.string() }),
  divisionCode: z.string().nullable(),
  frequency: z.string().nullable(),
  expectedByNow: z.number().nullable(),
  projection: z.number().nullable(),
  series: z.array(publicPointSchema),
});

export const publicIndicatorSchema = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  unit: z.string(),
  direction: z.enum(['higher', 'lower']),
  description: z.string().nullable(),
  source: z.string().nullable(),
  lowestLevel: z.number().int().nullable(),
  fromPeriod: z.string().nullable(),
  publishedAt: z.string(),
});

export const publicIndicatorDetailSchema = publicIndicatorSchema.extend({
  targets: z.array(
    z.object({
      planId: z.number().int(),
      planTitle: z.string(),
      id: z.number().int(),
      indicator: z.string(),
      divisionCode: z.string().nullable(),
      target: z.number(),
      comparator: z.enum(['>=', '<=', '=']),
      deadline: z.string().nullable(),
      status: targetStatus,
      statusLabel: z.object({ zh: z.string(), en: z.string() }),
      latest: z.object({ value: z.number(), period: z.string() }).nullable(),
    }),
  ),
});

export const publicValueSchema = z.object({
  divisionCode: z.string(),
  divisionName: z.string(),
  level: z.number().int(),
  period: z.string(),
  value: z.number(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  contributors: z.number().int(),
});

export const publicIndexSchema = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  lowestLevel: z.number().int().nullable(),
  publishedAt: z.string(),
  method: z.object({
    text: z.string(),
    formula: z.string(),
    scale: z.number(),
    groups: z.array(z.object({ code: z.string(), name: z.string(), weight: z.number() })),
    components: z.array(
      z.object({ indicator: z.string(), name: z.string(), group: z.string(), reference: z.number(), log: z.boolean(), cap: z.number(), weight: z.number(), unit: z.string().nullable() }),
    ),
    sources: z.array(z.string()),
  }),
});

export const publicIndexRowSchema = z.object({
  divisionCode: z.string(),
  divisionName: z.string(),
  period: z.string(),
  score: z.number().nullable(),
  rank: z.number().int().nullable(),
  groups: z.array(z.object({ code: z.string(), score: z.number().nullable() })),
  components: z.array(z.object({ indicator: z.string(), value: z.number().nullable(), z: z.number().nullable() })),
  missing: z.array(z.string()),
});

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
