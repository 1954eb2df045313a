import { createHash } from 'node:crypto';
import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import { getDivision } from '../divisions/division.service.ts';
import { createUnit, normalizeName, resolveUnitName } from '../divisions/unit.service.ts';
import type { UnitKind } from '../divisions/divisions.tables.ts';
import { extractPlan, type ExtractedPlan } from './extract/extract-plan.ts';
import { readAndExtractIsolated } from './import/convert-worker.ts';
import { type ItemData, itemDataSchemas, type ItemKindName, type KindAndData } from './plan-item.schemas.ts';
import {
  basisNeighbours,
  countItems,
  deleteItemUnits,
  findPlan,
  insertBasis,
  insertItems,
  insertItemUnits,
  insertPlan,
  listItems,
  listPlans,
  markPlanActive,
  type NewItem,
  type NewItemUnit,
  nextItemOrd,
  type Plan,
  planBasis,
  type PlanFilter,
  type PlanItem,
  type PlanItemOf,
  planSource,
  reserveItemIds,
  setPlanPublished,
  updateItemData,
} from './plan.repository.ts';
import type { ItemUnitRole } from './plans.tables.ts';
import { type ComparableTarget, compareTargets, type TargetComparison } from './target-comparison.ts';
import type { Frequency } from '../reporting/calendar.ts';
import { createDutiesForPlan, reportingSpan } from '../reporting/duty.service.ts';
import { dueDateProblems, dutyOf } from './duty-due.ts';
import { activationChecklist } from './plan-checklist.ts';

export type { Plan, PlanItem, PlanItemOf, PlanFilter };
export { headedTitle, itemTitle, type ItemData, type KindAndData } from './plan-item.schemas.ts';

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

export interface PlanDocument {
  bytes: Uint8Array;
  filename: string;
  /** The division whose plan this is (GB/T 2260 code). */
  divisionCode: string;
}

/**
 * The import, for the upload route and `luoshi import` alike: the document is converted and its
 * plan extracted in a worker thread (size budget, heap limit, timeout; a bad file is a 4xx before
 * the database is written), then stored as a draft in one transaction.
 */
export async function importPlanDocument(db: Db | Executor, actor: Actor, doc: PlanDocument): Promise<ImportResult> {
  const read = await readAndExtractIsolated(doc.bytes, doc.filename);
  return importPlanText(db, actor, { text: read.text, filename: doc.filename, format: read.format, divisionCode: doc.divisionCode, extracted: read.extracted });
}

interface UnitRef {
  role: ItemUnitRole;
  name: string;
}

function unitRefs(item: KindAndData): UnitRef[] {
  switch (item.kind) {
    case 'task':
      return [...item.data.leadUnits.map((name) => ({ role: 'lead' as const, name })), ...item.data.responsibleUnits.map((name) => ({ role: 'responsible' as const, name }))];
    case 'investment':
      return item.data.unit ? [{ role: 'investor', name: item.data.unit }] : [];
    case 'reporting':
      return item.data.by ? [{ role: 'reporter', name: item.data.by }] : [];
    default:
      return [];
  }
}

type ExtractedItem = KindAndData & { span: [number, number] | null };

function itemsOf(x: ExtractedPlan): ExtractedItem[] {
  const split = <T extends { span?: [number, number] }>(o: T): { data: Omit<T, 'span'>; span: [number, number] | null } => {
    const { span, ...data } = o;
    return { data, span: span ?? null };
  };
  return [
    ...x.targets.map((t): ExtractedItem => ({ kind: 'target', ...split(t) })),
    ...x.tasks.map((t): ExtractedItem => ({ kind: 'task', ...split(t) })),
    ...x.milestones.map((t): ExtractedItem => ({ kind: 'milestone', ...split(t) })),
    ...x.investments.map((t): ExtractedItem => ({ kind: 'investment', ...split(t) })),
    ...x.leadingGroup.map((t): ExtractedItem => ({ kind: 'leader', ...split(t) })),
    ...x.reporting.map((t): ExtractedItem => ({ kind: 'reporting', ...split(t) })),
  ];
}

/**
 * The task a milestone belongs to: the extractor names it by title (the task around the
 * milestone's text); among tasks of that title, the one whose text contains the milestone.
 */
function parentTask(m: ExtractedItem & { kind: 'milestone' }, tasks: { id: number; item: ExtractedItem & { kind: 'task' } }[]): number | null {
  const title = m.data.task;
  if (!title) return null;
  const named = tasks.filter((t) => t.item.data.title === title);
  const at = m.span?.[0];
  const around = at === undefined ? undefined : named.find((t) => t.item.span && t.item.span[0] <= at && at < t.item.span[1]);
  return (around ?? named[0])?.id ?? null;
}

