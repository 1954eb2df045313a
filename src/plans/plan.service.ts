import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import { getDivision } from '../divisions/division.service.ts';
import { createUnit, normalizeName, resolveUnitName } from '../divisions/unit.service.ts';
import type { UnitKind } from '../divisions/divisions.tables.ts';
import { extractPlan, type ExtractedPlan } from './extract/extract-plan.ts';
import { itemDataSchemas, type ItemKindName } from './plan-item.schemas.ts';
import { countItems, findPlan, listItems, listPlans, type Plan, type PlanFilter, type PlanItem, planSource } from './plan.repository.ts';
import type { ItemUnitRole } from './plans.tables.ts';
import { type ComparableTarget, compareTargets, type TargetComparison } from './target-comparison.ts';
import type { Frequency } from '../reporting/calendar.ts';
import { createDutiesForPlan, reportingSpan } from '../reporting/duty.service.ts';
import { dueDateProblems, dutyOf } from './duty-due.ts';
import { activationChecklist } from './plan-checklist.ts';

export type { Plan, PlanItem, PlanFilter };

const ex = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);

/**
 * Collective addressees ("各县", "各有关单位", "市农村信息化联席会议各成员单位") name a set of bodies,
 * not one unit: they stay on the item as written and are never proposed as units.
 */
export function isCollectiveName(name: string): boolean {
  return /^各|各(?:成员)?单位$|有关(?:单位|部门)$|成员单位$|相关部门$/.test(normalizeName(name));
}

/** A first guess of a proposed unit's kind from its name; the office corrects it when confirming. */
export function guessUnitKind(name: string): UnitKind {
  if (/公司|集团|银行|企业/.test(name)) return 'company';
  if (/人民政府$|政府$/.test(name)) return 'government';
  if (/领导小组|联席会议|委员会办公室|指挥部/.test(name)) return 'group';
  return 'department';
}

export interface ImportInput {
  text: string;
  filename: string | null;
  format: string | null;
  /** The division whose plan this is: names such as 州教育局 are read within it. */
  divisionCode: string;
  /** extractPlan(text) already done (in a worker thread, see import/convert-worker.ts) */
  extracted?: ExtractedPlan;
}

export interface ImportResult {
  plan: Plan;
  counts: Record<string, number>;
  /** Units named by the plan that matched no existing unit and were proposed (status 'proposed'). */
  proposedUnits: { id: number; name: string }[];
}

interface UnitRef {
  role: ItemUnitRole;
  name: string;
}

function unitRefs(kind: ItemKindName, data: Record<string, unknown>): UnitRef[] {
  const refs: UnitRef[] = [];
  if (kind === 'task') {
    for (const n of (data.leadUnits as string[]) ?? []) refs.push({ role: 'lead', name: n });
    for (const n of (data.responsibleUnits as string[]) ?? []) refs.push({ role: 'responsible', name: n });
  } else if (kind === 'investment' && typeof data.unit === 'string') {
    refs.push({ role: 'investor', name: data.unit });
  } else if (kind === 'reporting' && typeof data.by === 'string') {
    refs.push({ role: 'reporter', name: data.by });
  }
  return refs;
}

function itemsOf(x: ExtractedPlan): { kind: ItemKindName; data: Record<string, unknown>; span: [number, number] | null }[] {
  const strip = <T extends { span?: [number, number] }>(o: T) => {
    const { span, ...rest } = o;
    return { data: rest as Record<string, unknown>, span: span ?? null };
  };
  return [
    ...x.targets.map((t) => ({ kind: 'target' as const, ...strip(t) })),
    ...x.tasks.map((t) => ({ kind: 'task' as const, ...strip(t) })),
    ...x.milestones.map((t) => ({ kind: 'milestone' as const, ...strip(t) })),
    ...x.investments.map((t) => ({ kind: 'investment' as const, ...strip(t) })),
    ...x.leadingGroup.map((t) => ({ kind: 'leader' as const, ...strip(t) })),
    ...x.reporting.map((t) => ({ kind: 'reporting' as const, ...strip(t) })),
  ];
}

