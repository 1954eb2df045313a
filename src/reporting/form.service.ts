import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { AppError, type FieldProblem, invalid, notFound } from '../platform/errors.ts';
import { buildCalendar, type PeriodType, type ScheduledPeriod } from './calendar.ts';
import { findDataElementsByIds } from './data-element.repository.ts';
import {
  divisionsAtLevel,
  existingDivisions,
  existingUnitIds,
  findDuty,
  findForm,
  formIdByCode,
  type Form,
  type FormAssignment,
  type FormElement,
  formAssignments,
  formElements,
  type FormRule,
  formRules,
  formTaskIds,
  type FormUsage,
  formUsage,
  type FormValues,
  liveTasksOf,
  insertForm,
  listFormsWhere,
  planExists,
  type ProgressItem,
  progressItemsOf,
  replaceFormAssignments,
  replaceFormElements,
  replaceFormRules,
  replaceFormTasks,
  updateFormAt,
} from './form.repository.ts';
import type { AssignmentInput, FormElementInput, FormInput, FormPatch, RuleInput } from './reporting.schemas.ts';
import type { ValueType } from './reporting.tables.ts';

export type { Form, FormAssignment, FormElement, FormRule, FormUsage, ProgressItem };
/** The elements of a form in their order, and its cross-field rules. */
export { formElements, formRules };

export interface FormDetail extends Form {
  elements: FormElement[];
  assignments: FormAssignment[];
  rules: FormRule[];
  /** the tasks asked about; empty: every task of the plan the unit leads or shares */
  taskIds: number[];
}

/** One cell a unit owes: a data element for a division. */
export interface FormRow {
  divisionCode: string;
  divisionName: string;
  elementId: number;
  elementCode: string;
  elementName: string;
  unit: string;
  valueType: ValueType;
  min: number | null;
  max: number | null;
  required: boolean;
}

const exOf = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);
const MONTHS: Record<PeriodType, number> = { M: 1, Q: 3, H: 6, Y: 12 };
const PER_YEAR: Record<PeriodType, number> = { M: 12, Q: 4, H: 2, Y: 1 };
const LEVEL_OF_LENGTH: Record<number, number> = { 2: 1, 4: 2, 6: 3, 9: 4, 12: 5 };

/** The form without its lists; 404 when there is none. */
export async function getFormHead(db: Db | Executor, id: number): Promise<Form> {
  const f = await findForm(exOf(db), id);
  if (!f) throw notFound('form', id);
  return f;
}

/** A form with its elements (ordered), assignments and validation rules. */
export async function getForm(db: Db | Executor, id: number): Promise<FormDetail> {
  const ex = exOf(db);
  const form = await getFormHead(ex, id);
  return { ...form, elements: await formElements(ex, id), assignments: await formAssignments(ex, id), rules: await formRules(ex, id), taskIds: await formTaskIds(ex, id) };
}

/** Forms, by code; `unitId` keeps those assigned to the unit. */
export function listForms(db: Db | Executor, f: { planId?: number; unitId?: number; status?: 'active' | 'archived' } = {}): Promise<Form[]> {
  return listFormsWhere(exOf(db), f);
}

const calendars = new Map<string, readonly ScheduledPeriod[]>();
const CALENDARS_MAX = 500;

/**
 * The periods of a form with due and lock dates (reporting/calendar.ts). Every draft save checks
 * its period against the calendar, and building three years of periods day by day was a tenth of
 * the save's CPU: calendars are kept by their inputs (a changed schedule is another key), frozen.
 */
