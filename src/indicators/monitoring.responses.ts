import { z } from 'zod';
import { targetComparisonOut } from '../plans/plans.responses.ts';
import { linkedTargetOut } from './target-indicator.schemas.ts';

/**
 * What the monitoring routes answer (target links, status, ranking, index). The serializer encodes
 * replies through these, and the web client's types are generated from them.
 */
const periodType = z.enum(['M', 'Q', 'H', 'Y']);
const bilingual = z.object({ zh: z.string(), en: z.string() });
const trajectoryStatus = z.enum(['achieved', 'on_track', 'accelerate', 'limited', 'regressing', 'no_data']);
const noDataReason = z.enum(['unlinked', 'no_deadline', 'no_baseline', 'too_few_points', 'invalid_timeline']);
const comparator = z.enum(['>=', '<=', '=']);
const light = z.enum(['green', 'yellow', 'red']);

export const suggestionOut = linkedTargetOut.shape.indicator.unwrap().extend({ similarity: z.number() });
export const linkingTargetOut = linkedTargetOut.extend({ suggestions: z.array(suggestionOut) });

export const targetStatusOut = z.object({
  itemId: z.number(),
  planId: z.number(),
  text: z.string(),
  scopeText: z.string().nullable(),
  unit: z.string(),
  linked: z.boolean(),
  indicator: z.object({ id: z.number(), code: z.string(), name: z.string(), unit: z.string(), direction: z.enum(['higher', 'lower']) }).nullable(),
  divisionCode: z.string().nullable(),
  area: z.enum(['all', 'urban', 'rural']).nullable(),
  unitId: z.number().nullable(),
  frequency: periodType.nullable(),
  status: trajectoryStatus,
  label: bilingual,
  reason: noDataReason.nullable(),
  ratio: z.number().nullable(),
  observedRate: z.number().nullable(),
  requiredRate: z.number().nullable(),
  scale: z.enum(['relative', 'gap', 'linear']).nullable(),
  baseline: z.object({ value: z.number(), at: z.string(), date: z.string() }).nullable(),
  latest: z.object({ value: z.number(), period: z.string(), date: z.string() }).nullable(),
  target: z.object({ value: z.number(), comparator, deadline: z.string().nullable() }),
  expectedNow: z.number().nullable(),
  projection: z.object({ value: z.number(), meets: z.boolean() }).nullable(),
  deadlinePassed: z.boolean(),
  series: z.array(z.object({ period: z.string(), value: z.number().nullable() })),
  history: z.array(z.object({ period: z.string(), status: trajectoryStatus })),
});

export const workStatusOut = z.object({
  itemId: z.number(),
  kind: z.enum(['task', 'milestone']),
  title: z.string(),
  parentId: z.number().nullable(),
  due: z.string().nullable(),
  start: z.string().nullable(),
  light,
  state: z.enum(['done', 'on_time', 'due_soon', 'behind', 'overdue', 'no_deadline']),
  label: bilingual,
  dueOn: z.string().nullable(),
  daysLeft: z.number().nullable(),
  plannedPercent: z.number().nullable(),
  reportedPercent: z.number().nullable(),
  progress: z
    .object({
      itemId: z.number(),
      status: z.enum(['not_started', 'in_progress', 'done', 'behind', 'blocked']),
      percent: z.number().nullable(),
      period: z.string(),
      submissionStatus: z.enum(['submitted', 'approved']),
      submittedAt: z.string().nullable(),
      unitId: z.number(),
    })
    .nullable(),
  units: z.array(z.object({ role: z.string(), name: z.string(), unitId: z.number().nullable() })),
});

const trajectoryMethodOut = z.object({
  name: z.string(),
  formula: z.string(),
  thresholds: z.object({ on_track: z.number(), accelerate: z.number(), limited: z.number() }),
  text: z.string(),
  sources: z.array(z.string()).readonly(),
  adaptations: z.array(z.string()).readonly(),
});

