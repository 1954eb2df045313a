import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { PeriodType } from '../kernel/period.ts';

export type Area = 'all' | 'urban' | 'rural';
export type Frequency = 'M' | 'Q' | 'H' | 'Y';
export type LinkComparator = '>=' | '<=' | '=';

/** A stored link; null fields fall back to the plan item (see target-links.service.ts). */
export interface TargetLink {
  id: number;
  itemId: number;
  indicatorId: number;
  divisionCode: string;
  area: Area;
  unitId: number | null;
  baselineValue: number | null;
  baselineAt: string | null;
  deadline: string | null;
  targetValue: number | null;
  comparator: LinkComparator | null;
  frequency: Frequency;
  updatedAt: string;
  version: number;
}

type Row = {
  id: number; item_id: number; indicator_id: number; division_code: string; area: Area; unit_id: number | null;
  baseline_value: number | null; baseline_at: string | null; deadline: string | null; target_value: number | null;
  comparator: LinkComparator | null; frequency: Frequency; updated_at: Date; version: number;
};

const columns = [
  'id', 'item_id', 'indicator_id', 'division_code', 'area', 'unit_id', 'baseline_value', 'baseline_at', 'deadline',
  'target_value', 'comparator', 'frequency', 'updated_at', 'version',
] as const;

function toLink(r: Row): TargetLink {
  return {
    id: Number(r.id),
    itemId: Number(r.item_id),
    indicatorId: Number(r.indicator_id),
    divisionCode: r.division_code,
    area: r.area,
    unitId: r.unit_id === null ? null : Number(r.unit_id),
    baselineValue: r.baseline_value,
    baselineAt: r.baseline_at,
    deadline: r.deadline,
    targetValue: r.target_value,
    comparator: r.comparator,
    frequency: r.frequency,
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
  };
}

export async function linksForItems(ex: Executor, itemIds: number[]): Promise<Map<number, TargetLink>> {
  if (itemIds.length === 0) return new Map();
  const rows = await ex.selectFrom('target_links').select(columns).where('item_id', 'in', itemIds).execute();
  return new Map(rows.map((r) => [Number(r.item_id), toLink(r)]));
}

export async function findLink(ex: Executor, itemId: number): Promise<TargetLink | null> {
  const r = await ex.selectFrom('target_links').select(columns).where('item_id', '=', itemId).executeTakeFirst();
  return r ? toLink(r) : null;
}

export interface LinkValues {
  indicatorId: number;
  divisionCode: string;
  area: Area;
  unitId: number | null;
  baselineValue: number | null;
  baselineAt: string | null;
  deadline: string | null;
  targetValue: number | null;
  comparator: LinkComparator | null;
  frequency: Frequency;
}

const toRow = (v: LinkValues) => ({
  indicator_id: v.indicatorId,
  division_code: v.divisionCode,
  area: v.area,
  unit_id: v.unitId,
  baseline_value: v.baselineValue,
  baseline_at: v.baselineAt,
  deadline: v.deadline,
  target_value: v.targetValue,
  comparator: v.comparator,
  frequency: v.frequency,
});

export async function insertLink(ex: Executor, itemId: number, v: LinkValues, createdBy: number | null): Promise<TargetLink> {
  const r = await ex.insertInto('target_links').values({ item_id: itemId, ...toRow(v), created_by: createdBy }).returning(columns).executeTakeFirstOrThrow();
  return toLink(r);
}

/** Updates when the version matches; null when it does not (the caller reports the conflict). */
export async function updateLink(ex: Executor, itemId: number, version: number, v: LinkValues): Promise<TargetLink | null> {
  const r = await ex
    .updateTable('target_links')
    .set({ ...toRow(v), version: sql`version + 1`, updated_at: sql`now()` })
    .where('item_id', '=', itemId)
    .where('version', '=', version)
    .returning(columns)
    .executeTakeFirst();
  return r ? toLink(r) : null;
}

export async function deleteLink(ex: Executor, itemId: number, version: number): Promise<boolean> {
  const r = await ex.deleteFrom('target_links').where('item_id', '=', itemId).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Links of targets set for one division (the per-division view), with their plan. */
export async function linksForDivision(ex: Executor, divisionCode: string): Promise<(TargetLink & { planId: number })[]> {
  const rows = await ex
    .selectFrom('target_links as l')
    .innerJoin('plan_items as i', 'i.id', 'l.item_id')
    .select(columns.map((c) => `l.${c}` as const))
    .select('i.plan_id')
    .where('l.division_code', '=', divisionCode)
    .where('i.review_status', '<>', 'deleted')
    .orderBy('i.plan_id')
    .orderBy('i.ord')
    .execute();
  return rows.map((r) => ({ ...toLink(r as unknown as Row), planId: Number(r.plan_id) }));
}

/** The current name, unit and direction of indicators (their latest definition version). */
export interface IndicatorSummary {
  id: number;
  code: string;
  name: string;
  unit: string;
  direction: 'higher' | 'lower';
  status: 'active' | 'archived';
  /** native period and stock/flow of the numerator and denominator (what a series may be read at) */
  grain: IndicatorGrain;
}

export interface IndicatorGrain {
  numerator: { periodType: PeriodType; temporal: 'stock' | 'flow' };
  denominator: { periodType: PeriodType; temporal: 'stock' | 'flow' } | null;
}

export async function indicatorSummaries(ex: Executor, ids?: number[]): Promise<IndicatorSummary[]> {
  if (ids && ids.length === 0) return [];
  let q = ex
    .selectFrom('indicators as i')
    .innerJoin('indicator_versions as v', (j) => j.onRef('v.indicator_id', '=', 'i.id').onRef('v.number', '=', 'i.latest_version'))
    .innerJoin('data_elements as n', 'n.id', 'v.numerator_element_id')
    .leftJoin('data_elements as d', 'd.id', 'v.denominator_element_id')
    .select(['i.id', 'i.code', 'i.status', 'v.name', 'v.unit', 'v.direction', 'n.period_type as np', 'n.temporal as nt', 'd.period_type as dp', 'd.temporal as dt'])
    .orderBy('i.id');
  if (ids) q = q.where('i.id', 'in', ids);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    name: r.name,
    unit: r.unit,
    direction: r.direction,
    status: r.status,
    grain: { numerator: { periodType: r.np, temporal: r.nt }, denominator: r.dp && r.dt ? { periodType: r.dp, temporal: r.dt } : null },
  }));
}