export function formCalendar(form: Pick<Form, 'periodType' | 'dueRule' | 'graceDays' | 'exempt' | 'startsOn' | 'endsOn'>): readonly ScheduledPeriod[] {
  const key = JSON.stringify([form.periodType, form.dueRule, form.graceDays, form.exempt ?? null, form.startsOn, form.endsOn]);
  const hit = calendars.get(key);
  if (hit) return hit;
  const built = Object.freeze(buildCalendar({ type: form.periodType, due: form.dueRule, graceDays: form.graceDays, exempt: form.exempt }, form.startsOn, form.endsOn).map((p) => Object.freeze(p)));
  if (calendars.size >= CALENDARS_MAX) calendars.delete(calendars.keys().next().value as string);
  calendars.set(key, built);
  return built;
}

/**
 * The cells a unit owes on a form: for each of its assignments (a division root), every division
 * at each element's level inside that root (the root itself when the levels are equal), ordered by
 * division code, then element order. Empty when the unit is not assigned.
 */
export async function formRows(ex: Executor, formId: number, unitId: number): Promise<FormRow[]> {
  return formRowsOf(ex, formId, unitId, await formElements(ex, formId));
}

/** formRows with the form's elements already loaded (the save path needs both). */
export async function formRowsOf(ex: Executor, formId: number, unitId: number, elements: FormElement[]): Promise<FormRow[]> {
  return rowsForRoots(ex, (await formAssignments(ex, formId, unitId)).map((a) => a.divisionCode), elements);
}

/**
 * The cells a unit would owe with these elements and division roots, before the form is saved:
 * the builder's preview runs the same code as the reporter's form.
 */
export async function previewRows(ex: Executor, elements: FormElementInput[], roots: string[]): Promise<FormRow[]> {
  const found = new Map((await findDataElementsByIds(ex, [...new Set(elements.map((e) => e.elementId))])).map((e) => [e.id, e]));
  const problems: FieldProblem[] = [];
  const list: FormElement[] = [];
  elements.forEach((e, i) => {
    const el = found.get(e.elementId);
    if (!el) return problems.push({ field: `elements.${i}.elementId`, reason: `no data element ${e.elementId}` });
    list.push({
      elementId: el.id, code: el.code, name: el.name, unit: el.unit, valueType: el.valueType, min: el.min, max: el.max, periodType: el.periodType,
      temporal: el.temporal, divisionLevel: el.divisionLevel, maxJumpShare: el.maxJumpShare, ord: i + 1, required: e.required,
    });
  });
  const divisions = await existingDivisions(ex, roots);
  roots.forEach((code, i) => {
    if (!divisions.has(code)) problems.push({ field: `divisionCodes.${i}`, reason: `no division ${code}` });
  });
  fail(problems);
  return rowsForRoots(ex, roots, list);
}

async function rowsForRoots(ex: Executor, roots: string[], elements: FormElement[]): Promise<FormRow[]> {
  if (elements.length === 0 || roots.length === 0) return [];
  const divisionsByLevel = new Map<number, Map<string, string>>();
  for (const level of new Set(elements.map((e) => e.divisionLevel))) {
    const found = new Map<string, string>();
    for (const root of roots) {
      if (LEVEL_OF_LENGTH[root.length] > level) continue;
      for (const d of await divisionsAtLevel(ex, root, level)) found.set(d.code, d.name);
    }
    divisionsByLevel.set(level, found);
  }
  const rows: (FormRow & { ord: number })[] = [];
  for (const e of elements) {
    for (const [code, name] of divisionsByLevel.get(e.divisionLevel) ?? []) {
      rows.push({
        divisionCode: code,
        divisionName: name,
        elementId: e.elementId,
        elementCode: e.code,
        elementName: e.name,
        unit: e.unit,
        valueType: e.valueType,
        min: e.min,
        max: e.max,
        required: e.required,
        ord: e.ord,
      });
    }
  }
  rows.sort((a, b) => (a.divisionCode < b.divisionCode ? -1 : a.divisionCode > b.divisionCode ? 1 : a.ord - b.ord));
  return rows.map(({ ord: _ord, ...r }) => r);
}

export interface FormStructure {
  elements: FormElement[];
  /** `elementId|divisionCode` of every cell the unit owes */
  owed: Set<string>;
}

