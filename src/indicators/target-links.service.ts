/**
 * Links of plan targets to indicators. The office links each target once (one click on the best
 * suggestion, then adjust scope or baseline); the status service judges every linked target.
 * Target value, comparator and deadline are the plan item's unless the link overrides them, so a
 * later correction of the item flows through.
 */
import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import { getDivision } from '../divisions/division.service.ts';
import { getUnit } from '../divisions/unit.service.ts';
import { findPlanById, planItems, type PlanItem, type PlanItemOf } from '../plans/plan.read.ts';
import { dice } from '../plans/target-comparison.ts';
import {
  type Area,
  deleteLink,
  findLink,
  type Frequency,
  type IndicatorSummary,
  indicatorSummaries,
  insertLink,
  type LinkComparator,
  linksForItems,
  type LinkValues,
  type TargetLink,
  updateLink,
} from './target-links.repository.ts';

export type { Area, Frequency, IndicatorSummary, TargetLink };

const ex = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);

/** What a target is judged against: the link's values, else the item's. */
export interface EffectiveTarget {
  itemId: number;
  planId: number;
  /** the indicator as the plan writes it */
  text: string;
  scopeText: string | null;
  unit: string;
  value: number;
  comparator: LinkComparator;
  /** period code or date; null when neither link nor item gives one */
  deadline: string | null;
  baseline: { value: number | null; at: string } | null;
}

export interface LinkedTarget {
  item: EffectiveTarget;
  link: TargetLink | null;
  indicator: IndicatorSummary | null;
}

