import { z } from 'zod';
import { dataElementFields } from '../reporting/reporting.schemas.ts';
import { divisionCode, periodOrDay } from './monitoring.schemas.ts';

const elementChoice = z.union([
  z.object({ elementId: z.number().int().positive() }),
  // a new element takes the formula's level unless it names its own
  z.object({ element: dataElementFields.extend({ divisionLevel: dataElementFields.shape.divisionLevel.optional() }) }),
]);

/** POST /api/plans/:id/targets/:itemId/indicator: an indicator for the target, and the link. */
export const targetIndicatorBody = z.object({
  code: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'letters, digits and _, starting with a letter (max 64)'),
  name: z.string().trim().min(1, 'must not be empty').max(200),
  unit: z.string().trim().max(40).default(''),
  direction: z.enum(['higher', 'lower']).default('higher'),
  factor: z.number().finite().refine((x) => x !== 0, 'must not be 0').default(1),
  level: z.number().int().min(1, 'a division level 1 (province) … 5 (village)').max(5),
  numerator: elementChoice,
  denominator: elementChoice.nullable().default(null),
  link: z
    .object({
      divisionCode: divisionCode.optional(),
      area: z.enum(['all', 'urban', 'rural']).optional(),
      baseline: z.object({ value: z.number().finite().nullable(), at: periodOrDay }).nullable().optional(),
      deadline: periodOrDay.nullable().optional(),
      frequency: z.enum(['M', 'Q', 'H', 'Y']).optional(),
    })
    .default({}),
});

const grain = z.object({ periodType: z.enum(['M', 'Q', 'H', 'Y']), temporal: z.enum(['stock', 'flow']) });

const indicatorSummaryOut = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  direction: z.enum(['higher', 'lower']),
  status: z.enum(['active', 'archived']),
  grain: z.object({ numerator: grain, denominator: grain.nullable() }),
});

/** A target with its link and indicator (target-links.service.ts LinkedTarget). */
export const linkedTargetOut = z.object({
  item: z.object({
    itemId: z.number(),
    planId: z.number(),
    text: z.string(),
    scopeText: z.string().nullable(),
    unit: z.string(),
    value: z.number(),
    comparator: z.enum(['>=', '<=', '=']),
    deadline: z.string().nullable(),
    baseline: z.object({ value: z.number().nullable(), at: z.string() }).nullable(),
  }),
  link: z
    .object({
      id: z.number(),
      itemId: z.number(),
      indicatorId: z.number(),
      divisionCode: z.string(),
      area: z.enum(['all', 'urban', 'rural']),
      unitId: z.number().nullable(),
      baselineValue: z.number().nullable(),
      baselineAt: z.string().nullable(),
      deadline: z.string().nullable(),
      targetValue: z.number().nullable(),
      comparator: z.enum(['>=', '<=', '=']).nullable(),
      frequency: z.enum(['M', 'Q', 'H', 'Y']),
      updatedAt: z.string(),
      version: z.number(),
    })
    .nullable(),
  indicator: indicatorSummaryOut.nullable(),
});
