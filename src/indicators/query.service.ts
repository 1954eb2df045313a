/**
 * Indicator values for any division at any level and any period, from the lowest-level data.
 * This is the contract the monitoring domain (targets, status, rankings, index) reads through.
 *
 * Aggregation is correct by construction:
 * - over divisions, an element sums (counts), or is Σ(v·w)/Σw for a `weighted` element (speeds);
 * - a ratio indicator is Σnumerator / Σdenominator × factor, never an average of ratios;
 * - over time, a `stock` takes the aggregate of the last month of the period that has data, a
 *   `flow` sums the months of the period; a period finer than the element's native period has
 *   no value (a yearly element has no March figure);
 * - a division that did not report is absent from the sums; `contributors` says how many did
 *   (stock: at the month used; flow: the most in any one month; ratio: the fewer of the two).
 * A period is computed with the definition version valid on its last day, unless the caller
 * names a version.
 */
import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import { parsePeriod, type Period, type PeriodType } from '../kernel/period.ts';
import { definitionsOf, type IndicatorVersion } from './indicator.repository.ts';
import { divisionKey, levelOfCode, periodMonthRange } from './keys.ts';
import { type ElementMeta, elementsByIdOrCode, type MonthColumns, monthRows, unitMonthRows } from './rollup.repository.ts';

export interface IndicatorCell {
  divisionCode: string;
  period: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  contributors: number;
}

export interface QueryOptions {
  /** a definition version number; default: the version valid on each period's last day */
  version?: number;
  /** only the values reported by this unit (by-unit views) */
  unitId?: number;
}

export interface IndicatorQuery extends QueryOptions {
  indicator: number | string;
  divisionCodes: string[];
  periods: string[];
}

interface Div {
  code: string;
  key: number;
  level: number;
}

interface Agg {
  /** Σv, or Σv·w for a weighted element */
  total: number;
  /** Σw (weighted elements) */
  weight: number;
  n: number;
}

const GRAIN: Record<PeriodType, number> = { M: 1, Q: 3, H: 6, Y: 12 };

function parseDivisions(codes: string[], field = 'divisionCodes'): Div[] {
  return codes.map((code) => {
    try {
      const c = code === '0' ? '' : code;
      return { code: c, key: divisionKey(c), level: levelOfCode(c) };
    } catch {
      throw invalid(field, `not a division code: "${code}"`);
    }
  });
}

function parsePeriods(codes: string[], field = 'periods'): Period[] {
  return codes.map((p) => {
    try {
      return parsePeriod(p);
    } catch {
      throw invalid(field, `not a period code: "${p}" (expected e.g. 2014M03, 2014Q1, 2014H1, 2014)`);
    }
  });
}

function keysByLevel(divs: Div[]): Map<number, number[]> {
  const m = new Map<number, number[]>();
  for (const d of divs) {
    let l = m.get(d.level);
    if (!l) m.set(d.level, (l = []));
    l.push(d.key);
  }
  return m;
}

/**
 * Each element's aggregate per division and period: element id → array indexed by
 * division index × periods.length + period index (undefined: no value). Numeric keys and dense
 * month arrays throughout: a level × year query touches ~10^5 rows.
 */
