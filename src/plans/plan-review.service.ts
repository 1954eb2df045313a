import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import { getDivision } from '../divisions/division.service.ts';
import { confirmUnit, getUnit, mergeUnits, normalizeName, searchUnits, type Unit } from '../divisions/unit.service.ts';
import {
  findPlan,
  itemUnitUsage,
  linkItemUnit,
  listItems,
  type Plan,
  type PlanItem,
  type PlanMetadata,
  repointItemUnits,
  setReviewStatus,
  updateItemData,
  updatePlanAt,
} from './plan.repository.ts';
import type { ItemData } from './plan-item.schemas.ts';
import type { ItemUnitRole, ReviewStatus } from './plans.tables.ts';

/**
 * Review at scale: filtering a long item list, deciding on many items in one step, tying items to
 * registry units, settling the units an import proposed, and correcting the plan's own metadata.
 */

export interface ItemFilter {
  q?: string;
  status?: ReviewStatus[];
  section?: string;
  unitId?: number;
}

/** Items matching every given criterion; `q` searches the item's fields and unit names. */
export function filterItems(items: PlanItem[], f: ItemFilter): PlanItem[] {
  const q = f.q ? normalizeName(f.q).toLowerCase() : '';
  return items.filter((i) => {
    if (f.status?.length && !f.status.includes(i.reviewStatus)) return false;
    if (f.section !== undefined && ((i.kind === 'task' ? i.data.section : null) ?? '') !== f.section) return false;
    if (f.unitId !== undefined && !i.units.some((u) => u.unitId === f.unitId)) return false;
    if (q) {
      const hay = normalizeName([JSON.stringify(i.data), ...i.units.map((u) => `${u.nameAsWritten} ${u.unitName ?? ''}`)].join(' ')).toLowerCase();
      if (!hay.includes(q)) return false;
    }
    return true;
  });
}

const ex = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);

async function editablePlan(tx: Executor, planId: number): Promise<Plan> {
  const plan = await findPlan(tx, planId);
  if (!plan) throw notFound('plan', planId);
  if (plan.status === 'archived') throw new AppError('conflict', 'an archived plan cannot be edited');
  return plan;
}

export type BulkAction = { action: 'accept' } | { action: 'delete' } | { action: 'assignUnit'; unitId: number; role: ItemUnitRole };

export interface BulkInput {
  items: { id: number; version: number }[];
}

/** Which roles an item kind's units can take, and whether the role holds one unit (replaced) or many. */
const ROLES: Partial<Record<PlanItem['kind'], Partial<Record<ItemUnitRole, { single: boolean }>>>> = {
  task: { lead: { single: false }, responsible: { single: false } },
  investment: { investor: { single: true } },
  reporting: { reporter: { single: true } },
};

/** The item's data naming `name` in `role` (ROLES says which roles apply to which kind). */
function dataWithUnit(item: PlanItem, role: ItemUnitRole, name: string, linked: boolean): ItemData {
  const add = (list: string[]) => (list.some((n) => normalizeName(n) === normalizeName(name)) || linked ? list : [...list, name]);
  switch (item.kind) {
    case 'task':
      return role === 'lead' ? { ...item.data, leadUnits: add(item.data.leadUnits) } : { ...item.data, responsibleUnits: add(item.data.responsibleUnits) };
    case 'investment':
      return { ...item.data, unit: name };
    case 'reporting':
      return { ...item.data, by: name };
    default:
      return item.data;
  }
}

/**
 * One decision on many items, in one transaction: every item must belong to the plan and be at
 * the version the reviewer saw (409 names the stale ones), and each change is audited.
 */
