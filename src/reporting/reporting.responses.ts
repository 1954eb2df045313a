import { z } from 'zod';
import { scheduledPeriodOut } from '../plans/plans.responses.ts';

/**
 * What the reporting routes answer (reporting.routes.ts). The serializer encodes replies through
 * these, and the web client's types are generated from them.
 */
const periodType = z.enum(['M', 'Q', 'H', 'Y']);
const valueType = z.enum(['integer', 'number', 'percent']);
const submissionStatus = z.enum(['draft', 'submitted', 'returned', 'approved']);
const progressStatus = z.enum(['not_started', 'in_progress', 'done', 'behind', 'blocked']);

export const dataElementOut = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  valueType,
  unit: z.string(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  periodType,
  temporal: z.enum(['stock', 'flow']),
  spatial: z.enum(['sum', 'weighted']),
  weightElementId: z.number().nullable(),
  divisionLevel: z.number(),
  maxJumpShare: z.number().nullable(),
  description: z.string().nullable(),
  /** 0360: several units report it for one division and period (their sum is the division's) */
  perUnit: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});

const dueRule = z.union([
  z.object({ kind: z.literal('offset'), days: z.number() }),
  z.object({ kind: z.literal('fixed'), dates: z.array(z.string().nullable()) }),
  z.object({ kind: z.literal('dayOfNextPeriod'), day: z.number() }),
]);

export const formOut = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  planId: z.number().nullable(),
  dutyId: z.number().nullable(),
  periodType,
  dueRule,
  graceDays: z.number(),
  exempt: z.array(z.string()),
  startsOn: z.string(),
  endsOn: z.string(),
  templateVersion: z.number(),
  includesProgress: z.boolean(),
  status: z.enum(['active', 'archived']),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});

export const formElementOut = z.object({
  elementId: z.number(),
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  valueType,
  min: z.number().nullable(),
  max: z.number().nullable(),
  periodType,
  temporal: z.enum(['stock', 'flow']),
  divisionLevel: z.number(),
  maxJumpShare: z.number().nullable(),
  ord: z.number(),
  required: z.boolean(),
});

export const formDetailOut = formOut.extend({
  elements: z.array(formElementOut),
  assignments: z.array(z.object({ unitId: z.number(), unitName: z.string(), divisionCode: z.string(), divisionName: z.string() })),
  rules: z.array(
    z.object({
      id: z.number(),
      leftElementId: z.number(),
      leftCode: z.string(),
      op: z.enum(['<=', '<', '>=', '>', '=']),
      rightElementId: z.number(),
      rightCode: z.string(),
      factor: z.number(),
      severity: z.enum(['error', 'warning']),
      message: z.string(),
    }),
  ),
  /** 0330 (forms): the tasks asked about; empty = every task the unit leads or shares */
  taskIds: z.array(z.number()),
});

export const formCalendarOut = z.object({ formId: z.number(), periodType, periods: z.array(scheduledPeriodOut) });

export const formRowOut = z.object({
  divisionCode: z.string(),
  divisionName: z.string(),
  elementId: z.number(),
  elementCode: z.string(),
  elementName: z.string(),
  unit: z.string(),
  valueType,
  min: z.number().nullable(),
  max: z.number().nullable(),
  required: z.boolean(),
});

export const unlockOut = z.object({
  id: z.number(),
  formId: z.number(),
  unitId: z.number().nullable(),
  period: z.string(),
  until: z.string(),
  reason: z.string(),
  createdBy: z.number().nullable(),
  createdAt: z.string(),
});

const progressItem = z.object({
  itemId: z.number(),
  kind: z.enum(['task', 'milestone']),
  parentId: z.number().nullable(),
  title: z.string(),
  due: z.string().nullable(),
  /** lead, responsible, or 'via-task' for a milestone of the unit's task */
  role: z.string(),
});

export const myDueOut = z.object({
  unitId: z.number().nullable(),
  asOf: z.string(),
  reports: z.array(
    z.object({
      formId: z.number(),
      formCode: z.string(),
      formName: z.string(),
      period: z.string(),
      periodStart: z.string(),
      periodEnd: z.string(),
      dueOn: z.string(),
      locksOn: z.string().nullable(),
      status: z.enum(['draft', 'submitted', 'returned', 'approved', 'not_started']),
      submissionId: z.number().nullable(),
      overdue: z.boolean(),
      unlocked: z.boolean(),
    }),
  ),
  tasks: z.array(progressItem.extend({ planId: z.number(), planTitle: z.string() })),
});

