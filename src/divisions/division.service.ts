import type { Db, Executor } from '../platform/db/database.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import { LENGTH_BY_LEVEL, LEVEL_BY_LENGTH, LEVEL_NAMES } from './division.data.ts';
import { isInitialsQuery, nameCore } from './division.names.ts';
import {
  childrenOf,
  type Division,
  type DivisionChange,
  divisionsByCodes,
  divisionsNamed,
  divisionsNameStarting,
  findDivision,
  historyFor,
  type Page,
  queryDivisions,
} from './division.repository.ts';

export type { Division, DivisionChange, Page };

const EDITION = '2023';
export const CODE_PATTERN = /^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$/;

const ex = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);

export function assertCode(code: string, field = 'code'): void {
  if (!CODE_PATTERN.test(code)) throw invalid(field, 'a division code has 2, 4, 6, 9 or 12 digits');
}

/** "乐都县 became 乐都区 (630202) in 2013" */
export function describeChange(c: DivisionChange): string {
  const verb = c.change === 'abolished' ? 'was abolished' : c.change === 'merged' ? 'was merged into' : 'became';
  const target = c.newName ? ` ${c.newName}${c.newCode ? ` (${c.newCode})` : ''}` : '';
  return `${c.oldName} ${verb}${c.change === 'abolished' ? '' : target}${c.year ? ` in ${c.year}` : ''}`;
}

export async function getDivision(db: Db | Executor, code: string): Promise<Division> {
  assertCode(code);
  const d = await findDivision(ex(db), code);
  if (!d) throw notFound('division', code);
  return d;
}

export async function getChildren(db: Db | Executor, code: string): Promise<Division[]> {
  await getDivision(db, code);
  return childrenOf(ex(db), code);
}

/** Province first, the division's parent last (the division itself excluded). */
export async function getAncestors(db: Db | Executor, code: string): Promise<Division[]> {
  const d = await getDivision(db, code);
  const codes = LENGTH_BY_LEVEL.slice(1, d.level).map((n) => code.slice(0, n));
  return divisionsByCodes(ex(db), codes);
}

export async function getSubtree(
  db: Db | Executor,
  code: string,
  opts: { maxLevel?: number; page: number; pageSize: number },
): Promise<Page<Division>> {
  await getDivision(db, code);
  return queryDivisions(ex(db), { under: code, maxLevel: opts.maxLevel, page: opts.page, pageSize: opts.pageSize });
}

export interface SearchInput {
  q?: string;
  level?: number;
  parent?: string;
  page: number;
  pageSize: number;
}

export interface SearchResult extends Page<Division> {
  /** Set when no division bears exactly this name and it is a former name: what it became. */
  hint: string | null;
  history: DivisionChange[];
}

/** Former names that match `q` itself or its core (乐都 → 乐都县). */
async function formerNames(db: Db | Executor, q: string): Promise<DivisionChange[]> {
  const core = nameCore(q);
  const found = await historyFor(ex(db), q, core);
  return found.filter((c) => c.oldName === q || c.oldCode === q || nameCore(c.oldName) === core);
}

/**
 * A digit string searches by code prefix, Latin letters by pinyin initials (bt → 包头市), anything
 * else by name substring or by the name without its suffix (海北州 → 海北藏族自治州).
 */
export async function searchDivisions(db: Db | Executor, input: SearchInput): Promise<SearchResult> {
  const q = input.q?.replace(/\s+/g, '') || undefined;
  if (input.parent) assertCode(input.parent, 'parent');
  const byCode = q !== undefined && /^[0-9]+$/.test(q);
  const byInitials = q !== undefined && isInitialsQuery(q);
  const byName = q !== undefined && !byCode && !byInitials;
  const page = await queryDivisions(ex(db), {
    name: byName ? q : undefined,
    core: byName ? nameCore(q) : undefined,
    initials: byInitials ? q : undefined,
    codePrefix: byCode ? q : undefined,
    level: input.level,
    parent: input.parent,
    page: input.page,
    pageSize: input.pageSize,
  });
  let history: DivisionChange[] = [];
  // A former name can also be a substring of current ones (梅县 in 梅县区), so the hint is given
  // whenever no division bears exactly that name.
  if (q && byName && !page.items.some((d) => d.name === q)) history = await formerNames(db, q);
  return { ...page, hint: history.length ? history.map(describeChange).join('; ') : null, history };
}

/**
 * Lookup by current name (or code), then by the name without its suffix (包头 → 包头市; counties
 * and above first, townships and villages only when nothing above matches). A name that only
 * exists in the history answers 404 with what it became, so an old plan's "乐都县" leads the
 * reader to 乐都区.
 */
export async function findDivisionsByName(db: Db | Executor, name: string): Promise<Division[]> {
  const n = name.replace(/\s+/g, '');
  if (n.length === 0) throw invalid('name', 'must not be empty');
  if (/^[0-9]+$/.test(n)) return [await getDivision(db, n)];
  const found = await divisionsNamed(ex(db), n);
  if (found.length > 0) return found;
  // A former exact name wins over a current name that only shares its core (乐都县 ≠ 乐都区).
  const exactHistory = await historyFor(ex(db), n);
  const core = nameCore(n);
  if (exactHistory.length === 0 && core.length >= 2) {
    for (const levels of [[1, 2, 3], [4, 5]]) {
      const byCore = (await divisionsNameStarting(ex(db), core, levels)).filter((d) => nameCore(d.name) === core);
      if (byCore.length > 0) return byCore;
    }
  }
  const history = exactHistory.length > 0 ? exactHistory : await formerNames(db, n);
  if (history.length > 0) {
    throw new AppError('not_found', `${history.map(describeChange).join('; ')}; no division is named ${n} in the ${EDITION} edition`, {
      history,
    });
  }
  throw new AppError('not_found', `no division named ${n} in the ${EDITION} edition`);
}

export function levelOf(code: string): number {
  return LEVEL_BY_LENGTH[code.length] ?? 0;
}

export { LEVEL_NAMES };
