import { z } from 'zod';

/**
 * The fields of each item kind, as in the extraction interchange format
 * (shared/extraction/FORMAT.md). Edits from the review page are checked against these.
 */
const partialDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');
const text = z.string().max(20_000);
const name = z.string().min(1).max(200);
const comparator = z.enum(['>=', '<=', '=']);
const monthDay = z
  .string()
  .regex(/^\d{2}-\d{2}$/, 'must be MM-DD')
  .refine((v) => {
    const [m, d] = v.split('-').map(Number);
    return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(2016, m, 0)).getUTCDate();
  }, 'not a day of the year');

/** The due rules a reviewer may give a duty (the `fixed` kind is the `due` list itself). */
export const dueRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offset'), days: z.number().int().min(1, 'must be at least 1 day after the period ends').max(366) }),
  z.object({ kind: z.literal('dayOfNextPeriod'), day: z.number().int().min(1).max(31) }),
]);
export type DutyDueRule = z.output<typeof dueRuleSchema>;

export const itemDataSchemas = {
  target: z.object({
    indicator: z.string().min(1).max(500),
    scope: z.string().max(200).nullable(),
    value: z.number().finite(),
    unit: z.string().max(50),
    comparator,
    deadline: partialDate.nullable(),
    baseline: z.object({ value: z.number().finite(), date: partialDate.nullable() }).nullable().optional(),
    text,
  }),
  task: z.object({
    title: z.string().min(1).max(1000),
    section: z.string().max(200).nullable(),
    leadUnits: z.array(name).max(50),
    responsibleUnits: z.array(name).max(100),
    // A task's own deadline when it states one; else its latest milestone's or the plan's end.
    deadline: partialDate.nullable().optional(),
    text,
  }),
  milestone: z.object({ task: z.string().max(1000).nullable(), due: partialDate, text }),
  investment: z.object({
    unit: name.nullable(),
    amount: z.number().finite().nonnegative(),
    currency: z.string().min(1).max(20),
    year: z.number().int().min(1900).max(2200).nullable(),
    comparator: comparator.optional(),
    text,
  }),
  leader: z.object({ name: z.string().min(1).max(100), role: z.string().min(1).max(50), title: z.string().max(500).nullable() }),
  reporting: z.object({
    what: z.string().min(1).max(500),
    frequency: z.enum(['monthly', 'quarterly', 'semiannual', 'annual', 'once', 'unspecified']),
    // One date per period of the year, by position (Q1…Q4); null leaves that period exempt.
    due: z.array(monthDay.nullable()).max(12),
    // A rule instead of dates: "每月5日前" is day 5 of the next period, "季后10日" an offset.
    dueRule: dueRuleSchema.nullable().optional(),
    by: z.string().max(500).nullable(),
    text,
  }),
} as const;

export type ItemKindName = keyof typeof itemDataSchemas;
export const ITEM_KINDS = Object.keys(itemDataSchemas) as ItemKindName[];

/** The data of an item of kind K, as its schema reads it. */
export type ItemData<K extends ItemKindName = ItemKindName> = z.output<(typeof itemDataSchemas)[K]>;
export type TargetData = ItemData<'target'>;
export type TaskData = ItemData<'task'>;
export type MilestoneData = ItemData<'milestone'>;
export type InvestmentData = ItemData<'investment'>;
export type LeaderData = ItemData<'leader'>;
export type ReportingData = ItemData<'reporting'>;

/** A kind with its data, the two always together: narrowing on `kind` types `data`. */
export type KindAndData = { [K in ItemKindName]: { kind: K; data: ItemData<K> } }[ItemKindName];

/**
 * A task's title as shown. Plans often head a task with its unit alone ("电信海北分公司：2014年争取
 * 落实投资2亿元，…"), or not at all: the first clause of its text then completes or replaces it.
 */
export function headedTitle(title: string, units: string[], text: string | undefined): string {
  const t = title.trim();
  if (!text || !(t === '' || units.includes(t))) return t;
  const clause = text.trim().split(/[，。；：,;]/)[0].trim();
  if (!clause) return t;
  const short = [...clause].length > 40 ? `${[...clause].slice(0, 40).join('')}…` : clause;
  return t ? `${t}：${short}` : short;
}

/**
 * The one title of an item wherever it is shown (status, briefing, dashboards, checklist): a task's
 * title (completed as headedTitle says when it is only a unit's name), a milestone's first clause
 * (else the title of its task), a target's indicator, a duty's what.
 */
export function itemTitle(item: KindAndData & { units?: { nameAsWritten: string; unitName: string | null }[] }): string {
  switch (item.kind) {
    case 'task': {
      const names = (item.units ?? []).flatMap((u) => [u.nameAsWritten, ...(u.unitName ? [u.unitName] : [])]);
      return headedTitle(item.data.title, [...item.data.leadUnits, ...item.data.responsibleUnits, ...names], item.data.text);
    }
    case 'milestone':
      return headedTitle('', [], item.data.text) || (item.data.task ?? '');
    case 'target':
      return item.data.indicator;
    case 'investment':
      return headedTitle(item.data.unit ?? '', item.data.unit ? [item.data.unit] : [], item.data.text);
    case 'leader':
      return item.data.name;
    case 'reporting':
      return item.data.what;
  }
}