export async function bulkReview(db: Db | Executor, actor: Actor, planId: number, input: BulkInput & BulkAction): Promise<{ items: PlanItem[] }> {
  return transaction(db, async (tx) => {
    await editablePlan(tx, planId);
    const all = new Map((await listItems(tx, planId)).map((i) => [i.id, i]));
    const fields: { field: string; reason: string }[] = [];
    const stale: number[] = [];
    const chosen: PlanItem[] = [];
    const seen = new Set<number>();
    input.items.forEach((ref, n) => {
      const item = all.get(ref.id);
      if (!item) fields.push({ field: `items.${n}.id`, reason: `no item ${ref.id} in plan ${planId}` });
      else if (item.version !== ref.version) stale.push(ref.id);
      else if (!seen.has(ref.id)) {
        seen.add(ref.id);
        chosen.push(item);
      }
    });
    if (fields.length) throw new AppError('not_found', fields.map((f) => f.reason).join('; '), { fields });
    if (stale.length) throw new AppError('conflict', `items changed by someone else: ${stale.join(', ')}; reload and retry`, { staleIds: stale });

    if (input.action === 'accept' || input.action === 'delete') {
      const target = (i: PlanItem): ReviewStatus =>
        input.action === 'delete' ? 'deleted' : i.reviewStatus === 'added' || i.reviewStatus === 'edited' ? i.reviewStatus : 'accepted';
      const groups = new Map<ReviewStatus, number[]>();
      for (const i of chosen) groups.set(target(i), [...(groups.get(target(i)) ?? []), i.id]);
      for (const [status, ids] of groups) await setReviewStatus(tx, ids, status);
      await recordAudit(
        tx,
        actor,
        chosen.map((i) => ({ action: `review.${input.action}`, entity: 'plan_item', entityId: i.id, before: { reviewStatus: i.reviewStatus, version: i.version }, after: { reviewStatus: target(i), version: i.version + 1 } })),
      );
    } else {
      const unit = await getUnit(tx, input.unitId).catch(() => {
        throw invalid('unitId', `no unit ${input.unitId}`);
      });
      if (unit.status !== 'active' && unit.status !== 'proposed') throw new AppError('conflict', `unit ${unit.id} is ${unit.status}; pick the unit it was merged into`);
      const wrong = chosen.filter((i) => !ROLES[i.kind]?.[input.role]);
      if (wrong.length) {
        throw new AppError('validation_failed', `role ${input.role} does not apply to ${wrong.map((i) => `${i.kind} ${i.id}`).join(', ')}`, {
          fields: [{ field: 'role', reason: `${input.role} does not apply to item kind(s) ${[...new Set(wrong.map((i) => i.kind))].join(', ')}` }],
        });
      }
      for (const item of chosen) {
        const spec = ROLES[item.kind]![input.role]!;
        const already = item.units.some((u) => u.role === input.role && u.unitId === unit.id);
        const data = dataWithUnit(item, input.role, unit.name, already);
        const status: ReviewStatus = item.reviewStatus === 'added' ? 'added' : 'edited';
        await updateItemData(tx, item.id, data, status);
        if (!already || spec.single) await linkItemUnit(tx, item.id, input.role, unit.name, unit.id, spec.single);
      }
      await recordAudit(
        tx,
        actor,
        chosen.map((i) => ({ action: 'review.assign_unit', entity: 'plan_item', entityId: i.id, before: { units: i.units, version: i.version }, after: { unitId: unit.id, role: input.role } })),
      );
    }
    const ids = new Set(chosen.map((i) => i.id));
    return { items: (await listItems(tx, planId)).filter((i) => ids.has(i.id)) };
  });
}

/* ---------- the plan's units ---------- */

export type SuggestionReason = 'same_base' | 'contains';

export interface UnitSuggestion {
  id: number;
  name: string;
  status: Unit['status'];
  reason: SuggestionReason;
}

export interface PlanUnit {
  unit: Pick<Unit, 'id' | 'name' | 'status' | 'kind' | 'divisionCode' | 'aliases' | 'version' | 'mergedIntoId'>;
  /** the names items wrote for it */
  names: string[];
  itemIds: number[];
  suggestions: UnitSuggestion[];
}

// "天河区" and "天河区人民政府" are the same body: the government of a division is often named by the division alone.
const base = (name: string) => normalizeName(name).replace(/(?:人民政府|政府)$/, '');

/**
 * Existing units a proposed unit is probably a duplicate of, best first: the same name once a
 * 人民政府 suffix is dropped, then one name containing the other. Registered (active) units rank
 * above other proposals.
 */
export function mergeSuggestions(unit: Pick<Unit, 'id' | 'name' | 'aliases' | 'divisionCode'>, candidates: Unit[]): UnitSuggestion[] {
  const mine = [unit.name, ...unit.aliases];
  const out: (UnitSuggestion & { rank: number })[] = [];
  for (const c of candidates) {
    if (c.id === unit.id || c.divisionCode !== unit.divisionCode || (c.status !== 'active' && c.status !== 'proposed')) continue;
    const theirs = [c.name, ...c.aliases];
    let reason: SuggestionReason | null = null;
    for (const a of mine) {
      for (const b of theirs) {
        const na = normalizeName(a);
        const nb = normalizeName(b);
        if (base(a) === base(b) && base(a).length >= 2) reason = 'same_base';
        else if (!reason && Math.min(na.length, nb.length) >= 2 && (na.includes(nb) || nb.includes(na))) reason = 'contains';
      }
    }
    if (reason) out.push({ id: c.id, name: c.name, status: c.status, reason, rank: (reason === 'same_base' ? 0 : 2) + (c.status === 'active' ? 0 : 1) });
  }
  return out.sort((a, b) => a.rank - b.rank || a.name.length - b.name.length || a.id - b.id).map(({ rank: _r, ...s }) => s);
}

