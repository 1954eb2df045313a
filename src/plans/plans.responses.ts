import { z } from 'zod';
import { ITEM_KINDS } from './plan-item.schemas.ts';

/**
 * What the plan routes answer. The serializer encodes every reply through these (unknown keys are
 * dropped), and the web client's types are generated from them: change a reply here, not in the web.
 */
export const planOut = z.object({
  id: z.number(),
  title: z.string(),
  docNumber: z.string().nullable(),
  issuer: z.string().nullable(),
  issuedOn: z.string().nullable(),
  periodStart: z.number().nullable(),
  periodEnd: z.number().nullable(),
  divisionCode: z.string().nullable(),
  status: z.enum(['draft', 'active', 'archived']),
  published: z.boolean(),
  sourceFilename: z.string().nullable(),
  sourceFormat: z.string().nullable(),
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
  version: z.number(),
});

export const planDetailOut = planOut.extend({
  counts: z.record(z.string(), z.number()),
  basis: z.array(z.object({ title: z.string().nullable(), docNumber: z.string().nullable(), linkedPlanId: z.number().nullable() })),
});

export const planItemOut = z.object({
  id: z.number(),
  planId: z.number(),
  kind: z.enum(ITEM_KINDS),
  parentId: z.number().nullable(),
  ord: z.number(),
  /** The item's fields; their shape per kind is plan-item.schemas.ts. */
  data: z.record(z.string(), z.unknown()),
  span: z.tuple([z.number(), z.number()]).nullable(),
  reviewStatus: z.enum(['pending', 'accepted', 'edited', 'deleted', 'added']),
  version: z.number(),
  units: z.array(
    z.object({
      role: z.enum(['lead', 'responsible', 'investor', 'reporter']),
      nameAsWritten: z.string(),
      unitId: z.number().nullable(),
      unitName: z.string().nullable(),
      unitStatus: z.string().nullable(),
    }),
  ),
});

export const relatedPlanOut = z.object({
  id: z.number(),
  title: z.string(),
  docNumber: z.string().nullable(),
  relation: z.enum(['implements', 'implemented_by']),
});

const comparableTarget = z.object({
  itemId: z.number(),
  planId: z.number(),
  planTitle: z.string(),
  indicator: z.string(),
  scope: z.string().nullable(),
  value: z.number(),
  unit: z.string(),
  comparator: z.string(),
  deadline: z.string().nullable(),
});

export const targetComparisonOut = z.object({
  target: comparableTarget,
  counterparts: z.array(comparableTarget.extend({ similarity: z.number() })),
});

export const scheduledPeriodOut = z.object({
  code: z.string(),
  type: z.enum(['M', 'Q', 'H', 'Y']),
  year: z.number(),
  index: z.number(),
  start: z.string(),
  end: z.string(),
  dueOn: z.string().nullable(),
  locksOn: z.string().nullable(),
  exempt: z.boolean(),
});

export const dutyCalendarOut = z.object({
  dutyId: z.number(),
  what: z.string(),
  frequency: z.string(),
  reporter: z.string().nullable(),
  periods: z.array(scheduledPeriodOut),
});

export const importResultOut = z.object({
  plan: planOut,
  counts: z.record(z.string(), z.number()),
  proposedUnits: z.array(z.object({ id: z.number(), name: z.string() })),
});
