import { z } from 'zod';
import { isDay } from '../kernel/day.ts';

/**
 * Input schemas of the reporting API. The services accept the inferred types and re-check what
 * only the database can tell (an element belongs to the form, a division to the unit's rows).
 */
export const PERIOD_TYPES = ['M', 'Q', 'H', 'Y'] as const;
export const VALUE_TYPES = ['integer', 'number', 'percent'] as const;
export const PROGRESS_STATUSES = ['not_started', 'in_progress', 'done', 'behind', 'blocked'] as const;
export const SUBMISSION_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;
export const RULE_OPS = ['<=', '<', '>=', '>', '='] as const;

export const id = z.coerce.number().int().positive().max(2 ** 31 - 1);
const bodyId = z.number().int().positive().max(2 ** 31 - 1);
export const divisionCode = z
  .string()
  .trim()
  .regex(/^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$/, 'a division code has 2, 4, 6, 9 or 12 digits');
export const periodCode = z.string().regex(/^\d{4}(M(0[1-9]|1[0-2])|Q[1-4]|H[12])?$/, 'a period code such as 2014M03, 2014Q1, 2014H1 or 2014');
export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').refine(isDay, 'not a real date');
const elementCode = z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a code: a letter, then letters, digits or _ (at most 64)');

export const dueRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offset'), days: z.number().int().min(0).max(366) }),
  z.object({ kind: z.literal('fixed'), dates: z.array(z.string().regex(/^\d{2}-\d{2}$/, 'MM-DD').nullable()).min(1).max(12) }),
]);

// ---- data elements --------------------------------------------------------------------------

export const dataElementFields = z.object({
  code: elementCode,
  name: z.string().trim().min(1, 'must not be empty').max(200),
  valueType: z.enum(VALUE_TYPES),
  unit: z.string().trim().max(50).default(''),
  min: z.number().finite().nullable().optional(),
  max: z.number().finite().nullable().optional(),
  periodType: z.enum(PERIOD_TYPES).default('M'),
  temporal: z.enum(['stock', 'flow']),
  spatial: z.enum(['sum', 'weighted']).default('sum'),
  weightElementId: bodyId.nullable().optional(),
  divisionLevel: z.number().int().min(1, 'a division level 1 (province) … 5 (village)').max(5),
  maxJumpShare: z.number().positive().finite().nullable().optional(),
  description: z.string().max(2000).nullable().optional(),
  perUnit: z.boolean().optional().describe('several units report it for one division and period; the division value is their sum (spatial must be sum)'),
});
export type DataElementInput = z.output<typeof dataElementFields>;

export const dataElementPatch = z.object({
  code: elementCode.optional(),
  name: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  valueType: z.enum(VALUE_TYPES).optional(),
  unit: z.string().trim().max(50).optional(),
  min: z.number().finite().nullable().optional(),
  max: z.number().finite().nullable().optional(),
  periodType: z.enum(PERIOD_TYPES).optional(),
  temporal: z.enum(['stock', 'flow']).optional(),
  spatial: z.enum(['sum', 'weighted']).optional(),
  weightElementId: bodyId.nullable().optional(),
  divisionLevel: z.number().int().min(1).max(5).optional(),
  maxJumpShare: z.number().positive().finite().nullable().optional(),
  description: z.string().max(2000).nullable().optional(),
  perUnit: z.boolean().optional(),
  version: z.number().int().positive(),
});
export type DataElementPatch = z.output<typeof dataElementPatch>;

// ---- forms ----------------------------------------------------------------------------------

export const formElementInput = z.object({ elementId: bodyId, required: z.boolean().default(true) });
export const assignmentInput = z.object({ unitId: bodyId, divisionCode });
export const ruleInput = z.object({
  leftElementId: bodyId,
  op: z.enum(RULE_OPS),
  rightElementId: bodyId,
  factor: z.number().finite().default(1),
  severity: z.enum(['error', 'warning']).default('warning'),
  message: z.string().trim().min(1).max(500),
});
export type FormElementInput = z.output<typeof formElementInput>;
export type AssignmentInput = z.output<typeof assignmentInput>;
export type RuleInput = z.output<typeof ruleInput>;

