/**
 * Rankings of sibling divisions (the children of a division) or of the units reporting within a
 * division, on one indicator and period. Values come from queryIndicator, so a ranking shows an
 * approval as soon as it commits.
 */
import { sql } from 'kysely';
import type { Db, Executor } from '../platform/db/database.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { getUnit } from '../divisions/unit.service.ts';
import { findIndicator } from './indicator.repository.ts';
import { divisionKey, monthCode } from './keys.ts';
import { periodOf } from '../kernel/period.ts';
import { elementsByIdOrCode } from './rollup.repository.ts';
import { childrenValues, queryIndicator } from './query.service.ts';
import { type Direction, rankEntries } from './ranking.ts';
import { thisYear } from '../kernel/clock.ts';

const ex = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);

export interface RankingRow {
  rank: number | null;
  /** division code or unit id (as text) */
  key: string;
  divisionCode: string | null;
  unitId: number | null;
  name: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  contributors: number;
}

export interface Ranking {
  indicator: { id: number; code: string; name: string; unit: string; direction: Direction };
  parent: string;
  period: string;
  by: 'division' | 'unit';
  items: RankingRow[];
}

/** "12" → 12, "FBB_HH_PEN" → "FBB_HH_PEN": routes take an indicator by id or code. */
export const indicatorRef = (s: string | number): number | string => (typeof s === 'number' ? s : /^\d+$/.test(s) ? Number(s) : s);

/** Units with values of the element anywhere in the subtree of `parent`. */
async function reportingUnits(x: Executor, elementId: number, parent: string): Promise<number[]> {
  const lo = divisionKey(parent);
  const hi = parent === '' ? 999_999_999_999 : lo + 10 ** (12 - parent.length) - 1;
  const r = await sql<{ unit_id: number }>`
    select distinct unit_id from data_values
    where element_id = ${elementId} and division_key between ${lo} and ${hi} and unit_id is not null
    order by unit_id`.execute(x);
  return r.rows.map((u) => Number(u.unit_id));
}

/**
 * The latest period with approved data of an indicator's numerator, in the element's native
 * period type (what a ranking or index shows when no period is asked for); null without data.
 * Reads the country-level roll-up (a few rows per element), or the values of a country-level element.
 */
export async function latestPeriod(db: Db | Executor, ref: number | string): Promise<string | null> {
  const x = ex(db);
  const indicator = await findIndicator(x, ref);
  if (!indicator) throw notFound('indicator', ref);
  const [el] = await elementsByIdOrCode(x, [indicator.definition.numeratorElementId]);
  if (!el) return null;
  const r =
    el.divisionLevel > 0
      ? await sql<{ m: number | null }>`select max(month) as m from indicator_rollup where element_id = ${el.id} and level = 0 and division_key = 0 and n > 0`.execute(x)
      : await sql<{ m: number | null }>`select max(month) as m from data_values where element_id = ${el.id}`.execute(x);
  const m = r.rows[0]?.m;
  if (m === null || m === undefined) return null;
  const code = monthCode(Number(m));
  return periodOf(el.periodType, `${code.slice(0, 4)}-${code.slice(5)}-01`).code;
}

export async function indicatorRanking(
  db: Db | Executor,
  query: { indicator: number | string; parent: string; period?: string; by?: 'division' | 'unit' },
): Promise<Ranking> {
  const x = ex(db);
  const indicator = await findIndicator(x, query.indicator);
  if (!indicator) throw notFound('indicator', query.indicator);
  const period = query.period ?? (await latestPeriod(x, indicator.id));
  const q = { ...query, period: period ?? `${thisYear()}` };
  const parent = q.parent === '0' ? '' : q.parent;
  const direction = indicator.definition.direction;
  const by = q.by ?? 'division';
  let rows: Omit<RankingRow, 'rank'>[];
  if (by === 'division') {
    const cells = await childrenValues(x, { indicator: indicator.id, parentCode: parent, period: q.period });
    rows = cells.map((c) => ({ key: c.divisionCode, divisionCode: c.divisionCode, unitId: null, name: c.name, value: c.value, numerator: c.numerator, denominator: c.denominator, contributors: c.contributors }));
  } else {
    rows = [];
    for (const unitId of await reportingUnits(x, indicator.definition.numeratorElementId, parent)) {
      const [cell] = await queryIndicator(x, { indicator: indicator.id, divisionCodes: [parent], periods: [q.period], unitId });
      const unit = await getUnit(x, unitId).catch(() => null);
      rows.push({ key: String(unitId), divisionCode: null, unitId, name: unit?.name ?? `#${unitId}`, value: cell.value, numerator: cell.numerator, denominator: cell.denominator, contributors: cell.contributors });
    }
  }
  if (by === 'division' && rows.length === 0 && parent.length === 12) throw invalid('parent', 'a village has no child divisions to rank');
  return {
    indicator: { id: indicator.id, code: indicator.code, name: indicator.definition.name, unit: indicator.definition.unit, direction },
    parent,
    period: q.period,
    by,
    items: rankEntries(rows, direction).map((r) => ({ ...r, rank: r.rank })),
  };
}
