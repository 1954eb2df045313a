/**
 * 宽带发展指数 and other composite indexes: definitions (admin-configurable, audited, versioned)
 * and scores for a division and its children in one period, with the method published beside
 * the numbers (dev-index.score.ts holds the arithmetic).
 */
import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { AppError, type FieldProblem, notFound } from '../platform/errors.ts';
import { findIndicator } from './indicator.repository.ts';
import { childDivisions, queryIndicator } from './query.service.ts';
import { rankEntries } from './ranking.ts';
import { type DevIndex, type DevIndexValues, findIndex, insertIndex, listIndexes, updateIndex } from './dev-index.repository.ts';
import { type IndexScore, scoreIndex } from './dev-index.score.ts';
import { indicatorRef, latestPeriod } from './ranking.service.ts';
import { parsePeriod } from '../kernel/period.ts';
import { thisYear } from '../kernel/clock.ts';

export type { DevIndex, DevIndexValues };

const ex = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);

export const INDEX_METHOD_TEXT =
  '参照国际电信联盟 ICT 发展指数（IDI，2009–2017 年版）方法：各分项指标除以参考值（目标值）得到标准化得分 z = x ÷ 参考值；' +
  '带宽、速率类指标取对数 z = log10(x) ÷ log10(参考值)；得分截断在 0 与上限之间（默认 1.2，即超过目标最多按 120% 计）；' +
  '分组得分为组内指标得分的加权平均，指数 = 满分系数 × 各组得分的加权平均（默认 10 × (0.4·普及 + 0.4·能力 + 0.2·应用)）。' +
  '所有比率均由下级原始分子、分母重新汇总后计算，不对比率求平均。某项指标缺数时，该项不计、组内权重按其余指标重新归一，并在 missing 中列出。';

export const INDEX_FORMULA = 'z_i = min(max(x_i / ref_i, 0), cap_i) (log: log10(x_i) / log10(ref_i)); group = Σ w_i z_i / Σ w_i; index = scale × Σ W_g group_g / Σ W_g';

export async function getIndexDefinition(db: Db | Executor, ref: number | string): Promise<DevIndex> {
  const d = await findIndex(ex(db), ref);
  if (!d) throw notFound('index', ref);
  return d;
}

export const searchIndexes = (db: Db | Executor) => listIndexes(ex(db));

export interface IndexMethod {
  index: { id: number; code: string; name: string; description: string; version: number };
  text: string;
  formula: string;
  scale: number;
  groups: { code: string; name: string; weight: number }[];
  components: { indicator: string; name: string; group: string; reference: number; log: boolean; cap: number; weight: number; unit: string | null; known: boolean }[];
  sources: string[];
}

/** The method as published beside the scores: text, formula, groups, components, weights, sources. */
export async function indexMethod(db: Db | Executor, ref: number | string): Promise<IndexMethod> {
  const d = await getIndexDefinition(db, ref);
  const components = [];
  for (const c of d.components) {
    const i = await findIndicator(ex(db), indicatorRef(c.indicator));
    components.push({ ...c, unit: i?.definition.unit ?? null, known: !!i });
  }
  return {
    index: { id: d.id, code: d.code, name: d.name, description: d.description, version: d.version },
    text: INDEX_METHOD_TEXT,
    formula: INDEX_FORMULA,
    scale: d.scale,
    groups: d.groups,
    components,
    sources: d.sources,
  };
}

export interface IndexRow extends IndexScore {
  divisionCode: string;
  name: string;
  rank: number | null;
}

export interface IndexResult {
  index: { id: number; code: string; name: string; version: number };
  parent: IndexRow;
  period: string;
  items: IndexRow[];
  /** components whose indicator is not defined (scored as missing everywhere) */
  unknownIndicators: string[];
  method: IndexMethod;
}

/**
 * Scores the division `parent` and each of its children in `period`, ranked by score. One
 * queryIndicator per component for all of them.
 */
