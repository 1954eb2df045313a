import { type Insertable, sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { ItemData, ItemKindName } from './plan-item.schemas.ts';
import type { ItemKind, ItemUnitRole, PlanStatus, PlanTables, ReviewStatus } from './plans.tables.ts';

export interface Plan {
  id: number;
  title: string;
  docNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  periodStart: number | null;
  periodEnd: number | null;
  divisionCode: string | null;
  status: PlanStatus;
  published: boolean;
  sourceFilename: string | null;
  sourceFormat: string | null;
  createdAt: string;
  activatedAt: string | null;
  version: number;
}

export interface ItemUnit {
  role: ItemUnitRole;
  nameAsWritten: string;
  unitId: number | null;
  unitName: string | null;
  unitStatus: string | null;
}

interface PlanItemFields {
  id: number;
  planId: number;
  /** A milestone's task (set on import when the extractor nests the milestone under it). */
  parentId: number | null;
  ord: number;
  span: [number, number] | null;
  reviewStatus: ReviewStatus;
  version: number;
  units: ItemUnit[];
}

/** An item of kind K: `data` has that kind's shape (plan-item.schemas.ts). */
export type PlanItemOf<K extends ItemKindName> = PlanItemFields & { kind: K; data: ItemData<K> };
/** A plan item of any kind, discriminated by `kind`. */
export type PlanItem = { [K in ItemKindName]: PlanItemOf<K> }[ItemKindName];

const planColumns = [
  'id', 'title', 'doc_number', 'issuer', 'issued_on', 'period_start', 'period_end', 'division_code', 'status',
  'published', 'source_filename', 'source_format', 'created_at', 'activated_at', 'version',
] as const;

type PlanRow = {
  id: number; title: string; doc_number: string | null; issuer: string | null; issued_on: string | null;
  period_start: number | null; period_end: number | null; division_code: string | null; status: PlanStatus;
  published: boolean; source_filename: string | null; source_format: string | null; created_at: Date;
  activated_at: Date | null; version: number;
};

export function toPlan(r: PlanRow): Plan {
  return {
    id: r.id,
    title: r.title,
    docNumber: r.doc_number,
    issuer: r.issuer,
    issuedOn: r.issued_on,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    divisionCode: r.division_code,
    status: r.status,
    published: r.published,
    sourceFilename: r.source_filename,
    sourceFormat: r.source_format,
    createdAt: r.created_at.toISOString(),
    activatedAt: r.activated_at?.toISOString() ?? null,
    version: r.version,
  };
}

export async function findPlan(ex: Executor, id: number): Promise<Plan | null> {
  const r = await ex.selectFrom('plans').select(planColumns).where('id', '=', id).executeTakeFirst();
  return r ? toPlan(r) : null;
}

export async function planSource(ex: Executor, id: number): Promise<string | null> {
  const r = await ex.selectFrom('plans').select('source_text').where('id', '=', id).executeTakeFirst();
  return r?.source_text ?? null;
}

export interface PlanFilter {
  status?: PlanStatus;
  q?: string;
  /** viewer scope: plans whose division lies in this subtree */
  divisionPrefix?: string;
  /** reporter scope: plans naming this unit on an item */
  unitId?: number;
}

export async function listPlans(ex: Executor, f: PlanFilter): Promise<Plan[]> {
  let q = ex.selectFrom('plans').select(planColumns).orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (f.status) q = q.where('status', '=', f.status);
  if (f.q) q = q.where((eb) => eb.or([eb('title', 'like', `%${f.q}%`), eb('doc_number', 'like', `%${f.q}%`)]));
  if (f.divisionPrefix !== undefined) q = q.where('division_code', 'like', `${f.divisionPrefix}%`);
  if (f.unitId !== undefined) {
    const unitId = f.unitId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('plan_items as i')
          .innerJoin('plan_item_units as u', 'u.item_id', 'i.id')
          .select(sql`1`.as('x'))
          .whereRef('i.plan_id', '=', 'plans.id')
          .where('u.unit_id', '=', unitId),
      ),
    );
  }
  return (await q.execute()).map(toPlan);
}