// The save path checks every cell against the unit's rows. A form's elements and assignments
// change only through updateForm, which bumps its version (and updated_at), so a structure keyed
// by them cannot go stale through the API; the TTL covers divisions loaded later. Small forms
// only: the bench's hundreds of concurrent reporters save a few dozen cells each, while a
// 100,000-cell upload is rare and computes its rows fresh.
const STRUCTURE_TTL_MS = 30_000;
const STRUCTURE_MAX_ROWS = 5_000;
const STRUCTURE_MAX_ENTRIES = 1_000;
const structures = new Map<string, { at: number; value: FormStructure }>();

/** The elements and owed cells of a unit on a form, cached briefly for small forms (see above). */
export async function formStructure(ex: Executor, form: Pick<Form, 'id' | 'version' | 'updatedAt'>, unitId: number): Promise<FormStructure> {
  const key = `${form.id}|${form.version}|${form.updatedAt}|${unitId}`;
  const hit = structures.get(key);
  if (hit && Date.now() - hit.at < STRUCTURE_TTL_MS) return hit.value;
  const elements = await formElements(ex, form.id);
  const rows = await formRowsOf(ex, form.id, unitId, elements);
  const value = { elements, owed: new Set(rows.map((r) => `${r.elementId}|${r.divisionCode}`)) };
  if (rows.length <= STRUCTURE_MAX_ROWS) {
    if (structures.size >= STRUCTURE_MAX_ENTRIES) structures.delete(structures.keys().next().value as string);
    structures.set(key, { at: Date.now(), value });
  }
  return value;
}

/**
 * The tasks and milestones a unit reports progress on in a form: those of the form's plan it leads
 * or shares (plan_item_units lead/responsible), and the milestones of those tasks. Empty when the
 * form has no plan or asks for no progress.
 */
export async function formProgressItems(ex: Executor, form: Pick<Form, 'id' | 'planId' | 'includesProgress'>, unitId: number): Promise<ProgressItem[]> {
  if (!form.planId || !form.includesProgress) return [];
  return progressItemsOf(ex, form.planId, unitId, await formTaskIds(ex, form.id));
}

/** What the form's submissions hold (the builder shows it and keeps edits from stranding it). */
export async function getFormUsage(db: Db | Executor, id: number): Promise<FormUsage> {
  await getFormHead(db, id);
  return formUsage(exOf(db), id);
}

function fail(problems: FieldProblem[]): void {
  if (problems.length === 0) return;
  throw new AppError('validation_failed', problems.map((p) => `${p.field}: ${p.reason}`).join('; '), { fields: problems });
}

interface Definition {
  head: FormValues;
  elements?: FormElementInput[];
  assignments?: AssignmentInput[];
  rules?: RuleInput[];
  taskIds?: number[];
}