/**
 * Resolves the units items name: an existing unit by name or alias (within the plan's division
 * first, then anywhere), else a unit proposed for the office to confirm or merge. Each distinct
 * name is resolved once (`known` carries the answers across calls of one import).
 */
async function resolveRefs(
  tx: Executor,
  actor: Actor,
  items: { itemId: number; refs: UnitRef[] }[],
  divisionCode: string,
  known: Map<string, number | null>,
  proposedOut: { id: number; name: string }[],
): Promise<NewItemUnit[]> {
  const rows: NewItemUnit[] = [];
  for (const { itemId, refs } of items) {
    let ord = 0;
    for (const ref of refs) {
      const key = normalizeName(ref.name);
      let unitId: number | null = null;
      if (key && !isCollectiveName(ref.name)) {
        if (known.has(key)) unitId = known.get(key)!;
        else {
          const local = await resolveUnitName(tx, ref.name, { divisionCode });
          const anywhere = local.unit ? local : await resolveUnitName(tx, ref.name);
          unitId = anywhere.unit?.id ?? null;
          // Only plausible unit names are proposed; a long clause mis-read as a name stays unlinked.
          if (unitId === null && anywhere.candidates.length === 0 && key.length <= 40 && divisionCode) {
            const { id } = await createUnit(tx, actor, { name: ref.name.trim(), divisionCode, kind: guessUnitKind(ref.name), aliases: [], status: 'proposed' });
            proposedOut.push({ id, name: ref.name.trim() });
            unitId = id;
          }
          known.set(key, unitId);
        }
      }
      rows.push({ itemId, role: ref.role, nameAsWritten: ref.name, unitId, ord: ord++ });
    }
  }
  return rows;
}

/** The years a plan covers: as the extractor read them, else a range in the title, else from the year of issue. */
function periodOf(x: ExtractedPlan): { start: number | null; end: number | null } {
  if (x.period) return x.period;
  const years = /(\d{4})\s*[-—–至到]\s*(\d{4})\s*年/.exec(x.title ?? '');
  if (years) return { start: Number(years[1]), end: Number(years[2]) };
  return { start: x.issuedOn ? Number(x.issuedOn.slice(0, 4)) : null, end: null };
}

/**
 * Creates a draft plan from a document's text: the extraction, its items with source spans (a
 * milestone tied to its task by parent_id), the units they name, and links to the plans it
 * implements — in one transaction, or nothing. Items and their units go in one statement each.
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
    const period = periodOf(extracted);
    const planId = await insertPlan(tx, {
      title: (extracted.title ?? input.filename ?? '未命名方案').slice(0, 500),
      doc_number: extracted.docNumber,
      issuer: extracted.issuer,
      issued_on: extracted.issuedOn,
      period_start: period.start,
      period_end: period.end,
      division_code: input.divisionCode,
      source_filename: input.filename,
      source_format: input.format,
      source_sha256: createHash('sha256').update(extracted.sourceText).digest('hex'),
      source_text: extracted.sourceText,
      created_by: actor.id,
    });
    await insertBasis(tx, planId, extracted.docNumber, extracted.basis.map((b) => ({ title: b.title ?? null, docNumber: b.docNumber, issuer: b.issuer ?? null })));

    const items = itemsOf(extracted);
    const ids = await reserveItemIds(tx, items.length);
    const tasks = items.flatMap((item, n) => (item.kind === 'task' ? [{ id: ids[n], item }] : []));
    const ordByKind = new Map<string, number>();
    const rows: NewItem[] = items.map((item, n) => {
      const ord = ordByKind.get(item.kind) ?? 0;
      ordByKind.set(item.kind, ord + 1);
      return { id: ids[n], kind: item.kind, parentId: item.kind === 'milestone' ? parentTask(item, tasks) : null, ord, data: item.data, span: item.span };
    });
    await insertItems(tx, planId, rows);
    const proposedUnits: { id: number; name: string }[] = [];
    const units = await resolveRefs(tx, actor, items.map((item, n) => ({ itemId: ids[n], refs: unitRefs(item) })), input.divisionCode, new Map(), proposedUnits);
    await insertItemUnits(tx, units);

    const created = (await findPlan(tx, planId))!;
    const counts = await countItems(tx, planId);
    await recordAudit(tx, actor, { action: 'import', entity: 'plan', entityId: planId, after: { ...created, counts, proposedUnits } });
    return { plan: created, counts, proposedUnits };
  });
}

export async function getPlan(db: Db | Executor, id: number): Promise<Plan & { counts: Record<string, number>; basis: { title: string | null; docNumber: string | null; linkedPlanId: number | null }[] }> {
  const plan = await findPlan(ex(db), id);
  if (!plan) throw notFound('plan', id);
  return { ...plan, counts: await countItems(ex(db), id), basis: await planBasis(ex(db), id) };
}

export async function getPlanSource(db: Db | Executor, id: number): Promise<string> {
  const s = await planSource(ex(db), id);
  if (s === null) throw notFound('plan', id);
  return s;
}

export const searchPlans = (db: Db | Executor, f: PlanFilter) => listPlans(ex(db), f);
export function getItems<K extends ItemKindName>(db: Db | Executor, planId: number, kind: K): Promise<PlanItemOf<K>[]>;
export function getItems(db: Db | Executor, planId: number, kind?: ItemKindName): Promise<PlanItem[]>;
export function getItems(db: Db | Executor, planId: number, kind?: ItemKindName): Promise<PlanItem[]> {
  return listItems(ex(db), planId, kind);
}

export interface ItemEdit {
  version: number;
  /** The item's new data, checked against its kind's schema. */
  data?: unknown;
  decision?: 'accepted' | 'deleted';
}