export const formFields = z.object({
  code: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'a code: a letter, then letters, digits, _ or - (at most 64)'),
  name: z.string().trim().min(1, 'must not be empty').max(200),
  planId: bodyId.nullable().optional(),
  /** copy the schedule (period type, due rule, grace days, exemptions, span) of a plan's reporting duty */
  dutyId: bodyId.optional(),
  periodType: z.enum(PERIOD_TYPES).optional(),
  dueRule: dueRule.optional(),
  graceDays: z.number().int().min(0).max(365).optional(),
  exempt: z.array(periodCode).max(500).optional(),
  startsOn: day.optional(),
  endsOn: day.optional(),
  includesProgress: z.boolean().optional(),
  elements: z.array(formElementInput).max(1000).default([]),
  assignments: z.array(assignmentInput).max(20_000).default([]),
  rules: z.array(ruleInput).max(500).default([]),
  /** the plan tasks asked about (with their milestones); empty: every task the unit leads or shares */
  taskIds: z.array(bodyId).max(2000).optional(),
});
export type FormInput = z.output<typeof formFields>;

export const formPatch = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  planId: bodyId.nullable().optional(),
  periodType: z.enum(PERIOD_TYPES).optional(),
  dueRule: dueRule.optional(),
  graceDays: z.number().int().min(0).max(365).optional(),
  exempt: z.array(periodCode).max(500).optional(),
  startsOn: day.optional(),
  endsOn: day.optional(),
  includesProgress: z.boolean().optional(),
  status: z.enum(['active', 'archived']).optional(),
  /** each list, when given, replaces the stored one */
  elements: z.array(formElementInput).max(1000).optional(),
  assignments: z.array(assignmentInput).max(20_000).optional(),
  rules: z.array(ruleInput).max(500).optional(),
  taskIds: z.array(bodyId).max(2000).optional(),
  version: z.number().int().positive(),
});
export type FormPatch = z.output<typeof formPatch>;

/** The cells a form would ask of a unit assigned these division roots, before it is saved. */
export const formPreviewBody = z.object({
  elements: z.array(formElementInput).max(1000),
  divisionCodes: z.array(divisionCode).min(1, 'give the division a unit reports for').max(50),
});

// ---- submissions ----------------------------------------------------------------------------

export const valueInput = z.object({
  elementId: bodyId.optional(),
  elementCode: z.string().trim().max(64).optional(),
  divisionCode,
  value: z.number().finite().nullable(),
  comment: z.string().max(2000).nullable().optional(),
});
export const progressInput = z.object({
  itemId: bodyId,
  status: z.enum(PROGRESS_STATUSES),
  percent: z.number().min(0).max(100).nullable().optional(),
  narrative: z.string().max(20_000).nullable().optional(),
  problems: z.string().max(20_000).nullable().optional(),
});
export type ValueInput = z.input<typeof valueInput>;
export type ProgressInput = z.input<typeof progressInput>;

export const openSubmissionBody = z.object({ formId: bodyId, unitId: bodyId, period: periodCode });
export const saveDraftBody = z.object({
  version: z.number().int().positive(),
  values: z.array(valueInput).max(200_000).default([]),
  progress: z.array(progressInput).max(5000).optional(),
  mode: z.enum(['merge', 'replace']).default('merge'),
});
export const versionBody = z.object({ version: z.number().int().positive() });
export const returnBody = z.object({ version: z.number().int().positive(), reason: z.string().trim().min(1, 'give the reason for returning').max(5000) });
export const unlockBody = z.object({
  unitId: bodyId.nullable().default(null),
  period: periodCode,
  until: day,
  reason: z.string().trim().min(1, 'give the reason for unlocking').max(2000),
});
