import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { PeriodType } from '../kernel/period.ts';

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
  /** several units report it per division and period; the division's value is their sum */
  perUnit: boolean;
}

/**
 * Monthly aggregates, one entry per (element, division, month) as parallel columns: total (Σv or
 * Σv·w), weight (Σw; null when no element is weighted), n reporting. `divKey` is key × 8 + level.
 * Tens of thousands of entries cross the wire as one JSON array per column, which is several
 * times cheaper to build and parse than as many rows, and exact (float8 prints round-trip digits).
 */
export interface MonthColumns {
  element: number[];
  divKey: number[];
  month: number[];
  total: number[];
  weight: number[] | null;
  n: number[];
}

interface MonthRow {
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
    .select(['id', 'code', 'name', 'unit', 'period_type', 'temporal', 'spatial', 'weight_element_id', 'division_level', 'per_unit'])
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
    perUnit: r.per_unit,
  }));
}

/**
 * Many keys of a coarse level (every county of the country) read faster as one range of the
 * index than as thousands of probes; the caller keeps only the keys it asked for. Levels 4 and
 * 5 stay on probes: a range over towns or villages could span millions of rows.
 */
function keyCondition(column: ReturnType<typeof sql.ref>, keys: number[], deepestLevel: number) {
  if (keys.length <= 64 || deepestLevel > 3) return sql`${column} = any(${keys}::bigint[])`;
  let lo = keys[0];
  let hi = keys[0];
  for (const k of keys) {
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  return sql`${column} between ${lo} and ${hi}`;
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
): Promise<MonthColumns> {
  const parts = [];
  // Summed elements reported at the same level share one index scan of data_values.
  const sumByLevel = new Map<number, number[]>();
  for (const element of elements) {
    const L = element.divisionLevel;
    const own = keysByLevel.get(L) ?? [];
    if (own.length === 0) continue;
    if (element.spatial === 'weighted' && element.weightElementId !== null) {
      parts.push(sql`select ${element.id}::integer as element, ${L}::integer as level, v.division_key as key, v.month, v.value * w.value as total, w.value as weight, 1 as n
        from data_values v
        join data_values w on w.element_id = ${element.weightElementId} and w.division_key = v.division_key and w.month = v.month
        where v.element_id = ${element.id} and v.division_key = any(${own}::bigint[]) and v.month between ${m1} and ${m2}`);
    } else {
      let ids = sumByLevel.get(L);
      if (!ids) sumByLevel.set(L, (ids = []));
      ids.push(element.id);
    }
  }
  for (const [L, ids] of sumByLevel) {
    parts.push(sql`select element_id as element, ${L}::integer as level, division_key as key, month, value as total, 0::float8 as weight, 1 as n
      from data_values
      where element_id = any(${ids}::integer[]) and ${keyCondition(sql.ref('division_key'), keysByLevel.get(L)!, L)} and month between ${m1} and ${m2}`);
  }
  // Roll-up rows exist only for levels above each element's own, so one scan over every element,
  // level and key returns exactly the rows wanted (the caller matches them by level and key).
  const maxLevel = Math.max(...elements.map((e) => e.divisionLevel));
  const levels: number[] = [];
  const keys: number[] = [];
  for (const [level, list] of keysByLevel) {
    if (level >= maxLevel || list.length === 0) continue;
    levels.push(level);
    keys.push(...list);
  }
  if (levels.length > 0 && elements.length > 0) {
    parts.push(sql`select element_id as element, level::integer as level, division_key as key, month, total, weight, n
      from indicator_rollup
      where element_id = any(${elements.map((e) => e.id)}::integer[]) and level = any(${levels}::smallint[])
        and ${keyCondition(sql.ref('division_key'), keys, Math.max(...levels))} and month between ${m1} and ${m2} and n > 0`);
  }
  if (parts.length === 0) return emptyColumns();
  const weighted = elements.some((e) => e.spatial === 'weighted');
  const r = await sql<{ e: Json; d: Json; m: Json; t: Json; w: Json; n: Json }>`
    select array_to_json(array_agg(x.element)) as e, array_to_json(array_agg(x.key * 8 + x.level)) as d,
      array_to_json(array_agg(x.month)) as m, array_to_json(array_agg(x.total)) as t,
      ${weighted ? sql`array_to_json(array_agg(x.weight))` : sql`null::json`} as w, array_to_json(array_agg(x.n)) as n
    from (${sql.join(parts, sql` union all `)}) x`.execute(ex);
  const c = r.rows[0];
  if (!c || c.e === null) return emptyColumns();
  const weight = c.w === null ? null : col(c.w);
  return { element: col(c.e), divKey: col(c.d), month: col(c.m), total: col(c.t), weight, n: col(c.n) };
}

type Json = number[] | string | null;
const col = (x: Json): number[] => (typeof x === 'string' ? (JSON.parse(x) as number[]) : (x ?? []));
const emptyColumns = (): MonthColumns => ({ element: [], divKey: [], month: [], total: [], weight: null, n: [] });

/**
 * Monthly aggregates of an element over one unit's values only (by-unit views), for the subtrees
 * of the given divisions. Not pre-aggregated: a unit's own values are few. A per-unit element's
 * own rows are in unit_values (data_values holds the units' sum).
 */
export async function unitMonthRows(
  ex: Executor,
  elements: ElementMeta[],
  unitId: number,
  keysByLevel: Map<number, number[]>,
  m1: number,
  m2: number,
): Promise<MonthColumns> {
  const out: MonthRow[] = [];
  for (const element of elements) for (const [level, keys] of keysByLevel) {
    if (keys.length === 0 || level > element.divisionLevel) continue;
    const weighted = element.spatial === 'weighted' && element.weightElementId !== null;
    const r = await sql<MonthRow>`
      select ${element.id}::integer as element, ${level}::integer as level, luoshi_key_at(v.division_key, ${level}) as key, v.month,
        sum(${weighted ? sql`v.value * w.value` : sql`v.value`}) as total,
        ${weighted ? sql`sum(w.value)` : sql`0::float8`} as weight, count(*)::integer as n
      from ${element.perUnit ? sql`unit_values` : sql`data_values`} v
      ${weighted ? sql`join data_values w on w.element_id = ${element.weightElementId} and w.division_key = v.division_key and w.month = v.month` : sql``}
      where v.unit_id = ${unitId} and v.element_id = ${element.id} and v.month between ${m1} and ${m2}
        and luoshi_key_at(v.division_key, ${level}) = any(${keys}::bigint[])
      group by 1, 2, 3, 4`.execute(ex);
    out.push(...r.rows);
  }
  return {
    element: out.map((r) => r.element),
    divKey: out.map((r) => r.key * 8 + r.level),
    month: out.map((r) => r.month),
    total: out.map((r) => r.total),
    weight: out.map((r) => r.weight),
    n: out.map((r) => r.n),
  };
}

/** Recomputes the roll-up of the given elements from data_values (after a bulk load). */
export async function rebuildRollup(ex: Executor, elementIds: number[]): Promise<void> {
  if (elementIds.length === 0) return;
  await sql`select indicator_rollup_rebuild(${elementIds}::integer[])`.execute(ex);
}