/**
 * Links the units an item names: an existing unit by name or alias (within the plan's division
 * first, then anywhere), else a unit proposed for the office to confirm or merge.
 */
async function linkUnits(
  tx: Executor,
  actor: Actor,
  itemId: number,
  refs: UnitRef[],
  divisionCode: string,
  proposed: Map<string, number>,
  proposedOut: { id: number; name: string }[],
): Promise<void> {
  let ord = 0;
  for (const ref of refs) {
    const key = normalizeName(ref.name);
    let unitId: number | null = null;
    if (key && !isCollectiveName(ref.name)) {
      const local = await resolveUnitName(tx, ref.name, { divisionCode });
      const anywhere = local.unit ? local : await resolveUnitName(tx, ref.name);
      unitId = anywhere.unit?.id ?? proposed.get(key) ?? null;
      // Only plausible unit names are proposed; a long clause mis-read as a name stays unlinked.
      if (unitId === null && anywhere.candidates.length === 0 && key.length <= 40 && divisionCode) {
        const { id } = await createUnit(tx, actor, { name: ref.name.trim(), divisionCode, kind: guessUnitKind(ref.name), aliases: [], status: 'proposed' });
        proposed.set(key, id);
        proposedOut.push({ id, name: ref.name.trim() });
        unitId = id;
      }
    }
    await tx.insertInto('plan_item_units').values({ item_id: itemId, role: ref.role, name_as_written: ref.name, unit_id: unitId, ord: ord++ }).execute();
  }
}

/**
 * Creates a draft plan from a document's text: the extraction, its items with source spans, the
 * units they name, and links to the plans it implements — all in one transaction, or nothing.
 */