/** A partial date of the extraction format as a period code (2015 → 2015, 2015-06 → 2015M06). */
export function partialDateToPeriod(d: string | null | undefined): string | null {
  if (!d) return null;
  if (/^\d{4}$/.test(d)) return d;
  const m = /^(\d{4})-(\d{2})$/.exec(d);
  if (m) return `${m[1]}M${m[2]}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : null;
}

/** 城市/城镇 → urban, 农村/乡村 → rural, else all — the breakdown a scope such as "农村家庭" names. */
export function areaOfScope(scope: string | null | undefined): Area {
  if (!scope) return 'all';
  if (/农村|乡村/.test(scope)) return 'rural';
  if (/城市|城镇|城区/.test(scope)) return 'urban';
  return 'all';
}

function effective(item: PlanItemOf<'target'>, link: TargetLink | null): EffectiveTarget {
  const d = item.data;
  const itemBaseline = d.baseline;
  const itemAt = partialDateToPeriod(itemBaseline?.date ?? null);
  // A link's baseline replaces the item's whole; a baseline period without a value takes the
  // value observed then (trajectory.ts).
  const baseline = link?.baselineAt ? { value: link.baselineValue, at: link.baselineAt } : itemBaseline && itemAt ? { value: itemBaseline.value, at: itemAt } : null;
  return {
    itemId: item.id,
    planId: item.planId,
    text: d.indicator,
    scopeText: d.scope,
    unit: d.unit,
    value: link?.targetValue ?? d.value,
    comparator: link?.comparator ?? d.comparator,
    deadline: link?.deadline ?? partialDateToPeriod(d.deadline),
    baseline,
  };
}

/** Every live target of a plan with its link (or null) and the linked indicator. */
export async function planTargets(db: Db | Executor, planId: number, allItems?: PlanItem[]): Promise<LinkedTarget[]> {
  const items = (allItems ?? (await planItems(db, planId, 'target'))).flatMap((i) => (i.kind === 'target' && i.reviewStatus !== 'deleted' ? [i] : []));
  const links = await linksForItems(ex(db), items.map((i) => i.id));
  const indicators = new Map((await indicatorSummaries(ex(db), [...new Set([...links.values()].map((l) => l.indicatorId))])).map((i) => [i.id, i]));
  return items.map((item) => {
    const link = links.get(item.id) ?? null;
    return { item: effective(item, link), link, indicator: link ? (indicators.get(link.indicatorId) ?? null) : null };
  });
}

export interface LinkInput {
  /** required to change an existing link (optimistic lock); absent to create one */
  version?: number;
  indicatorId: number;
  divisionCode?: string;
  area?: Area;
  unitId?: number | null;
  baseline?: { value: number | null; at: string } | null;
  deadline?: string | null;
  targetValue?: number | null;
  comparator?: LinkComparator | null;
  frequency?: Frequency;
}

async function targetItem(tx: Executor, planId: number, itemId: number): Promise<{ item: PlanItemOf<'target'>; planDivision: string | null }> {
  const plan = await findPlanById(tx, planId);
  if (!plan) throw notFound('plan', planId);
  const item = (await planItems(tx, planId, 'target')).find((i) => i.id === itemId);
  if (!item || item.reviewStatus === 'deleted') throw notFound('target', itemId);
  return { item, planDivision: plan.divisionCode };
}

/**
 * Creates or changes the link of one target (admin). A change needs the link's current version
 * (409 otherwise); an unknown indicator, division or unit is a 400 naming the field.
 */
export async function saveTargetLink(db: Db | Executor, actor: Actor, planId: number, itemId: number, input: LinkInput): Promise<LinkedTarget> {
  return transaction(db, async (tx) => {
    const { item, planDivision } = await targetItem(tx, planId, itemId);
    const [indicator] = await indicatorSummaries(tx, [input.indicatorId]);
    if (!indicator) throw invalid('indicatorId', `no indicator ${input.indicatorId}`);
    const divisionCode = input.divisionCode ?? planDivision;
    if (!divisionCode) throw invalid('divisionCode', 'the plan has no division: give the division the target is for');
    await getDivision(tx, divisionCode).catch(() => {
      throw invalid('divisionCode', `unknown division ${divisionCode}`);
    });
    if (input.unitId != null) {
      await getUnit(tx, input.unitId).catch(() => {
        throw invalid('unitId', `unknown unit ${input.unitId}`);
      });
    }
    const before = await findLink(tx, itemId);
    const values: LinkValues = {
      indicatorId: input.indicatorId,
      divisionCode,
      area: input.area ?? before?.area ?? areaOfScope(item.data.scope),
      unitId: input.unitId === undefined ? (before?.unitId ?? null) : input.unitId,
      baselineValue: input.baseline === undefined ? (before?.baselineValue ?? null) : (input.baseline?.value ?? null),
      baselineAt: input.baseline === undefined ? (before?.baselineAt ?? null) : (input.baseline?.at ?? null),
      deadline: input.deadline === undefined ? (before?.deadline ?? null) : input.deadline,
      targetValue: input.targetValue === undefined ? (before?.targetValue ?? null) : input.targetValue,
      comparator: input.comparator === undefined ? (before?.comparator ?? null) : input.comparator,
      frequency: input.frequency ?? before?.frequency ?? 'Q',
    };
    let after: TargetLink;
    if (!before) {
      if (input.version !== undefined) throw new AppError('conflict', `target ${itemId} has no link yet (version ${input.version} given)`);
      after = await insertLink(tx, itemId, values, actor.id);
    } else {
      if (input.version === undefined) throw new AppError('conflict', `target ${itemId} is already linked (version ${before.version}): send its version to change it`, { current: before });
      const updated = await updateLink(tx, itemId, input.version, values);
      if (!updated) throw new AppError('conflict', `the link of target ${itemId} was changed by someone else (version ${before.version}, yours ${input.version})`, { current: before });
      after = updated;
    }
    await recordAudit(tx, actor, { action: before ? 'update' : 'create', entity: 'target_link', entityId: itemId, before: before ?? undefined, after });
    return { item: effective(item, after), link: after, indicator };
  });
}

export async function removeTargetLink(db: Db | Executor, actor: Actor, planId: number, itemId: number, version: number): Promise<void> {
  await transaction(db, async (tx) => {
    await targetItem(tx, planId, itemId);
    const before = await findLink(tx, itemId);
    if (!before) throw notFound('target link', itemId);
    if (!(await deleteLink(tx, itemId, version))) throw new AppError('conflict', `the link of target ${itemId} was changed by someone else (version ${before.version}, yours ${version})`, { current: before });
    await recordAudit(tx, actor, { action: 'delete', entity: 'target_link', entityId: itemId, before });
  });
}

/** Below this similarity a suggestion is noise. */
export const SUGGEST_MIN = 0.3;

export interface Suggestion extends IndicatorSummary {
  similarity: number;
}

/**
 * Indicators whose name resembles the target's wording (character-bigram Dice, as targets are
 * matched across plans), best first; a matching unit breaks ties. Archived indicators are not
 * offered.
 */
export function rankSuggestions(text: string, unit: string, indicators: IndicatorSummary[], limit = 5): Suggestion[] {
  const clean = text.replace(/^(全省|全市|全州|全县|全国|全区)/, '');
  return indicators
    .filter((i) => i.status === 'active')
    .map((i) => ({ ...i, similarity: Math.max(dice(clean, i.name), dice(text, i.name)) }))
    .filter((s) => s.similarity >= SUGGEST_MIN)
    .sort((a, b) => b.similarity - a.similarity || Number(b.unit === unit) - Number(a.unit === unit) || a.id - b.id)
    .slice(0, limit);
}

export async function suggestIndicators(db: Db | Executor, planId: number, itemId: number, limit = 5): Promise<Suggestion[]> {
  const { item } = await targetItem(ex(db), planId, itemId);
  return rankSuggestions(item.data.indicator, item.data.unit, await indicatorSummaries(ex(db)), limit);
}

/**
 * The plan's targets with their links and, for each unlinked one, the best indicator
 * suggestions — what the linking page needs to link a target in one click.
 */
export async function planTargetsForLinking(db: Db | Executor, planId: number, limit = 3): Promise<(LinkedTarget & { suggestions: Suggestion[] })[]> {
  const targets = await planTargets(db, planId);
  const catalogue = targets.some((t) => !t.link) ? await indicatorSummaries(ex(db)) : [];
  return targets.map((t) => ({ ...t, suggestions: t.link ? [] : rankSuggestions(t.item.text, t.item.unit, catalogue, limit) }));
}