export const submissionOut = z.object({
  id: z.number(),
  formId: z.number(),
  unitId: z.number(),
  period: z.string(),
  status: submissionStatus,
  revision: z.number(),
  version: z.number(),
  submittedAt: z.string().nullable(),
  firstSubmittedAt: z.string().nullable(),
  submittedBy: z.number().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.number().nullable(),
  returnReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.number().nullable(),
});

export const submissionPageOut = z.object({
  items: z.array(submissionOut.extend({ formCode: z.string(), formName: z.string(), unitName: z.string(), unitDivisionCode: z.string() })),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const submissionDetailOut = submissionOut.extend({
  formCode: z.string(),
  formName: z.string(),
  templateVersion: z.number(),
  unitName: z.string(),
  unitDivisionCode: z.string(),
  dueOn: z.string().nullable(),
  locksOn: z.string().nullable(),
  locked: z.boolean(),
  elements: z.array(formElementOut),
  divisions: z.array(z.object({ code: z.string(), name: z.string() })),
  values: z.array(
    z.object({
      elementId: z.number(),
      elementCode: z.string(),
      elementName: z.string(),
      unit: z.string(),
      valueType: z.string(),
      min: z.number().nullable(),
      max: z.number().nullable(),
      required: z.boolean(),
      divisionCode: z.string(),
      divisionName: z.string(),
      value: z.number().nullable(),
      comment: z.string().nullable(),
      /** the approved value of the previous period */
      previous: z.number().nullable(),
    }),
  ),
  progress: z.array(
    progressItem.extend({ status: progressStatus.nullable(), percent: z.number().nullable(), narrative: z.string().nullable(), problems: z.string().nullable() }),
  ),
});

export const saveResultOut = z.object({ id: z.number(), version: z.number(), status: submissionStatus, saved: z.number() });

export const problemOut = z.object({
  field: z.string(),
  elementCode: z.string(),
  divisionCode: z.string(),
  reason: z.string(),
  rule: z.string().optional(),
  commented: z.boolean().optional(),
});

export const validationOut = z.object({ errors: z.array(problemOut), warnings: z.array(problemOut) });

export const submitResultOut = submissionOut.extend({ warnings: z.array(problemOut) });

export const versionOut = z.object({ revision: z.number(), status: z.string(), createdBy: z.number().nullable(), createdAt: z.string() });

const cellValue = z.union([z.number(), z.string()]).nullable();
export const versionDiffOut = z.object({
  a: z.number(),
  b: z.number(),
  values: z.array(z.object({ elementId: z.number(), elementCode: z.string(), divisionCode: z.string(), field: z.enum(['value', 'comment']), a: cellValue, b: cellValue })),
  progress: z.array(z.object({ itemId: z.number(), field: z.enum(['status', 'percent', 'narrative', 'problems']), a: z.unknown(), b: z.unknown() })),
});

const completenessRow = z.object({
  formId: z.number(),
  formCode: z.string(),
  formName: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  unitDivisionCode: z.string(),
  period: z.string(),
  dueOn: z.string(),
  state: z.enum(['on_time', 'late', 'missing']),
  submittedOn: z.string().nullable(),
  submissionId: z.number().nullable(),
  submissionStatus: submissionStatus.nullable(),
  daysOverdue: z.number(),
});

const counts = z.object({
  expected: z.number(),
  submitted: z.number(),
  onTime: z.number(),
  late: z.number(),
  missing: z.number(),
  submittedRate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
});

const rateDefinitionOut = z.object({ key: z.string(), label: z.object({ zh: z.string(), en: z.string() }), definition: z.object({ zh: z.string(), en: z.string() }) });

export const completenessOut = z.object({
  asOf: z.string(),
  /** what the rates mean (kernel/rates.ts) */
  definitions: z.object({ onTimeRate: rateDefinitionOut, submittedRate: rateDefinitionOut }),
  rows: z.array(completenessRow),
  totals: counts,
  byUnit: z.array(counts.extend({ unitId: z.number(), unitName: z.string() })),
  byForm: z.array(counts.extend({ formId: z.number(), formCode: z.string(), formName: z.string() })),
  byPeriod: z.array(counts.extend({ period: z.string() })),
});

export const lateEntryOut = completenessRow.extend({ contactName: z.string().nullable(), contactPhone: z.string().nullable(), contactEmail: z.string().nullable() });