/** Checks a whole definition against the database; every problem at once, each naming its field. */
async function checkDefinition(ex: Executor, d: Definition, current: { elements: FormElementInput[] }): Promise<void> {
  const problems: FieldProblem[] = [];
  const h = d.head;
  if (h.startsOn > h.endsOn) problems.push({ field: 'endsOn', reason: `must not be before startsOn (${h.startsOn})` });
  if (h.dueRule.kind === 'fixed' && h.dueRule.dates.length > PER_YEAR[h.periodType]) {
    problems.push({ field: 'dueRule.dates', reason: `at most ${PER_YEAR[h.periodType]} dates for period type ${h.periodType}` });
  }
  h.exempt.forEach((code, i) => {
    const type = code.length === 4 ? 'Y' : code[4];
    if (type !== h.periodType) problems.push({ field: `exempt.${i}`, reason: `${code} is not a period of type ${h.periodType}` });
  });
  if (h.planId !== null && !(await planExists(ex, h.planId))) problems.push({ field: 'planId', reason: `no plan ${h.planId}` });

  const elementInputs = d.elements ?? current.elements;
  const found = new Map((await findDataElementsByIds(ex, [...new Set(elementInputs.map((e) => e.elementId))])).map((e) => [e.id, e]));
  const seen = new Set<number>();
  elementInputs.forEach((e, i) => {
    const el = found.get(e.elementId);
    if (!el) return problems.push({ field: `elements.${i}.elementId`, reason: `no data element ${e.elementId}` });
    if (seen.has(e.elementId)) problems.push({ field: `elements.${i}.elementId`, reason: `element ${el.code} is listed twice` });
    seen.add(e.elementId);
    // A flow's value is the sum over its own period; reported on another period it would be
    // stored under the wrong months. A stock is a level at a date, so a finer stock is fine.
    const ok = el.periodType === h.periodType || (el.temporal === 'stock' && MONTHS[el.periodType] < MONTHS[h.periodType]);
    if (!ok) problems.push({ field: `elements.${i}.elementId`, reason: `${el.code} is a ${el.temporal} of period type ${el.periodType}; it cannot be reported on a form of period type ${h.periodType}` });
  });

  if (d.assignments) {
    const units = await existingUnitIds(ex, [...new Set(d.assignments.map((a) => a.unitId))]);
    const divisions = await existingDivisions(ex, [...new Set(d.assignments.map((a) => a.divisionCode))]);
    const levels = [...found.values()].filter((e) => seen.has(e.id)).map((e) => ({ code: e.code, level: e.divisionLevel }));
    const pairs = new Set<string>();
    d.assignments.forEach((a, i) => {
      if (!units.has(a.unitId)) problems.push({ field: `assignments.${i}.unitId`, reason: `no unit ${a.unitId}` });
      const level = divisions.get(a.divisionCode);
      if (level === undefined) return problems.push({ field: `assignments.${i}.divisionCode`, reason: `no division ${a.divisionCode}` });
      const above = levels.find((e) => e.level < level);
      if (above) problems.push({ field: `assignments.${i}.divisionCode`, reason: `division ${a.divisionCode} (level ${level}) is below the level of element ${above.code} (level ${above.level})` });
      const key = `${a.unitId}|${a.divisionCode}`;
      if (pairs.has(key)) problems.push({ field: `assignments.${i}`, reason: `unit ${a.unitId} is assigned ${a.divisionCode} twice` });
      pairs.add(key);
    });
  }

  if (d.taskIds && d.taskIds.length > 0) {
    if (h.planId === null) problems.push({ field: 'taskIds', reason: 'a form without a plan has no tasks to ask about' });
    else {
      const live = await liveTasksOf(ex, h.planId, d.taskIds);
      d.taskIds.forEach((t, i) => {
        if (!live.has(t)) problems.push({ field: `taskIds.${i}`, reason: `item ${t} is not a task of plan ${h.planId}` });
      });
      if (new Set(d.taskIds).size !== d.taskIds.length) problems.push({ field: 'taskIds', reason: 'a task is listed twice' });
    }
  }

  if (d.rules) {
    d.rules.forEach((r, i) => {
      const l = seen.has(r.leftElementId) ? found.get(r.leftElementId) : undefined;
      const rt = seen.has(r.rightElementId) ? found.get(r.rightElementId) : undefined;
      if (!l) problems.push({ field: `rules.${i}.leftElementId`, reason: `element ${r.leftElementId} is not on this form` });
      if (!rt) problems.push({ field: `rules.${i}.rightElementId`, reason: `element ${r.rightElementId} is not on this form` });
      if (l && rt && l.divisionLevel !== rt.divisionLevel) problems.push({ field: `rules.${i}.rightElementId`, reason: `${l.code} and ${rt.code} are reported at different division levels` });
      if (r.leftElementId === r.rightElementId) problems.push({ field: `rules.${i}.rightElementId`, reason: 'a rule compares two different elements' });
    });
  }
  fail(problems);
}

