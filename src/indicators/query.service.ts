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
import { parsePeriod, type Period, type PeriodType } from '../reporting/calendar.ts';
import { findIndicator, indicatorVersions, type Indicator, type IndicatorVersion } from './indicator.repository.ts';
import { divisionKey, levelOfCode, periodMonthRange } from './keys.ts';
import { type ElementMeta, elementsByIdOrCode, type MonthRow, monthRows, unitMonthRows } from './rollup.repository.ts';

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
const cellKey = (code: string, period: string) => `${code}|${period}`;

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

/** The element's aggregate per division and period (undefined: no value). */
async function aggregateElement(
  ex: Executor,
  element: ElementMeta,
  divs: Div[],
  periods: Period[],
  unitId: number | undefined,
): Promise<Map<string, Agg>> {
  const out = new Map<string, Agg>();
  const usable = periods.filter((p) => GRAIN[p.type] >= GRAIN[element.periodType]);
  if (usable.length === 0 || divs.length === 0) return out;
  const ranges = usable.map((p) => periodMonthRange(p));
  const m1 = Math.min(...ranges.map((r) => r[0]));
  const m2 = Math.max(...ranges.map((r) => r[1]));
  const byLevel = keysByLevel(divs);
  const rows: MonthRow[] =
    unitId === undefined ? await monthRows(ex, element, byLevel, m1, m2) : await unitMonthRows(ex, element, unitId, byLevel, m1, m2);
  const series = new Map<string, Map<number, MonthRow>>();
  for (const r of rows) {
    const k = `${r.level}:${r.key}`;
    let s = series.get(k);
    if (!s) series.set(k, (s = new Map()));
    s.set(r.month, r);
  }
  for (const d of divs) {
    const s = series.get(`${d.level}:${d.key}`);
    if (!s) continue;
    usable.forEach((p, i) => {
      const [a, b] = ranges[i];
      let agg: Agg | undefined;
      if (element.temporal === 'stock') {
        for (let m = b; m >= a; m--) {
          const r = s.get(m);
          if (r) {
            agg = { total: r.total, weight: r.weight, n: r.n };
            break;
          }
        }
      } else {
        for (let m = a; m <= b; m++) {
          const r = s.get(m);
          if (!r) continue;
          if (!agg) agg = { total: 0, weight: 0, n: 0 };
          agg.total += r.total;
          agg.weight += r.weight;
          agg.n = Math.max(agg.n, r.n);
        }
      }
      if (agg) out.set(cellKey(d.code, p.code), agg);
    });
  }
  return out;
}

/** The element's value from its aggregate: the sum, or the weighted mean. */
function elementValue(element: ElementMeta, a: Agg | undefined): number | null {
  if (!a || a.n <= 0) return null;
  if (element.spatial === 'weighted') return a.weight !== 0 ? a.total / a.weight : null;
  return a.total;
}

async function loadIndicator(ex: Executor, ref: number | string): Promise<{ indicator: Indicator; versions: IndicatorVersion[] }> {
  const indicator = await findIndicator(ex, ref);
  if (!indicator) throw notFound('indicator', ref);
  return { indicator, versions: await indicatorVersions(ex, indicator.id) };
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
  const divs = parseDivisions(q.divisionCodes);
  const periods = parsePeriods(q.periods);
  const { versions } = await loadIndicator(ex, q.indicator);
  let named: IndicatorVersion | undefined;
  if (q.version !== undefined) {
    named = versions.find((v) => v.number === q.version);
    if (!named) throw invalid('version', `indicator ${q.indicator} has no version ${q.version}`);
  }
  // Periods grouped by the definition that applies to them.
  const groups = new Map<number, { version: IndicatorVersion; periods: Period[] }>();
  const versionOf = new Map<string, IndicatorVersion | undefined>();
  for (const p of periods) {
    const v = named ?? versionValidOn(versions, p.end);
    versionOf.set(p.code, v);
    if (!v) continue;
    let g = groups.get(v.number);
    if (!g) groups.set(v.number, (g = { version: v, periods: [] }));
    g.periods.push(p);
  }
  const elementIds = [...groups.values()].flatMap((g) => [g.version.numeratorElementId, ...(g.version.denominatorElementId ? [g.version.denominatorElementId] : [])]);
  const elements = await elementMap(ex, elementIds);
  const results = new Map<number, { num: Map<string, Agg>; den: Map<string, Agg> | null }>();
  for (const [n, g] of groups) {
    const numEl = elements.get(g.version.numeratorElementId);
    if (!numEl) throw new AppError('conflict', `indicator ${q.indicator} v${n}: numerator element ${g.version.numeratorElementId} is gone`);
    const num = await aggregateElement(ex, numEl, divs, g.periods, q.unitId);
    let den: Map<string, Agg> | null = null;
    if (g.version.denominatorElementId !== null) {
      const denEl = elements.get(g.version.denominatorElementId);
      if (!denEl) throw new AppError('conflict', `indicator ${q.indicator} v${n}: denominator element ${g.version.denominatorElementId} is gone`);
      den = await aggregateElement(ex, denEl, divs, g.periods, q.unitId);
    }
    results.set(n, { num, den });
  }
  const cells: IndicatorCell[] = [];
  for (const d of divs) {
    for (const p of periods) {
      const v = versionOf.get(p.code);
      const cell: IndicatorCell = { divisionCode: d.code, period: p.code, value: null, numerator: null, denominator: null, contributors: 0 };
      cells.push(cell);
      if (!v) continue;
      const r = results.get(v.number)!;
      const k = cellKey(d.code, p.code);
      const numEl = elements.get(v.numeratorElementId)!;
      const na = r.num.get(k);
      const num = elementValue(numEl, na);
      cell.numerator = num;
      if (r.den) {
        const denEl = elements.get(v.denominatorElementId!)!;
        const da = r.den.get(k);
        const den = elementValue(denEl, da);
        cell.denominator = den;
        cell.contributors = Math.min(na?.n ?? 0, da?.n ?? 0);
        cell.value = num !== null && den !== null && den !== 0 ? (num / den) * v.factor : null;
      } else {
        cell.contributors = na?.n ?? 0;
        cell.value = num !== null ? num * v.factor : null;
      }
    }
  }
  return cells;
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
  const agg = await aggregateElement(ex, element, divs, periods, q.unitId);
  const cells: IndicatorCell[] = [];
  for (const d of divs) {
    for (const p of periods) {
      const a = agg.get(cellKey(d.code, p.code));
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
