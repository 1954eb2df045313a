import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import { LEVEL_NAMES, type LevelName } from './division.data.ts';
import type { DivisionKind, DivisionTables } from './divisions.tables.ts';

export interface Division {
  code: string;
  name: string;
  level: number;
  levelName: LevelName;
  parentCode: string | null;
  kind: DivisionKind;
  fullName: string;
}

export interface DivisionChange {
  oldCode: string | null;
  oldName: string;
  newCode: string | null;
  newName: string | null;
  change: DivisionTables['division_history']['change'];
  year: number | null;
  note: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

type DivisionRow = Omit<DivisionTables['divisions'], 'kind' | 'edition' | 'initials'> & { kind: DivisionKind };
type HistoryRow = Omit<DivisionTables['division_history'], 'id'>;

const COLUMNS = ['code', 'name', 'level', 'parent_code', 'kind', 'full_name'] as const;

export function toDivision(r: DivisionRow): Division {
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    levelName: (LEVEL_NAMES[r.level] || 'village') as LevelName,
    parentCode: r.parent_code,
    kind: r.kind,
    fullName: r.full_name,
  };
}

function toChange(r: HistoryRow): DivisionChange {
  return { oldCode: r.old_code, oldName: r.old_name, newCode: r.new_code, newName: r.new_name, change: r.change, year: r.year, note: r.note };
}

/** Escapes LIKE metacharacters so user text matches literally. */
export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function findDivision(ex: Executor, code: string): Promise<Division | null> {
  const r = await ex.selectFrom('divisions').select(COLUMNS).where('code', '=', code).executeTakeFirst();
  return r ? toDivision(r) : null;
}

export async function existingCodes(ex: Executor, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await ex.selectFrom('divisions').select('code').where('code', '=', sql<string>`any(${codes}::text[])`).execute();
  return new Set(rows.map((r) => r.code));
}

export async function childrenOf(ex: Executor, code: string): Promise<Division[]> {
  const rows = await ex.selectFrom('divisions').select(COLUMNS).where('parent_code', '=', code).orderBy('code').execute();
  return rows.map(toDivision);
}

export async function divisionsByCodes(ex: Executor, codes: string[]): Promise<Division[]> {
  if (codes.length === 0) return [];
  const rows = await ex.selectFrom('divisions').select(COLUMNS).where('code', 'in', codes).orderBy('level').execute();
  return rows.map(toDivision);
}

export interface DivisionQuery {
  /** name substring */
  name?: string;
  /** name without its suffix (包头 for 包头市): also matches names starting with it */
  core?: string;
  /** pinyin initials prefix (bt → 包头市) */
  initials?: string;
  /** code prefix */
  codePrefix?: string;
  level?: number;
  maxLevel?: number;
  parent?: string;
  /** strict descendants of this code */
  under?: string;
  page: number;
  pageSize: number;
}

export async function queryDivisions(ex: Executor, q: DivisionQuery): Promise<Page<Division>> {
  let base = ex.selectFrom('divisions');
  if (q.name) {
    const { name, core } = q;
    // Substrings are searched among the ~45,000 provinces to townships; the 620,000 villages match
    // by how their name starts (indexed), so a search stays fast on the whole country.
    base = base.where((eb) =>
      eb.or([
        eb.and([eb('level', '<=', 4), eb('name', 'like', `%${likeLiteral(name)}%`)]),
        eb('name', 'like', `${likeLiteral(name)}%`),
        ...(core && core !== name ? [eb('name', 'like', `${likeLiteral(core)}%`)] : []),
      ]),
    );
  }
  if (q.initials) base = base.where('initials', 'like', `${likeLiteral(q.initials.toLowerCase())}%`);
  if (q.codePrefix) base = base.where('code', 'like', `${likeLiteral(q.codePrefix)}%`);
  if (q.under) base = base.where('code', 'like', `${likeLiteral(q.under)}%`).where('code', '<>', q.under);
  if (q.level !== undefined) base = base.where('level', '=', q.level);
  if (q.maxLevel !== undefined) base = base.where('level', '<=', q.maxLevel);
  if (q.parent) base = base.where('parent_code', '=', q.parent);
  const [{ total }] = await base.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await base
    .select(COLUMNS)
    // Exact name matches first, then shallower levels: 西宁市 before 西宁市城东区's streets.
    .orderBy(sql`case when name = ${q.name ?? null} then 0 when name like ${q.core ? `${likeLiteral(q.core)}%` : null} then 1 else 2 end`)
    .orderBy('level')
    .orderBy('code')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { items: rows.map(toDivision), total: Number(total), page: q.page, pageSize: q.pageSize };
}

export async function divisionsNamed(ex: Executor, name: string): Promise<Division[]> {
  const rows = await ex.selectFrom('divisions').select(COLUMNS).where('name', '=', name).orderBy('level').orderBy('code').execute();
  return rows.map(toDivision);
}

/** Divisions whose name starts with `prefix`, of the given levels (the caller compares cores). */
export async function divisionsNameStarting(ex: Executor, prefix: string, levels: number[]): Promise<Division[]> {
  const rows = await ex
    .selectFrom('divisions')
    .select(COLUMNS)
    .where('name', 'like', `${likeLiteral(prefix)}%`)
    .where('level', 'in', levels)
    .orderBy('level')
    .orderBy('code')
    .limit(500)
    .execute();
  return rows.map(toDivision);
}

/** Changes that concern a former name or code; `core` also matches 乐都 to 乐都县. */
export async function historyFor(ex: Executor, name: string, core?: string): Promise<DivisionChange[]> {
  const rows = await ex
    .selectFrom('division_history')
    .select(['old_code', 'old_name', 'new_code', 'new_name', 'change', 'year', 'note'])
    .where((eb) =>
      eb.or([
        eb('old_name', '=', name),
        eb('old_code', '=', name),
        ...(core && core.length >= 2 && core !== name ? [eb('old_name', 'like', `${likeLiteral(core)}%`)] : []),
      ]),
    )
    .orderBy('year')
    .execute();
  return rows.map(toChange);
}
