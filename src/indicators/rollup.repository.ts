import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { PeriodType } from '../reporting/calendar.ts';

/** What aggregation needs to know of a data element. */
export interface ElementMeta {
  id: number;
  code: string;
  name: string;
  unit: string;
  periodType: PeriodType;
  temporal: 'stock' | 'flow';
  spatial: 'sum' | 'weighted';
  weightElementId: number | null;
  divisionLevel: number;
}

/** One element's monthly aggregate for one division: total (Σv or Σv·w), weight (Σw), n reporting. */
export interface MonthRow {
  element: number;
  level: number;
  key: number;
  month: number;
  total: number;
  weight: number;
  n: number;
}

export async function elementsByIdOrCode(ex: Executor, refs: (number | string)[]): Promise<ElementMeta[]> {
  if (refs.length === 0) return [];
  const ids = refs.filter((r): r is number => typeof r === 'number');
  const codes = refs.filter((r): r is string => typeof r === 'string');
  const rows = await ex
    .selectFrom('data_elements')
    .select(['id', 'code', 'name', 'unit', 'period_type', 'temporal', 'spatial', 'weight_element_id', 'division_level'])
    .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(codes.length ? [eb('code', 'in', codes)] : [])]))
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    name: r.name,
    unit: r.unit,
    periodType: r.period_type,
    temporal: r.temporal,
    spatial: r.spatial,
    weightElementId: r.weight_element_id === null ? null : Number(r.weight_element_id),
    divisionLevel: r.division_level,
  }));
}

/**
 * Monthly aggregates of elements for the given divisions (keys grouped by level), months m1…m2:
 * divisions at an element's own level from data_values, coarser levels from the roll-up, finer
 * levels have none. One statement for every element and level, so a query costs one round trip.
 */
export async function monthRows(
  ex: Executor,
  elements: ElementMeta[],
  keysByLevel: Map<number, number[]>,
  m1: number,
  m2: number,
): Promise<MonthRow[]> {
  const parts = [];
  for (const element of elements) {
    const L = element.divisionLevel;
    const own = keysByLevel.get(L) ?? [];
    if (own.length > 0) {
      parts.push(
        element.spatial === 'weighted' && element.weightElementId !== null
          ? sql`select ${element.id}::integer as element, ${L}::integer as level, v.division_key as key, v.month, v.value * w.value as total, w.value as weight, 1 as n
              from data_values v
              join data_values w on w.element_id = ${element.weightElementId} and w.division_key = v.division_key and w.month = v.month
              where v.element_id = ${element.id} and v.division_key = any(${own}::bigint[]) and v.month between ${m1} and ${m2}`
          : sql`select ${element.id}::integer as element, ${L}::integer as level, division_key as key, month, value as total, 0::float8 as weight, 1 as n
              from data_values
              where element_id = ${element.id} and division_key = any(${own}::bigint[]) and month between ${m1} and ${m2}`,
      );
    }
    const levels: number[] = [];
    const keys: number[] = [];
    for (const [level, list] of keysByLevel) {
      if (level >= L || list.length === 0) continue;
      levels.push(level);
      keys.push(...list);
    }
    if (levels.length > 0) {
      parts.push(sql`select element_id as element, level::integer as level, division_key as key, month, total, weight, n
        from indicator_rollup
        where element_id = ${element.id} and level = any(${levels}::smallint[]) and division_key = any(${keys}::bigint[])
          and month between ${m1} and ${m2} and n > 0`);
    }
  }
  if (parts.length === 0) return [];
  const r = await sql<MonthRow>`${sql.join(parts, sql` union all `)}`.execute(ex);
  return r.rows;
}

/**
 * Monthly aggregates of an element over one unit's values only (by-unit views), for the subtrees
 * of the given divisions. Not pre-aggregated: a unit's own values are few.
 */
export async function unitMonthRows(
  ex: Executor,
  elements: ElementMeta[],
  unitId: number,
  keysByLevel: Map<number, number[]>,
  m1: number,
  m2: number,
): Promise<MonthRow[]> {
  const out: MonthRow[] = [];
  for (const element of elements) for (const [level, keys] of keysByLevel) {
    if (keys.length === 0 || level > element.divisionLevel) continue;
    const weighted = element.spatial === 'weighted' && element.weightElementId !== null;
    const r = await sql<MonthRow>`
      select ${element.id}::integer as element, ${level}::integer as level, luoshi_key_at(v.division_key, ${level}) as key, v.month,
        sum(${weighted ? sql`v.value * w.value` : sql`v.value`}) as total,
        ${weighted ? sql`sum(w.value)` : sql`0::float8`} as weight, count(*)::integer as n
      from data_values v
      ${weighted ? sql`join data_values w on w.element_id = ${element.weightElementId} and w.division_key = v.division_key and w.month = v.month` : sql``}
      where v.unit_id = ${unitId} and v.element_id = ${element.id} and v.month between ${m1} and ${m2}
        and luoshi_key_at(v.division_key, ${level}) = any(${keys}::bigint[])
      group by 1, 2, 3, 4`.execute(ex);
    out.push(...r.rows);
  }
  return out;
}

/** Recomputes the roll-up of the given elements from data_values (after a bulk load). */
export async function rebuildRollup(ex: Executor, elementIds: number[]): Promise<void> {
  if (elementIds.length === 0) return;
  await sql`select indicator_rollup_rebuild(${elementIds}::integer[])`.execute(ex);
}