export async function computeIndex(db: Db | Executor, ref: number | string, query: { parent: string; period?: string }): Promise<IndexResult> {
  const x = ex(db);
  const def = await getIndexDefinition(x, ref);
  const q = { parent: query.parent, period: query.period ?? (await latestIndexPeriod(x, def)) };
  const parent = q.parent === '0' ? '' : q.parent;
  const children = await childDivisions(x, parent);
  const parentName = parent === '' ? '全国' : ((await x.selectFrom('divisions').select('name').where('code', '=', parent).executeTakeFirst())?.name ?? parent);
  const codes = [parent, ...children.map((c) => c.code)];
  const values = new Map<string, Map<string, number | null>>(codes.map((c) => [c, new Map()]));
  const unknownIndicators: string[] = [];
  for (const c of def.components) {
    const indicator = await findIndicator(x, indicatorRef(c.indicator));
    if (!indicator) {
      unknownIndicators.push(c.indicator);
      continue;
    }
    for (const cell of await queryIndicator(x, { indicator: indicator.id, divisionCodes: codes, periods: [q.period] })) values.get(cell.divisionCode)?.set(c.indicator, cell.value);
  }
  const row = (code: string, name: string): Omit<IndexRow, 'rank'> => ({ divisionCode: code, name, ...scoreIndex(def, values.get(code)!) });
  const rows = children.map((c) => row(c.code, c.name));
  const ranked = rankEntries(rows.map((r) => ({ ...r, key: r.divisionCode, value: r.score })), 'higher').map(({ key: _k, value: _v, ...r }) => r);
  return {
    index: { id: def.id, code: def.code, name: def.name, version: def.version },
    parent: { ...row(parent, parentName), rank: null },
    period: q.period,
    items: ranked,
    unknownIndicators,
    method: await indexMethod(x, def.id),
  };
}

/** The latest period any component has data for (by end date), else the current year. */
async function latestIndexPeriod(x: Executor, def: DevIndex): Promise<string> {
  let best: string | null = null;
  for (const c of def.components) {
    const indicator = await findIndicator(x, indicatorRef(c.indicator));
    const p = indicator ? await latestPeriod(x, indicator.id) : null;
    if (p && (!best || parsePeriod(p).end > parsePeriod(best).end)) best = p;
  }
  return best ?? `${thisYear()}`;
}

function checkDefinition(v: DevIndexValues): void {
  const fields: FieldProblem[] = [];
  const groups = new Set<string>();
  v.groups.forEach((g, i) => {
    if (groups.has(g.code)) fields.push({ field: `groups.${i}.code`, reason: `duplicate group ${g.code}` });
    groups.add(g.code);
  });
  const indicators = new Set<string>();
  v.components.forEach((c, i) => {
    if (!groups.has(c.group)) fields.push({ field: `components.${i}.group`, reason: `no group ${c.group}` });
    if (indicators.has(c.indicator)) fields.push({ field: `components.${i}.indicator`, reason: `indicator ${c.indicator} appears twice` });
    if (c.log && c.reference <= 1) fields.push({ field: `components.${i}.reference`, reason: 'a log-scaled reference must exceed 1' });
    indicators.add(c.indicator);
  });
  for (const g of groups) if (!v.components.some((c) => c.group === g)) fields.push({ field: 'groups', reason: `group ${g} has no component` });
  if (fields.length) throw new AppError('validation_failed', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), { fields });
}

export async function createIndexDefinition(db: Db | Executor, actor: Actor, v: DevIndexValues): Promise<DevIndex> {
  checkDefinition(v);
  return transaction(db, async (tx) => {
    if (await findIndex(tx, v.code)) throw new AppError('duplicate', `index code ${v.code} exists`, { fields: [{ field: 'code', reason: 'taken' }] });
    const id = await insertIndex(tx, v, actor.id);
    const after = (await findIndex(tx, id))!;
    await recordAudit(tx, actor, { action: 'create', entity: 'dev_index', entityId: id, after });
    return after;
  });
}

/** Replaces an index definition whole (groups and components); a stale version is a 409. */
export async function updateIndexDefinition(db: Db | Executor, actor: Actor, id: number, version: number, v: DevIndexValues): Promise<DevIndex> {
  checkDefinition(v);
  return transaction(db, async (tx) => {
    const before = await findIndex(tx, id);
    if (!before) throw notFound('index', id);
    const other = await findIndex(tx, v.code);
    if (other && other.id !== id) throw new AppError('duplicate', `index code ${v.code} exists`, { fields: [{ field: 'code', reason: 'taken' }] });
    if (!(await updateIndex(tx, id, version, v))) throw new AppError('conflict', `index ${id} was changed by someone else (version ${before.version}, yours ${version})`, { current: before });
    const after = (await findIndex(tx, id))!;
    await recordAudit(tx, actor, { action: 'update', entity: 'dev_index', entityId: id, before, after });
    return after;
  });
}
