import { z } from 'zod';

/** Response shapes of the public API, for the OpenAPI document (tag open-data). */
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
  status: z.string().describe('achieved | on_track | accelerate | limited | regressing | no_data'),
  expectedByNow: z.number().nullable(),
  projection: z.number().nullable(),
  series: z.array(publicPointSchema),
});

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