/** The units a plan's items name, each with the names written for it and, if proposed, merge suggestions. */
export async function planUnits(db: Db | Executor, planId: number): Promise<{ units: PlanUnit[]; unlinked: { name: string; itemIds: number[] }[] }> {
  const plan = await findPlan(ex(db), planId);
  if (!plan) throw notFound('plan', planId);
  const usage = await itemUnitUsage(ex(db), planId);
  const byUnit = new Map<number, { names: Set<string>; itemIds: Set<number> }>();
  const unlinked = new Map<string, Set<number>>();
  for (const u of usage) {
    if (u.unitId === null) {
      unlinked.set(u.nameAsWritten, (unlinked.get(u.nameAsWritten) ?? new Set()).add(u.itemId));
      continue;
    }
    const e = byUnit.get(u.unitId) ?? { names: new Set(), itemIds: new Set() };
    e.names.add(u.nameAsWritten);
    e.itemIds.add(u.itemId);
    byUnit.set(u.unitId, e);
  }
  const units: PlanUnit[] = [];
  const candidatesByDivision = new Map<string, Unit[]>();
  for (const [id, e] of byUnit) {
    const unit = await getUnit(ex(db), id);
    let suggestions: UnitSuggestion[] = [];
    if (unit.status === 'proposed') {
      let candidates = candidatesByDivision.get(unit.divisionCode);
      if (!candidates) {
        candidates = (await searchUnits(db, { division: unit.divisionCode, status: ['active', 'proposed'] }, { prefix: null, unitId: null }, 1, 2000)).items;
        candidatesByDivision.set(unit.divisionCode, candidates);
      }
      suggestions = mergeSuggestions(unit, candidates);
    }
    const { name, status, kind, divisionCode, aliases, version, mergedIntoId } = unit;
    units.push({ unit: { id, name, status, kind, divisionCode, aliases, version, mergedIntoId }, names: [...e.names], itemIds: [...e.itemIds], suggestions });
  }
  // Proposed first (they need a decision), then by name.
  units.sort((a, b) => Number(b.unit.status === 'proposed') - Number(a.unit.status === 'proposed') || a.unit.name.localeCompare(b.unit.name, 'zh-CN'));
  return { units, unlinked: [...unlinked].map(([name, ids]) => ({ name, itemIds: [...ids] })) };
}

async function assertNamedByPlan(tx: Executor, planId: number, unitId: number): Promise<void> {
  if (!(await itemUnitUsage(tx, planId)).some((u) => u.unitId === unitId)) throw notFound(`unit named by plan ${planId}`, unitId);
}

/**
 * Merges a unit the plan names into another (its name becomes an alias there) and points every
 * item that named it at the survivor, in one transaction.
 */
export async function mergePlanUnit(db: Db | Executor, actor: Actor, planId: number, fromId: number, intoId: number): Promise<{ into: Unit; moved: number }> {
  return transaction(db, async (tx) => {
    await editablePlan(tx, planId);
    await assertNamedByPlan(tx, planId, fromId);
    const into = await mergeUnits(tx, actor, fromId, intoId);
    const moved = await repointItemUnits(tx, fromId, intoId);
    await recordAudit(tx, actor, { action: 'plan.unit_merge', entity: 'plan', entityId: planId, after: { fromId, intoId, moved } });
    return { into, moved };
  });
}

/** Confirms a unit the plan's import proposed (optionally renamed / re-kinded). */
export async function confirmPlanUnit(db: Db | Executor, actor: Actor, planId: number, unitId: number, input: { version: number; name?: string; kind?: Unit['kind'] }): Promise<Unit> {
  return transaction(db, async (tx) => {
    await editablePlan(tx, planId);
    await assertNamedByPlan(tx, planId, unitId);
    return confirmUnit(tx, actor, unitId, input);
  });
}

/* ---------- metadata ---------- */

/**
 * Corrects the plan's title, 文号, issuer, dates, period and division. The period and division
 * shape the reporting calendar created at activation, so they change only on a draft.
 */
export async function updatePlanMetadata(db: Db | Executor, actor: Actor, planId: number, patch: PlanMetadata & { version: number }): Promise<Plan> {
  return transaction(db, async (tx) => {
    const before = await editablePlan(tx, planId);
    const { version, ...changes } = patch;
    if (before.version !== version) throw new AppError('conflict', `plan ${planId} was changed by someone else (version ${before.version}, yours ${version})`, { current: before });
    const start = changes.periodStart !== undefined ? changes.periodStart : before.periodStart;
    const end = changes.periodEnd !== undefined ? changes.periodEnd : before.periodEnd;
    if (start !== null && end !== null && end < start) throw invalid('periodEnd', `the period ends (${end}) before it starts (${start})`);
    const shapesCalendar = (['periodStart', 'periodEnd', 'divisionCode', 'issuedOn'] as const).filter((k) => changes[k] !== undefined && changes[k] !== before[k]);
    if (shapesCalendar.length && before.status !== 'draft') {
      throw new AppError('conflict', `${shapesCalendar.join(', ')} can change only while the plan is a draft (it is ${before.status})`, {
        fields: shapesCalendar.map((f) => ({ field: f, reason: 'only on a draft' })),
      });
    }
    if (changes.divisionCode) {
      const code = changes.divisionCode;
      await getDivision(tx, code).catch(() => {
        throw invalid('divisionCode', `unknown division ${code}`);
      });
    }
    if (!(await updatePlanAt(tx, planId, version, changes))) throw new AppError('conflict', `plan ${planId} was changed by someone else`);
    const after = (await findPlan(tx, planId))!;
    await recordAudit(tx, actor, { action: 'update', entity: 'plan', entityId: planId, before, after });
    return after;
  });
}
