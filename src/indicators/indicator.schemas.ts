import { z } from 'zod';

const elementId = z.number().int().positive().max(2 ** 31 - 1);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');

/** The fields of one definition version. */
export const definitionFields = z.object({
  name: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().max(200).nullable().optional(),
  unit: z.string().trim().max(40).default(''),
  direction: z.enum(['higher', 'lower']),
  numeratorElementId: elementId,
  denominatorElementId: elementId.nullable().optional(),
  factor: z.number().finite().refine((x) => x !== 0, 'must not be 0').default(1),
  description: z.string().max(4000).nullable().optional(),
  source: z.string().max(1000).nullable().optional(),
});

export const indicatorInput = definitionFields.extend({
  code: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'letters, digits and _, starting with a letter (max 64)'),
  published: z.boolean().default(false),
});
export type IndicatorInput = z.input<typeof indicatorInput>;

/**
 * A change. Definition fields (name, unit, elements, factor, …) create a new version valid from
 * `validFrom` (default: today), later than the latest version's; `published` and `status` change
 * the indicator without a new version. `version` is the optimistic lock read with the indicator.
 */
export const indicatorPatch = definitionFields.partial().extend({
  version: z.number().int().positive(),
  validFrom: isoDay.optional(),
  reason: z.string().max(1000).optional(),
  published: z.boolean().optional(),
  status: z.enum(['active', 'archived']).optional(),
});
export type IndicatorPatch = z.input<typeof indicatorPatch>;

const versionOut = z.object({
  number: z.number(),
  name: z.string(),
  nameEn: z.string().nullable(),
  unit: z.string(),
  direction: z.enum(['higher', 'lower']),
  numeratorElementId: z.number(),
  denominatorElementId: z.number().nullable(),
  factor: z.number(),
  description: z.string().nullable(),
  source: z.string().nullable(),
  validFrom: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.number().nullable(),
});

export const indicatorOut = z.object({
  id: z.number(),
  code: z.string(),
  status: z.enum(['active', 'archived']),
  published: z.boolean(),
  latestVersion: z.number(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  definition: versionOut,
});

export const indicatorDetailOut = indicatorOut.extend({ versions: z.array(versionOut) });