export async function listItems<K extends ItemKindName>(ex: Executor, planId: number, kind: K): Promise<PlanItemOf<K>[]>;
export async function listItems(ex: Executor, planId: number, kind?: ItemKindName): Promise<PlanItem[]>;
export async function listItems(ex: Executor, planId: number, kind?: ItemKind): Promise<PlanItem[]> {
  let q = ex.selectFrom('plan_items').selectAll().where('plan_id', '=', planId).orderBy('kind').orderBy('ord');
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.execute();
  const ids = rows.map((r) => r.id);
  const units = ids.length
    ? await ex
        .selectFrom('plan_item_units as p')
        .leftJoin('units as u', 'u.id', 'p.unit_id')
        .select(['p.item_id', 'p.role', 'p.name_as_written', 'p.unit_id', 'u.name as unit_name', 'u.status as unit_status'])
        .where('p.item_id', 'in', ids)
        .orderBy('p.item_id')
        .orderBy('p.ord')
        .execute()
    : [];
  const byItem = new Map<number, ItemUnit[]>();
  for (const u of units) {
    const list = byItem.get(u.item_id) ?? [];
    list.push({ role: u.role, nameAsWritten: u.name_as_written, unitId: u.unit_id, unitName: u.unit_name, unitStatus: u.unit_status });
    byItem.set(u.item_id, list);
  }
  return rows.map(
    (r) =>
      // The one place stored JSON is taken as its kind's shape: it is written only by the import
      // (the extractor's types match the schemas) and by review edits checked against the schemas.
      ({
        id: r.id,
        planId: r.plan_id,
        kind: r.kind,
        parentId: r.parent_id,
        ord: r.ord,
        data: r.data,
        span: r.span_start === null || r.span_end === null ? null : [r.span_start, r.span_end],
        reviewStatus: r.review_status,
        version: r.version,
        units: byItem.get(r.id) ?? [],
      }) as PlanItem,
  );
}

export async function countItems(ex: Executor, planId: number): Promise<Record<string, number>> {
  const rows = await ex
    .selectFrom('plan_items')
    .select(['kind', sql<number>`count(*)`.as('n')])
    .where('plan_id', '=', planId)
    .where('review_status', '<>', 'deleted')
    .groupBy('kind')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

/** Which units the live (not deleted) items of a plan name, one row per item and unit. */
export async function itemUnitUsage(ex: Executor, planId: number): Promise<{ unitId: number | null; nameAsWritten: string; itemId: number; role: ItemUnitRole }[]> {
  const rows = await ex
    .selectFrom('plan_item_units as u')
    .innerJoin('plan_items as i', 'i.id', 'u.item_id')
    .select(['u.unit_id', 'u.name_as_written', 'u.item_id', 'u.role'])
    .where('i.plan_id', '=', planId)
    .where('i.review_status', '<>', 'deleted')
    .orderBy('u.item_id')
    .orderBy('u.ord')
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id === null ? null : Number(r.unit_id), nameAsWritten: r.name_as_written, itemId: Number(r.item_id), role: r.role }));
}