async function aggregateElements(
  ex: Executor,
  requests: { element: ElementMeta; periodIdx: number[] }[],
  divs: Div[],
  periods: Period[],
  unitId: number | undefined,
): Promise<Map<number, (Agg | undefined)[]>> {
  const out = new Map<number, (Agg | undefined)[]>();
  for (const r of requests) out.set(r.element.id, new Array(divs.length * periods.length));
  const work = requests
    .map((r) => ({ element: r.element, periodIdx: r.periodIdx.filter((i) => GRAIN[periods[i].type] >= GRAIN[r.element.periodType]) }))
    .filter((r) => r.periodIdx.length > 0);
  if (work.length === 0 || divs.length === 0) return out;
  const ranges = periods.map((p) => periodMonthRange(p));
  let m1 = Infinity;
  let m2 = -Infinity;
  for (const r of work)
    for (const i of r.periodIdx) {
      m1 = Math.min(m1, ranges[i][0]);
      m2 = Math.max(m2, ranges[i][1]);
    }
  const byLevel = keysByLevel(divs);
  const elements = [...new Map(work.map((r) => [r.element.id, r.element])).values()];
  const c: MonthColumns = unitId === undefined ? await monthRows(ex, elements, byLevel, m1, m2) : await unitMonthRows(ex, elements, unitId, byLevel, m1, m2);
  // element → (key × 8 + level) → entry index + 1 by month − m1 (0: none)
  const width = m2 - m1 + 1;
  const series = new Map<number, Map<number, Int32Array>>();
  for (let i = 0; i < c.element.length; i++) {
    let byDiv = series.get(c.element[i]);
    if (!byDiv) series.set(c.element[i], (byDiv = new Map()));
    let s = byDiv.get(c.divKey[i]);
    if (!s) byDiv.set(c.divKey[i], (s = new Int32Array(width)));
    s[c.month[i] - m1] = i + 1;
  }
  const weightOf = (i: number) => (c.weight ? c.weight[i] : 0);
  for (const { element, periodIdx } of work) {
    const cells = out.get(element.id)!;
    const byDiv = series.get(element.id);
    if (!byDiv) continue;
    for (let di = 0; di < divs.length; di++) {
      const d = divs[di];
      const s = byDiv.get(d.key * 8 + d.level);
      if (!s) continue;
      for (const pi of periodIdx) {
        const a = ranges[pi][0] - m1;
        const b = ranges[pi][1] - m1;
        let agg: Agg | undefined;
        if (element.temporal === 'stock') {
          for (let m = b; m >= a; m--) {
            const r = s[m] - 1;
            if (r >= 0) {
              agg = { total: c.total[r], weight: weightOf(r), n: c.n[r] };
              break;
            }
          }
        } else {
          for (let m = a; m <= b; m++) {
            const r = s[m] - 1;
            if (r < 0) continue;
            if (!agg) agg = { total: 0, weight: 0, n: 0 };
            agg.total += c.total[r];
            agg.weight += weightOf(r);
            agg.n = Math.max(agg.n, c.n[r]);
          }
        }
        if (agg) cells[di * periods.length + pi] = agg;
      }
    }
  }
  return out;
}

/** The element's value from its aggregate: the sum, or the weighted mean. */
function elementValue(element: ElementMeta, a: Agg | undefined): number | null {
  if (!a || a.n <= 0) return null;
  if (element.spatial === 'weighted') return a.weight !== 0 ? a.total / a.weight : null;
  return a.total;
}

/** The definition valid on a day (YYYY-MM-DD): the latest version whose valid_from ≤ day. */
export function versionValidOn(versions: IndicatorVersion[], day: string): IndicatorVersion | undefined {
  let best: IndicatorVersion | undefined;
  for (const v of versions) {
    if (v.validFrom !== null && v.validFrom > day) continue;
    if (!best || (best.validFrom ?? '') < (v.validFrom ?? '')) best = v;
  }
  return best;
}

async function elementMap(ex: Executor, ids: number[]): Promise<Map<number, ElementMeta>> {
  const list = await elementsByIdOrCode(ex, [...new Set(ids)]);
  return new Map(list.map((e) => [e.id, e]));
}

/**
 * Values of an indicator for each division × period (in the order asked: divisions outer,
 * periods inner). Throws 404 for an unknown indicator, 400 naming the field for a bad code.
 */
export async function queryIndicator(ex: Executor, q: IndicatorQuery): Promise<IndicatorCell[]> {
  const [cells] = await queryIndicators(ex, { ...q, indicators: [q.indicator] });
  return cells;
}

/**
 * Several indicators over the same divisions and periods in one round trip for the values: the
 * result holds one cell list per indicator, in the order of `indicators`.
 */