/**
 * Creates a form (admin; audited). With `dutyId` the schedule — period type, due rule, grace
 * days, exemptions, span — and the plan are copied from the plan's reporting duty; explicit
 * fields override. Without it `periodType`, `dueRule`, `startsOn` and `endsOn` are required.
 * Throws 400 naming every bad field, 409 `duplicate` on a taken code.
 */
export async function createForm(db: Db | Executor, actor: Actor, input: FormInput): Promise<FormDetail> {
  return transaction(db, async (tx) => {
    let fromDuty: Partial<FormValues> = {};
    if (input.dutyId !== undefined) {
      const duty = await findDuty(tx, input.dutyId);
      if (!duty) throw invalid('dutyId', `no reporting duty ${input.dutyId}`);
      fromDuty = {
        planId: Number(duty.plan_id),
        dutyId: Number(duty.id),
        periodType: duty.period_type,
        dueRule: duty.due_rule,
        graceDays: duty.grace_days,
        exempt: duty.exempt,
        startsOn: duty.starts_on,
        endsOn: duty.ends_on,
      };
    }
    const missing: FieldProblem[] = [];
    const pick = <K extends keyof FormValues>(k: K, given: FormValues[K] | undefined, fallback?: FormValues[K]): FormValues[K] => {
      const v = given ?? (fromDuty[k] as FormValues[K] | undefined) ?? fallback;
      if (v === undefined) missing.push({ field: k, reason: 'required unless dutyId is given' });
      return v as FormValues[K];
    };
    const head: FormValues = {
      code: input.code,
      name: input.name,
      planId: input.planId !== undefined ? input.planId : (fromDuty.planId ?? null),
      dutyId: fromDuty.dutyId ?? null,
      periodType: pick('periodType', input.periodType),
      dueRule: pick('dueRule', input.dueRule),
      graceDays: pick('graceDays', input.graceDays, 15),
      exempt: pick('exempt', input.exempt, []),
      startsOn: pick('startsOn', input.startsOn),
      endsOn: pick('endsOn', input.endsOn),
      includesProgress: input.includesProgress ?? true,
      status: 'active',
    };
    fail(missing);
    if ((await formIdByCode(tx, head.code)) !== null) {
      throw new AppError('duplicate', `code: form ${head.code} exists`, { fields: [{ field: 'code', reason: `a form with code ${head.code} exists` }] });
    }
    await checkDefinition(tx, { head, elements: input.elements, assignments: input.assignments, rules: input.rules, taskIds: input.taskIds }, { elements: [] });
    const id = await insertForm(tx, head);
    await replaceFormElements(tx, id, input.elements);
    await replaceFormAssignments(tx, id, input.assignments);
    await replaceFormRules(tx, id, input.rules);
    await replaceFormTasks(tx, id, input.taskIds ?? []);
    const after = await getForm(tx, id);
    await recordAudit(tx, actor, { action: 'form.create', entity: 'form', entityId: id, after });
    return after;
  });
}

/**
 * A form in use is edited in place, never versioned (docs/decisions/0520-form-edits-in-use.md):
 * what would strand or reinterpret a stored report is refused, naming the field — its period
 * type, a span or exemption leaving out a period already reported, an element or a unit's
 * division root whose cells hold values. Adding elements, units, tasks and changing due and lock
 * dates stay possible (audited).
 */