/** Points every item naming `fromId` at `intoId` (after a merge); returns how many rows moved. */
export async function repointItemUnits(ex: Executor, fromId: number, intoId: number): Promise<number> {
  const r = await ex.updateTable('plan_item_units').set({ unit_id: intoId }).where('unit_id', '=', fromId).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export interface PlanMetadata {
  title?: string;
  docNumber?: string | null;
  issuer?: string | null;
  issuedOn?: string | null;
  periodStart?: number | null;
  periodEnd?: number | null;
  divisionCode?: string | null;
}

/** Applies the change only if the plan is still at `version`; false when it was not. */
export async function updatePlanAt(ex: Executor, id: number, version: number, m: PlanMetadata): Promise<boolean> {
  const r = await ex
    .updateTable('plans')
    .set({
      ...(m.title !== undefined ? { title: m.title } : {}),
      ...(m.docNumber !== undefined ? { doc_number: m.docNumber } : {}),
      ...(m.issuer !== undefined ? { issuer: m.issuer } : {}),
      ...(m.issuedOn !== undefined ? { issued_on: m.issuedOn } : {}),
      ...(m.periodStart !== undefined ? { period_start: m.periodStart } : {}),
      ...(m.periodEnd !== undefined ? { period_end: m.periodEnd } : {}),
      ...(m.divisionCode !== undefined ? { division_code: m.divisionCode } : {}),
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets the review status of many items at once (each version bumped). */
export async function setReviewStatus(ex: Executor, ids: number[], status: ReviewStatus): Promise<void> {
  if (ids.length === 0) return;
  await ex.updateTable('plan_items').set({ review_status: status, version: sql`version + 1`, updated_at: sql`now()` }).where('id', 'in', ids).execute();
}

/** Replaces an item's data and review status (version bumped). */
export async function updateItemData(ex: Executor, id: number, data: ItemData, status: ReviewStatus): Promise<void> {
  await ex
    .updateTable('plan_items')
    .set({ data: JSON.stringify(data), review_status: status, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Links a unit to an item in a role; `replace` first drops the role's other units (one investor, one reporter). */
export async function linkItemUnit(ex: Executor, itemId: number, role: ItemUnitRole, name: string, unitId: number, replace: boolean): Promise<void> {
  if (replace) await ex.deleteFrom('plan_item_units').where('item_id', '=', itemId).where('role', '=', role).execute();
  const max = await ex.selectFrom('plan_item_units').select(sql<number>`coalesce(max(ord), -1)`.as('m')).where('item_id', '=', itemId).executeTakeFirstOrThrow();
  await ex.insertInto('plan_item_units').values({ item_id: itemId, role, name_as_written: name, unit_id: unitId, ord: Number(max.m) + 1 }).execute();
}

// ---- import and review writes -------------------------------------------------------------

/** PostgreSQL binds at most 65 535 parameters per statement: rows go in chunks well below that. */
const ROWS_PER_INSERT = 2000;
const chunks = <T>(rows: T[]): T[][] => Array.from({ length: Math.ceil(rows.length / ROWS_PER_INSERT) }, (_, i) => rows.slice(i * ROWS_PER_INSERT, (i + 1) * ROWS_PER_INSERT));

export async function insertPlan(ex: Executor, row: Insertable<PlanTables['plans']>): Promise<number> {
  const r = await ex.insertInto('plans').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export interface BasisInput {
  title: string | null;
  docNumber: string | null;
  issuer: string | null;
}

/**
 * Records the documents a plan cites as its basis, each linked to the plan in luoshi with that
 * 文号 if there is one; and links the plans already citing this plan's 文号 to it.
 */
export async function insertBasis(ex: Executor, planId: number, docNumber: string | null, basis: BasisInput[]): Promise<void> {
  const cited = [...new Set(basis.map((b) => b.docNumber).filter((d): d is string => !!d))];
  const known = cited.length
    ? await ex.selectFrom('plans').select(['id', 'doc_number']).where('doc_number', 'in', cited).where('id', '<>', planId).orderBy('id').execute()
    : [];
  const byNumber = new Map<string, number>();
  for (const k of known) if (k.doc_number && !byNumber.has(k.doc_number)) byNumber.set(k.doc_number, Number(k.id));
  if (basis.length) {
    await ex
      .insertInto('plan_basis')
      .values(basis.map((b) => ({ plan_id: planId, title: b.title, doc_number: b.docNumber, issuer: b.issuer, linked_plan_id: b.docNumber ? (byNumber.get(b.docNumber) ?? null) : null })))
      .execute();
  }
  if (docNumber) await ex.updateTable('plan_basis').set({ linked_plan_id: planId }).where('doc_number', '=', docNumber).where('plan_id', '<>', planId).execute();
}

export async function planBasis(ex: Executor, planId: number): Promise<{ title: string | null; docNumber: string | null; linkedPlanId: number | null }[]> {
  const rows = await ex.selectFrom('plan_basis').select(['title', 'doc_number', 'linked_plan_id']).where('plan_id', '=', planId).orderBy('id').execute();
  return rows.map((b) => ({ title: b.title, docNumber: b.doc_number, linkedPlanId: b.linked_plan_id === null ? null : Number(b.linked_plan_id) }));
}

/** The plans this one cites (up) and the plans citing it (down), by the basis links. */
export async function basisNeighbours(ex: Executor, planId: number): Promise<{ up: Pick<Plan, 'id' | 'title' | 'docNumber'>[]; down: Pick<Plan, 'id' | 'title' | 'docNumber'>[] }> {
  const cols = ['p.id', 'p.title', 'p.doc_number'] as const;
  const [up, down] = await Promise.all([
    ex.selectFrom('plan_basis as b').innerJoin('plans as p', 'p.id', 'b.linked_plan_id').select(cols).where('b.plan_id', '=', planId).execute(),
    ex.selectFrom('plan_basis as b').innerJoin('plans as p', 'p.id', 'b.plan_id').select(cols).where('b.linked_plan_id', '=', planId).execute(),
  ]);
  const out = (rows: typeof up) => rows.map((p) => ({ id: Number(p.id), title: p.title, docNumber: p.doc_number }));
  return { up: out(up), down: out(down) };
}

/**
 * Takes `n` ids from the items' sequence in one statement, so that items can be inserted in one
 * statement with their parent already set (a milestone names its task's id).
 */
export async function reserveItemIds(ex: Executor, n: number): Promise<number[]> {
  if (n === 0) return [];
  const { rows } = await sql<{ id: string | number }>`select nextval(pg_get_serial_sequence('plan_items', 'id')) as id from generate_series(1, ${n})`.execute(ex);
  return rows.map((r) => Number(r.id));
}

export interface NewItem {
  id?: number;
  kind: ItemKind;
  parentId?: number | null;
  ord: number;
  data: ItemData;
  span: [number, number] | null;
  reviewStatus?: ReviewStatus;
}

/** Inserts items in one statement (per 2 000); returns their ids in input order. */
export async function insertItems(ex: Executor, planId: number, items: NewItem[]): Promise<number[]> {
  const ids: number[] = [];
  for (const chunk of chunks(items)) {
    const rows = await ex
      .insertInto('plan_items')
      .values(
        chunk.map((i) => ({
          ...(i.id !== undefined ? { id: i.id } : {}),
          plan_id: planId,
          kind: i.kind,
          parent_id: i.parentId ?? null,
          ord: i.ord,
          data: JSON.stringify(i.data),
          span_start: i.span?.[0] ?? null,
          span_end: i.span?.[1] ?? null,
          ...(i.reviewStatus ? { review_status: i.reviewStatus } : {}),
        })),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => Number(r.id)));
  }
  return ids;
}

export interface NewItemUnit {
  itemId: number;
  role: ItemUnitRole;
  nameAsWritten: string;
  unitId: number | null;
  ord: number;
}

/** Inserts the units items name, in one statement (per 2 000). */
export async function insertItemUnits(ex: Executor, rows: NewItemUnit[]): Promise<void> {
  for (const chunk of chunks(rows)) {
    await ex
      .insertInto('plan_item_units')
      .values(chunk.map((u) => ({ item_id: u.itemId, role: u.role, name_as_written: u.nameAsWritten, unit_id: u.unitId, ord: u.ord })))
      .execute();
  }
}

export async function deleteItemUnits(ex: Executor, itemId: number): Promise<void> {
  await ex.deleteFrom('plan_item_units').where('item_id', '=', itemId).execute();
}

/** The next `ord` for an item of this kind added to the plan. */
export async function nextItemOrd(ex: Executor, planId: number, kind: ItemKind): Promise<number> {
  const r = await ex.selectFrom('plan_items').select(sql<number>`coalesce(max(ord), -1)`.as('m')).where('plan_id', '=', planId).where('kind', '=', kind).executeTakeFirstOrThrow();
  return Number(r.m) + 1;
}

/** Activation: items still pending are taken as accepted, and the plan becomes active. */
export async function markPlanActive(ex: Executor, planId: number): Promise<void> {
  await ex.updateTable('plan_items').set({ review_status: 'accepted' }).where('plan_id', '=', planId).where('review_status', '=', 'pending').execute();
  await ex.updateTable('plans').set({ status: 'active', activated_at: sql`now()`, version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', planId).execute();
}

/**
 * Mirrors a plan's publication onto plans.published, which the office's plan pages show. The
 * publishing domain calls it (through plan.service) in its own transaction; its publications
 * table stays the one source the public scope reads.
 */
export async function setPlanPublished(ex: Executor, planId: number, published: boolean): Promise<void> {
  await ex.updateTable('plans').set({ published }).where('id', '=', planId).execute();
}