export async function queryIndicators(
  ex: Executor,
  q: { indicators: (number | string)[]; divisionCodes: string[]; periods: string[] } & QueryOptions,
): Promise<IndicatorCell[][]> {
  const divs = parseDivisions(q.divisionCodes);
  const periods = parsePeriods(q.periods);
  const defs = await definitionsOf(ex, q.indicators);
  const plans = q.indicators.map((ref) => {
    const def = defs.find((d) => (typeof ref === 'number' ? d.id === ref : d.code === ref));
    if (!def) throw notFound('indicator', ref);
    let named: IndicatorVersion | undefined;
    if (q.version !== undefined) {
      named = def.versions.find((v) => v.number === q.version);
      if (!named) throw invalid('version', `indicator ${ref} has no version ${q.version}`);
    }
    const versionOf = periods.map((p) => named ?? versionValidOn(def.versions, p.end));
    return { ref, versionOf };
  });
  const elementIds = plans.flatMap((p) => p.versionOf.flatMap((v) => (v ? [v.numeratorElementId, ...(v.denominatorElementId ? [v.denominatorElementId] : [])] : [])));
  const elements = await elementMap(ex, elementIds);
  // the periods (indexes) each element is needed for
  const need = new Map<number, Set<number>>();
  for (const plan of plans) {
    plan.versionOf.forEach((v, i) => {
      if (!v) return;
      for (const id of [v.numeratorElementId, v.denominatorElementId]) {
        if (id === null) continue;
        if (!elements.has(id)) throw new AppError('conflict', `indicator ${plan.ref} v${v.number}: data element ${id} is gone`);
        let set = need.get(id);
        if (!set) need.set(id, (set = new Set()));
        set.add(i);
      }
    });
  }
  const aggs = await aggregateElements(
    ex,
    [...need].map(([id, idx]) => ({ element: elements.get(id)!, periodIdx: [...idx].sort((a, b) => a - b) })),
    divs,
    periods,
    q.unitId,
  );
  const np = periods.length;
  return plans.map((plan) => {
    const cells: IndicatorCell[] = [];
    divs.forEach((d, di) => {
      periods.forEach((p, i) => {
        const v = plan.versionOf[i];
        const cell: IndicatorCell = { divisionCode: d.code, period: p.code, value: null, numerator: null, denominator: null, contributors: 0 };
        cells.push(cell);
        if (!v) return;
        const k = di * np + i;
        const na = aggs.get(v.numeratorElementId)?.[k];
        const num = elementValue(elements.get(v.numeratorElementId)!, na);
        cell.numerator = num;
        if (v.denominatorElementId !== null) {
          const da = aggs.get(v.denominatorElementId)?.[k];
          const den = elementValue(elements.get(v.denominatorElementId)!, da);
          cell.denominator = den;
          cell.contributors = Math.min(na?.n ?? 0, da?.n ?? 0);
          cell.value = num !== null && den !== null && den !== 0 ? (num / den) * v.factor : null;
        } else {
          cell.contributors = na?.n ?? 0;
          cell.value = num !== null ? num * v.factor : null;
        }
      });
    });
    return cells;
  });
}

export interface ChildCell extends IndicatorCell {
  name: string;
  level: number;
}

/** The child divisions of a division ('' or '0' = the provinces), ordered by code. */
export async function childDivisions(ex: Executor, parentCode: string): Promise<{ code: string; name: string; level: number }[]> {
  const parent = parentCode === '0' ? '' : parentCode;
  parseDivisions([parent], 'parentCode');
  const r =
    parent === ''
      ? await sql<{ code: string; name: string; level: number }>`select code, name, level from divisions where level = 1 order by code`.execute(ex)
      : await sql<{ code: string; name: string; level: number }>`select code, name, level from divisions where parent_code = ${parent} order by code`.execute(ex);
  return r.rows;
}

/** The indicator for every child of a division in one period (a child without data has value null). */
export async function childrenValues(
  ex: Executor,
  q: { indicator: number | string; parentCode: string; period: string } & QueryOptions,
): Promise<ChildCell[]> {
  const children = await childDivisions(ex, q.parentCode);
  if (children.length === 0) return [];
  const cells = await queryIndicator(ex, { ...q, divisionCodes: children.map((c) => c.code), periods: [q.period] });
  return cells.map((c, i) => ({ ...c, name: children[i].name, level: children[i].level }));
}

/**
 * Raw element aggregates: value = Σv (or Σv·w / Σw for a weighted element); numerator = Σv or
 * Σv·w, denominator = Σw for weighted elements, else null.
 */
export async function elementValues(
  ex: Executor,
  q: { element: number | string; divisionCodes: string[]; periods: string[]; unitId?: number },
): Promise<IndicatorCell[]> {
  const divs = parseDivisions(q.divisionCodes);
  const periods = parsePeriods(q.periods);
  const [element] = await elementsByIdOrCode(ex, [q.element]);
  if (!element) throw notFound('data element', q.element);
  const agg = (await aggregateElements(ex, [{ element, periodIdx: periods.map((_, i) => i) }], divs, periods, q.unitId)).get(element.id)!;
  const cells: IndicatorCell[] = [];
  for (let di = 0; di < divs.length; di++) {
    const d = divs[di];
    for (let pi = 0; pi < periods.length; pi++) {
      const p = periods[pi];
      const a = agg[di * periods.length + pi];
      cells.push({
        divisionCode: d.code,
        period: p.code,
        value: elementValue(element, a),
        numerator: a ? a.total : null,
        denominator: a && element.spatial === 'weighted' ? a.weight : null,
        contributors: a?.n ?? 0,
      });
    }
  }
  return cells;
}