async function checkInUse(tx: Executor, before: FormDetail, head: FormValues, elements: FormElementInput[] | undefined, assignments: AssignmentInput[] | undefined): Promise<void> {
  const usage = await formUsage(tx, before.id);
  if (usage.submissions === 0) return;
  const problems: FieldProblem[] = [];
  const inUse = `${usage.submissions} reports exist`;
  if (head.periodType !== before.periodType) problems.push({ field: 'periodType', reason: `cannot change while ${inUse} (periods ${usage.periods[0]}…); archive this form and create another` });
  else {
    const calendar = new Map(formCalendar(head).map((p) => [p.code, p]));
    const outside = usage.periods.filter((p) => !calendar.has(p));
    if (outside.length) problems.push({ field: head.startsOn > before.startsOn ? 'startsOn' : 'endsOn', reason: `would leave out ${outside.join(', ')}, already reported` });
    const exempted = usage.periods.filter((p) => calendar.get(p)?.exempt && !before.exempt.includes(p));
    if (exempted.length) problems.push({ field: 'exempt', reason: `${exempted.join(', ')} already reported; it cannot become exempt` });
  }
  if (elements) {
    const kept = new Set(elements.map((e) => e.elementId));
    for (const e of before.elements) {
      if (!kept.has(e.elementId) && usage.elementIds.includes(e.elementId)) problems.push({ field: 'elements', reason: `${e.code} holds reported values and cannot be removed` });
    }
  }
  if (assignments) {
    const kept = assignments.map((a) => `${a.unitId}|${a.divisionCode}`);
    for (const a of before.assignments) {
      if (kept.includes(`${a.unitId}|${a.divisionCode}`)) continue;
      // Removing a root is fine while another kept root of the unit still covers its reported cells.
      const keptRoots = assignments.filter((k) => k.unitId === a.unitId).map((k) => k.divisionCode);
      const stranded = usage.cells.some((c) => c.unitId === a.unitId && c.divisionCode.startsWith(a.divisionCode) && !keptRoots.some((r) => c.divisionCode.startsWith(r)));
      if (stranded) problems.push({ field: 'assignments', reason: `${a.unitName} has reported values under ${a.divisionName} (${a.divisionCode}); that assignment cannot be removed` });
    }
  }
  fail(problems);
}

/**
 * Changes a form when `patch.version` is the stored one (else 409 `conflict`). Each list given
 * (elements, assignments, rules) replaces the stored one; changed elements bump
 * `templateVersion`, so an Excel template downloaded before no longer uploads.
 */
export async function updateForm(db: Db | Executor, actor: Actor, id: number, patch: FormPatch): Promise<FormDetail> {
  return transaction(db, async (tx) => {
    const before = await getForm(tx, id);
    const { version, elements, assignments, rules, taskIds, ...changes } = patch;
    if (before.version !== version) {
      throw new AppError('conflict', `form ${id} was changed by someone else (current version ${before.version}); reload and retry`, {
        fields: [{ field: 'version', reason: `stale; current version is ${before.version}` }],
        current: before,
      });
    }
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<FormValues>;
    const head: FormValues = { ...before, ...defined };
    const currentElements = before.elements.map((e) => ({ elementId: e.elementId, required: e.required }));
    // Rules and assignments are re-checked against the new element list even when not replaced.
    const checkAssignments = assignments ?? before.assignments.map((a) => ({ unitId: a.unitId, divisionCode: a.divisionCode }));
    const checkRules = rules ?? before.rules.map((r) => ({ ...r }));
    await checkDefinition(tx, { head, elements, assignments: checkAssignments, rules: checkRules, taskIds: taskIds ?? (head.planId !== before.planId ? before.taskIds : undefined) }, { elements: currentElements });
    await checkInUse(tx, before, head, elements, assignments);
    const elementsChanged = elements !== undefined && JSON.stringify(elements.map((e) => [e.elementId, e.required])) !== JSON.stringify(currentElements.map((e) => [e.elementId, e.required]));
    if (!(await updateFormAt(tx, id, version, defined, elementsChanged))) throw new AppError('conflict', `form ${id} was changed by someone else; reload and retry`);
    if (elements) await replaceFormElements(tx, id, elements);
    if (assignments) await replaceFormAssignments(tx, id, assignments);
    if (rules) await replaceFormRules(tx, id, rules);
    if (taskIds) await replaceFormTasks(tx, id, taskIds);
    const after = await getForm(tx, id);
    await recordAudit(tx, actor, { action: 'form.update', entity: 'form', entityId: id, before, after });
    return after;
  });
}