export const planStatusOut = z.object({
  plan: z.object({
    id: z.number(),
    title: z.string(),
    docNumber: z.string().nullable(),
    divisionCode: z.string().nullable(),
    status: z.enum(['draft', 'active', 'archived']),
    periodStart: z.number().nullable(),
    periodEnd: z.number().nullable(),
  }),
  asOf: z.string(),
  period: z.string().nullable(),
  targetsAsOf: z.string(),
  targets: z.array(targetStatusOut),
  tasks: z.array(workStatusOut),
  milestones: z.array(workStatusOut),
  summary: z.object({ targets: z.record(trajectoryStatus, z.number()), lights: z.record(light, z.number()), done: z.number() }),
  method: z.object({
    trajectory: trajectoryMethodOut,
    lights: z.string(),
    warnDays: z.number(),
  }),
});

export const divisionStatusOut = z.object({
  divisionCode: z.string(),
  asOf: z.string(),
  period: z.string().nullable(),
  items: z.array(targetStatusOut.extend({ planTitle: z.string() })),
  method: trajectoryMethodOut,
});

const statusBrief = targetStatusOut.pick({ status: true, label: true, reason: true, ratio: true, latest: true, expectedNow: true, divisionCode: true, linked: true });

export const comparisonWithStatusOut = z.object({
  asOf: z.string(),
  items: z.array(
    targetComparisonOut.extend({
      status: statusBrief.nullable(),
      counterparts: z.array(targetComparisonOut.shape.counterparts.element.extend({ status: statusBrief.nullable() })),
    }),
  ),
});

export const rankingOut = z.object({
  indicator: z.object({ id: z.number(), code: z.string(), name: z.string(), unit: z.string(), direction: z.enum(['higher', 'lower']) }),
  parent: z.string(),
  period: z.string(),
  by: z.enum(['division', 'unit']),
  items: z.array(
    z.object({
      rank: z.number().nullable(),
      /** division code or unit id (as text) */
      key: z.string(),
      divisionCode: z.string().nullable(),
      unitId: z.number().nullable(),
      name: z.string(),
      value: z.number().nullable(),
      numerator: z.number().nullable(),
      denominator: z.number().nullable(),
      contributors: z.number(),
    }),
  ),
});

const indexGroup = z.object({ code: z.string(), name: z.string(), weight: z.number() });
const indexComponent = z.object({ indicator: z.string(), name: z.string(), group: z.string(), reference: z.number(), log: z.boolean(), cap: z.number(), weight: z.number() });

export const devIndexOut = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  scale: z.number(),
  sources: z.array(z.string()),
  version: z.number(),
  updatedAt: z.string(),
  groups: z.array(indexGroup),
  components: z.array(indexComponent),
});

export const indexMethodOut = z.object({
  index: z.object({ id: z.number(), code: z.string(), name: z.string(), description: z.string(), version: z.number() }),
  text: z.string(),
  formula: z.string(),
  scale: z.number(),
  groups: z.array(indexGroup),
  components: z.array(indexComponent.extend({ unit: z.string().nullable(), known: z.boolean() })),
  sources: z.array(z.string()),
});

const indexRow = z.object({
  divisionCode: z.string(),
  name: z.string(),
  rank: z.number().nullable(),
  score: z.number().nullable(),
  groups: z.array(z.object({ code: z.string(), score: z.number().nullable(), weight: z.number().optional() })),
  components: z.array(z.object({ indicator: z.string(), group: z.string(), value: z.number().nullable(), z: z.number().nullable(), weight: z.number().optional() })),
  missing: z.array(z.string()),
});

export const indexResultOut = z.object({
  index: z.object({ id: z.number(), code: z.string(), name: z.string(), version: z.number() }),
  parent: indexRow,
  period: z.string(),
  items: z.array(indexRow),
  unknownIndicators: z.array(z.string()),
  method: indexMethodOut,
});
