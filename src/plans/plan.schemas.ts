import { z } from 'zod';
import { UNIT_KINDS, UNIT_STATUSES } from '../divisions/unit.schemas.ts';

/** Response and request shapes of the plan routes (the OpenAPI document is generated from them). */

export { planItemOut, planOut } from './plans.responses.ts';

export const REVIEW_STATUSES = ['pending', 'accepted', 'edited', 'deleted', 'added'] as const;
export const UNIT_ROLES = ['lead', 'responsible', 'investor', 'reporter'] as const;

const year = z.number().int().min(1900, 'a year from 1900').max(2200, 'a year up to 2200');
const optionalText = (max: number) => z.string().trim().max(max, `at most ${max} characters`).nullable().optional();

export const planMetadataPatch = z.object({
  version: z.number().int().positive(),
  title: z.string().trim().min(1, 'must not be empty').max(500, 'at most 500 characters').optional(),
  docNumber: optionalText(100),
  issuer: optionalText(200),
  issuedOn: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD').nullable().optional(),
  periodStart: year.nullable().optional(),
  periodEnd: year.nullable().optional(),
  divisionCode: z.string().regex(/^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$/, 'a division code has 2, 4, 6, 9 or 12 digits').optional(),
});

export const bulkBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), items: z.array(z.object({ id: z.number().int().positive(), version: z.number().int().positive() })).min(1).max(1000) }),
  z.object({ action: z.literal('delete'), items: z.array(z.object({ id: z.number().int().positive(), version: z.number().int().positive() })).min(1).max(1000) }),
  z.object({
    action: z.literal('assignUnit'),
    items: z.array(z.object({ id: z.number().int().positive(), version: z.number().int().positive() })).min(1).max(1000),
    unitId: z.number().int().positive(),
    role: z.enum(UNIT_ROLES),
  }),
]);

export const checklistOut = z.object({
  planId: z.number(),
  version: z.number(),
  ready: z.boolean(),
  entries: z.array(
    z.object({
      code: z.enum(['no_period', 'duty_no_frequency', 'pending_items', 'proposed_units', 'duty_no_due', 'duty_due_before_end', 'target_no_indicator', 'no_period_end']),
      severity: z.enum(['blocking', 'warning']),
      message: z.string(),
      itemIds: z.array(z.number()),
      unitIds: z.array(z.number()),
      suggestion: z.object({ periodEnd: z.number().optional() }).nullable(),
    }),
  ),
});

const unitBrief = z.object({
  id: z.number(),
  name: z.string(),
  status: z.enum(UNIT_STATUSES),
  kind: z.enum(UNIT_KINDS),
  divisionCode: z.string(),
  aliases: z.array(z.string()),
  version: z.number(),
  mergedIntoId: z.number().nullable(),
});

export const planUnitsOut = z.object({
  units: z.array(
    z.object({
      unit: unitBrief,
      names: z.array(z.string()),
      itemIds: z.array(z.number()),
      suggestions: z.array(z.object({ id: z.number(), name: z.string(), status: z.enum(UNIT_STATUSES), reason: z.enum(['same_base', 'contains']) })),
    }),
  ),
  unlinked: z.array(z.object({ name: z.string(), itemIds: z.array(z.number()) })),
});