/** Checks an item's data; a duty's due dates entered (changed from `before`) must fall after their period. */
function checkData<K extends ItemKindName>(kind: K, data: unknown, before?: ItemData<K>): ItemData<K> {
  const r = itemDataSchemas[kind].safeParse(data);
  const fields = r.success ? [] : r.error.issues.map((i) => ({ field: ['data', ...i.path].join('.'), reason: i.message }));
  if (r.success && kind === 'reporting') {
    const d = dutyOf(r.data as ItemData<'reporting'>);
    fields.push(...dueDateProblems(d.frequency, d.due, before ? dutyOf(before as ItemData<'reporting'>).due : undefined));
  }
  if (fields.length || !r.success) throw new AppError('validation_failed', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), { fields });
  return r.data as ItemData<K>;
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
    const checked = edit.data ? ({ kind: before.kind, data: checkData(before.kind, edit.data, before.data) } as KindAndData) : null;
    const data = checked?.data ?? before.data;
    const status = edit.decision === 'deleted' ? 'deleted' : edit.data ? 'edited' : edit.decision === 'accepted' ? (before.reviewStatus === 'added' ? 'added' : before.reviewStatus === 'edited' ? 'edited' : 'accepted') : before.reviewStatus;
    await updateItemData(tx, itemId, data, status);
    if (checked) {
      await deleteItemUnits(tx, itemId);
      await insertItemUnits(tx, await resolveRefs(tx, actor, [{ itemId, refs: unitRefs(checked) }], plan.divisionCode ?? '', new Map(), []));
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
    const [id] = await insertItems(tx, planId, [{ kind, ord: await nextItemOrd(tx, planId, kind), data: clean, span, reviewStatus: 'added' }]);
    await insertItemUnits(tx, await resolveRefs(tx, actor, [{ itemId: id, refs: unitRefs({ kind, data: clean } as KindAndData) }], plan.divisionCode ?? '', new Map(), []));
    const [after] = (await listItems(tx, planId)).filter((i) => i.id === id);
    await recordAudit(tx, actor, { action: 'create', entity: 'plan_item', entityId: id, after });
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
    // The reporting calendar comes from the duties as reviewed (deleted ones excluded).
    const duties = (await listItems(tx, planId, 'reporting'))
      .filter((i) => i.reviewStatus !== 'deleted')
      .map((i) => {
        const d = dutyOf(i.data);
        return { itemId: i.id, what: i.data.what, frequency: d.frequency as Frequency, due: d.due, dueRule: d.dueRule, by: i.data.by };
      });
    await createDutiesForPlan(tx, planId, reportingSpan(before), duties);
    await markPlanActive(tx, planId);
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
  const { up, down } = await basisNeighbours(ex(db), planId);
  return [...up.map((p) => ({ ...p, relation: 'implements' as const })), ...down.map((p) => ({ ...p, relation: 'implemented_by' as const }))];
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
        indicator: i.data.indicator,
        scope: i.data.scope,
        value: i.data.value,
        unit: i.data.unit,
        comparator: i.data.comparator,
        deadline: i.data.deadline,
      }));
  };
  const others: ComparableTarget[] = [];
  for (const r of await relatedPlans(db, planId)) if (await readable(r.id)) others.push(...(await asComparable(r.id)));
  return compareTargets(await asComparable(planId), others);
}

/** Marks a plan published or not (the publishing domain's publish/withdraw, in its transaction). */
export async function markPlanPublished(ex: Executor, planId: number, published: boolean): Promise<void> {
  await setPlanPublished(ex, planId, published);
}