export async function importPlanText(db: Db | Executor, actor: Actor, input: ImportInput): Promise<ImportResult> {
  const extracted = input.extracted ?? extractPlan(input.text);
  if (!extracted.title && extracted.tasks.length === 0 && extracted.targets.length === 0) {
    throw new AppError('unprocessable', '未识别出实施方案的结构 / no recognisable plan in this document');
  }
  return transaction(db, async (tx) => {
    await getDivision(tx, input.divisionCode).catch(() => {
      throw invalid('divisionCode', `unknown division ${input.divisionCode}`);
    });
    const years = /(\d{4})\s*[-—–至到]\s*(\d{4})\s*年/.exec(extracted.title ?? '');
    const issuedYear = extracted.issuedOn ? Number(extracted.issuedOn.slice(0, 4)) : null;
    const plan = await tx
      .insertInto('plans')
      .values({
        title: (extracted.title ?? input.filename ?? '未命名方案').slice(0, 500),
        doc_number: extracted.docNumber,
        issuer: extracted.issuer,
        issued_on: extracted.issuedOn,
        period_start: years ? Number(years[1]) : issuedYear,
        period_end: years ? Number(years[2]) : null,
        division_code: input.divisionCode,
        source_filename: input.filename,
        source_format: input.format,
        source_sha256: createHash('sha256').update(extracted.sourceText).digest('hex'),
        source_text: extracted.sourceText,
        created_by: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    for (const b of extracted.basis) {
      const linked = b.docNumber
        ? await tx.selectFrom('plans').select('id').where('doc_number', '=', b.docNumber).where('id', '<>', plan.id).executeTakeFirst()
        : undefined;
      await tx
        .insertInto('plan_basis')
        .values({ plan_id: plan.id, title: b.title ?? null, doc_number: b.docNumber, issuer: b.issuer ?? null, linked_plan_id: linked?.id ?? null })
        .execute();
    }
    // Plans already in luoshi that cite this one as their basis now link to it.
    if (extracted.docNumber) {
      await tx.updateTable('plan_basis').set({ linked_plan_id: plan.id }).where('doc_number', '=', extracted.docNumber).where('plan_id', '<>', plan.id).execute();
    }

    const proposed = new Map<string, number>();
    const proposedUnits: { id: number; name: string }[] = [];
    const ordByKind = new Map<string, number>();
    const taskIds = new Map<string, number>();
    for (const item of itemsOf(extracted)) {
      const ord = ordByKind.get(item.kind) ?? 0;
      ordByKind.set(item.kind, ord + 1);
      const parentId = item.kind === 'milestone' && typeof item.data.task === 'string' ? (taskIds.get(item.data.task) ?? null) : null;
      const row = await tx
        .insertInto('plan_items')
        .values({
          plan_id: plan.id,
          kind: item.kind,
          parent_id: parentId,
          ord,
          data: JSON.stringify(item.data),
          span_start: item.span?.[0] ?? null,
          span_end: item.span?.[1] ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (item.kind === 'task' && typeof item.data.title === 'string' && !taskIds.has(item.data.title)) taskIds.set(item.data.title, row.id);
      await linkUnits(tx, actor, row.id, unitRefs(item.kind, item.data), input.divisionCode, proposed, proposedUnits);
    }
    const created = (await findPlan(tx, plan.id))!;
    const counts = await countItems(tx, plan.id);
    await recordAudit(tx, actor, { action: 'import', entity: 'plan', entityId: plan.id, after: { ...created, counts, proposedUnits } });
    return { plan: created, counts, proposedUnits };
  });
}

export async function getPlan(db: Db | Executor, id: number): Promise<Plan & { counts: Record<string, number>; basis: { title: string | null; docNumber: string | null; linkedPlanId: number | null }[] }> {
  const plan = await findPlan(ex(db), id);
  if (!plan) throw notFound('plan', id);
  const basis = await ex(db).selectFrom('plan_basis').select(['title', 'doc_number', 'linked_plan_id']).where('plan_id', '=', id).orderBy('id').execute();
  return {
    ...plan,
    counts: await countItems(ex(db), id),
    basis: basis.map((b) => ({ title: b.title, docNumber: b.doc_number, linkedPlanId: b.linked_plan_id })),
  };
}

export async function getPlanSource(db: Db | Executor, id: number): Promise<string> {
  const s = await planSource(ex(db), id);
  if (s === null) throw notFound('plan', id);
  return s;
}

export const searchPlans = (db: Db | Executor, f: PlanFilter) => listPlans(ex(db), f);
export const getItems = (db: Db | Executor, planId: number, kind?: ItemKindName) => listItems(ex(db), planId, kind);

export interface ItemEdit {
  version: number;
  data?: Record<string, unknown>;
  decision?: 'accepted' | 'deleted';
}

/** Checks an item's data; a duty's due dates entered (changed from `before`) must fall after their period. */
function checkData(kind: ItemKindName, data: unknown, before?: Record<string, unknown>): Record<string, unknown> {
  const r = itemDataSchemas[kind].safeParse(data);
  const fields = r.success ? [] : r.error.issues.map((i) => ({ field: ['data', ...i.path].join('.'), reason: i.message }));
  if (r.success && kind === 'reporting') {
    const d = dutyOf(r.data as Record<string, unknown>);
    fields.push(...dueDateProblems(d.frequency, d.due, before ? dutyOf(before).due : undefined));
  }
  if (fields.length) throw new AppError('validation_failed', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), { fields });
  return r.data as Record<string, unknown>;
}

/** Review: accept, edit or delete one item. Stale versions are refused (409), every change audited. */
export async function reviewItem(db: Db | Executor, actor: Actor, planId: number, itemId: number, edit: ItemEdit): Promise<PlanItem> {
  return transaction(db, async (tx) => {
    const plan = await findPlan(tx, planId);
    if (!plan) throw notFound('plan', planId);
    if (plan.status === 'archived') throw new AppError('conflict', 'an archived plan cannot be edited');
    const [before] = (await listItems(tx, planId)).filter((i) => i.id === itemId);
    if (!before) throw notFound('plan item', itemId);
    if (before.version !== edit.version) {
      throw new AppError('conflict', `item ${itemId} was changed by someone else (version ${before.version}, yours ${edit.version})`, { current: before });
    }
    const data = edit.data ? checkData(before.kind, edit.data, before.data) : before.data;
    const status = edit.decision === 'deleted' ? 'deleted' : edit.data ? 'edited' : edit.decision === 'accepted' ? (before.reviewStatus === 'added' ? 'added' : before.reviewStatus === 'edited' ? 'edited' : 'accepted') : before.reviewStatus;
    await tx
      .updateTable('plan_items')
      .set({ data: JSON.stringify(data), review_status: status, version: sql`version + 1`, updated_at: sql`now()` })
      .where('id', '=', itemId)
      .execute();
    if (edit.data) {
      await tx.deleteFrom('plan_item_units').where('item_id', '=', itemId).execute();
      await linkUnits(tx, actor, itemId, unitRefs(before.kind, data), plan.divisionCode ?? '', new Map(), []);
    }
    const [after] = (await listItems(tx, planId)).filter((i) => i.id === itemId);
    await recordAudit(tx, actor, { action: edit.decision === 'deleted' ? 'delete' : 'update', entity: 'plan_item', entityId: itemId, before, after });
    return after;
  });
}

/** Review: add an item the extraction missed. */
export async function addItem(db: Db | Executor, actor: Actor, planId: number, kind: ItemKindName, data: unknown, span: [number, number] | null): Promise<PlanItem> {
  const clean = checkData(kind, data);
  return transaction(db, async (tx) => {
    const plan = await findPlan(tx, planId);
    if (!plan) throw notFound('plan', planId);
    if (plan.status === 'archived') throw new AppError('conflict', 'an archived plan cannot be edited');
    if (span) {
      // The span ties the item to the text it came from: it must lie inside the source.
      const length = (await planSource(tx, planId))?.length ?? 0;
      if (span[0] >= span[1] || span[1] > length) throw invalid('span', `must be [start, end) with start < end ≤ ${length} (the source text's length)`);
    }
    const max = await tx.selectFrom('plan_items').select(sql<number>`coalesce(max(ord), -1)`.as('m')).where('plan_id', '=', planId).where('kind', '=', kind).executeTakeFirstOrThrow();
    const row = await tx
      .insertInto('plan_items')
      .values({ plan_id: planId, kind, ord: max.m + 1, data: JSON.stringify(clean), span_start: span?.[0] ?? null, span_end: span?.[1] ?? null, review_status: 'added' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await linkUnits(tx, actor, row.id, unitRefs(kind, clean), plan.divisionCode ?? '', new Map(), []);
    const [after] = (await listItems(tx, planId)).filter((i) => i.id === row.id);
    await recordAudit(tx, actor, { action: 'create', entity: 'plan_item', entityId: row.id, after });
    return after;
  });
}

/**
 * Activation: the reviewed draft becomes the plan being tracked. Blocking checklist entries
 * (plan-checklist.ts) refuse it with 422; items still pending are taken as accepted (the checklist
 * warned about them); deleted items stay out of tracking.
 */
export async function activatePlan(db: Db | Executor, actor: Actor, planId: number, version: number): Promise<Plan> {
  return transaction(db, async (tx) => {
    const before = await findPlan(tx, planId);
    if (!before) throw notFound('plan', planId);
    if (before.version !== version) throw new AppError('conflict', `plan ${planId} was changed by someone else (version ${before.version}, yours ${version})`);
    if (before.status !== 'draft') throw new AppError('conflict', `plan ${planId} is ${before.status}, only a draft can be activated`);
    const checklist = await activationChecklist(tx, planId);
    const blocking = checklist.entries.filter((e) => e.severity === 'blocking');
    if (blocking.length) {
      throw new AppError('unprocessable', `启用前须先处理 / fix before activating: ${blocking.map((b) => b.message).join('; ')}`, {
        fields: blocking.map((b) => ({ field: `checklist.${b.code}`, reason: b.message })),
        checklist,
      });
    }
    await tx.updateTable('plan_items').set({ review_status: 'accepted' }).where('plan_id', '=', planId).where('review_status', '=', 'pending').execute();
    // The reporting calendar comes from the duties as reviewed (deleted ones excluded).
    const duties = (await listItems(tx, planId, 'reporting'))
      .filter((i) => i.reviewStatus !== 'deleted')
      .map((i) => {
        const d = dutyOf(i.data);
        return { itemId: i.id, what: String(i.data.what), frequency: d.frequency as Frequency, due: d.due, dueRule: d.dueRule, by: (i.data.by as string | null) ?? null };
      });
    await createDutiesForPlan(tx, planId, reportingSpan(before), duties);
    await tx
      .updateTable('plans')
      .set({ status: 'active', activated_at: sql`now()`, version: sql`version + 1`, updated_at: sql`now()` })
      .where('id', '=', planId)
      .execute();
    const after = (await findPlan(tx, planId))!;
    const warnings = checklist.entries.map((e) => ({ code: e.code, message: e.message, items: e.itemIds.length, units: e.unitIds.length }));
    await recordAudit(tx, actor, { action: 'activate', entity: 'plan', entityId: planId, before, after: { ...after, warnings } });
    return after;
  });
}

export interface RelatedPlan {
  id: number;
  title: string;
  docNumber: string | null;
  relation: 'implements' | 'implemented_by';
}

/** The plans this one implements (its basis, when imported) and the plans that implement it. */
export async function relatedPlans(db: Db | Executor, planId: number): Promise<RelatedPlan[]> {
  const up = await ex(db)
    .selectFrom('plan_basis as b')
    .innerJoin('plans as p', 'p.id', 'b.linked_plan_id')
    .select(['p.id', 'p.title', 'p.doc_number'])
    .where('b.plan_id', '=', planId)
    .execute();
  const down = await ex(db)
    .selectFrom('plan_basis as b')
    .innerJoin('plans as p', 'p.id', 'b.plan_id')
    .select(['p.id', 'p.title', 'p.doc_number'])
    .where('b.linked_plan_id', '=', planId)
    .execute();
  return [
    ...up.map((p) => ({ id: p.id, title: p.title, docNumber: p.doc_number, relation: 'implements' as const })),
    ...down.map((p) => ({ id: p.id, title: p.title, docNumber: p.doc_number, relation: 'implemented_by' as const })),
  ];
}

/**
 * The plan's targets beside those of the plans it implements and the plans implementing it, on
 * the same indicator (see target-comparison.ts).
 */
export async function compareWithRelated(db: Db | Executor, planId: number, readable: (planId: number) => Promise<boolean>): Promise<TargetComparison[]> {
  const asComparable = async (id: number): Promise<ComparableTarget[]> => {
    const plan = await findPlan(ex(db), id);
    if (!plan) return [];
    return (await listItems(ex(db), id, 'target'))
      .filter((i) => i.reviewStatus !== 'deleted')
      .map((i) => ({
        itemId: i.id,
        planId: id,
        planTitle: plan.title,
        indicator: String(i.data.indicator ?? ''),
        scope: (i.data.scope as string | null) ?? null,
        value: Number(i.data.value),
        unit: String(i.data.unit ?? ''),
        comparator: String(i.data.comparator ?? '>='),
        deadline: (i.data.deadline as string | null) ?? null,
      }));
  };
  const others: ComparableTarget[] = [];
  for (const r of await relatedPlans(db, planId)) if (await readable(r.id)) others.push(...(await asComparable(r.id)));
  return compareTargets(await asComparable(planId), others);
}
