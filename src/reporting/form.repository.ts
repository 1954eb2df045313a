import { type Selectable, sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { DueRule, PeriodType } from './calendar.ts';
import type { ReportingTables, ValueType } from './reporting.tables.ts';

export interface Form {
  id: number;
  code: string;
  name: string;
  planId: number | null;
  dutyId: number | null;
  periodType: PeriodType;
  dueRule: DueRule;
  graceDays: number;
  exempt: string[];
  startsOn: string;
  endsOn: string;
  templateVersion: number;
  includesProgress: boolean;
  status: 'active' | 'archived';
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface FormElement {
  elementId: number;
  code: string;
  name: string;
  unit: string;
  valueType: ValueType;
  min: number | null;
  max: number | null;
  periodType: PeriodType;
  temporal: 'stock' | 'flow';
  divisionLevel: number;
  maxJumpShare: number | null;
  ord: number;
  required: boolean;
}

export interface FormAssignment {
  unitId: number;
  unitName: string;
  divisionCode: string;
  divisionName: string;
}

export interface FormRule {
  id: number;
  leftElementId: number;
  leftCode: string;
  op: '<=' | '<' | '>=' | '>' | '=';
  rightElementId: number;
  rightCode: string;
  factor: number;
  severity: 'error' | 'warning';
  message: string;
}

type FormRowDb = Selectable<ReportingTables['forms']>;
const iso = (d: Date | string) => new Date(d).toISOString();

export function toForm(r: FormRowDb): Form {
  return {
    id: Number(r.id),
    code: r.code,
    name: r.name,
    planId: r.plan_id === null ? null : Number(r.plan_id),
    dutyId: r.duty_id === null ? null : Number(r.duty_id),
    periodType: r.period_type,
    dueRule: r.due_rule,
    graceDays: r.grace_days,
    exempt: r.exempt ?? [],
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    templateVersion: r.template_version,
    includesProgress: r.includes_progress,
    status: r.status,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    version: r.version,
  };
}

export type FormValues = Omit<Form, 'id' | 'createdAt' | 'updatedAt' | 'version' | 'templateVersion'>;

function toRow(v: Partial<FormValues>) {
  const row: Record<string, unknown> = {};
  if (v.code !== undefined) row.code = v.code;
  if (v.name !== undefined) row.name = v.name;
  if (v.planId !== undefined) row.plan_id = v.planId;
  if (v.dutyId !== undefined) row.duty_id = v.dutyId;
  if (v.periodType !== undefined) row.period_type = v.periodType;
  if (v.dueRule !== undefined) row.due_rule = JSON.stringify(v.dueRule);
  if (v.graceDays !== undefined) row.grace_days = v.graceDays;
  if (v.exempt !== undefined) row.exempt = v.exempt;
  if (v.startsOn !== undefined) row.starts_on = v.startsOn;
  if (v.endsOn !== undefined) row.ends_on = v.endsOn;
  if (v.includesProgress !== undefined) row.includes_progress = v.includesProgress;
  if (v.status !== undefined) row.status = v.status;
  return row;
}

export async function findForm(ex: Executor, id: number): Promise<Form | null> {
  const r = await ex.selectFrom('forms').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toForm(r) : null;
}

export async function listFormsWhere(ex: Executor, f: { planId?: number; unitId?: number; status?: 'active' | 'archived'; ids?: number[] }): Promise<Form[]> {
  let q = ex.selectFrom('forms').selectAll();
  if (f.planId !== undefined) q = q.where('plan_id', '=', f.planId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.ids) q = f.ids.length ? q.where('id', 'in', f.ids) : q.where(sql<boolean>`false`);
  if (f.unitId !== undefined) {
    const unitId = f.unitId;
    q = q.where('id', 'in', (eb) => eb.selectFrom('form_assignments').select('form_id').where('unit_id', '=', unitId));
  }
  return (await q.orderBy('code').execute()).map(toForm);
}

export async function insertForm(ex: Executor, v: FormValues): Promise<number> {
  const r = await ex.insertInto('forms').values(toRow(v) as never).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateFormAt(ex: Executor, id: number, version: number, v: Partial<FormValues>, bumpTemplate: boolean): Promise<boolean> {
  const r = await ex
    .updateTable('forms')
    .set({
      ...(toRow(v) as object),
      updated_at: new Date(),
      version: version + 1,
      ...(bumpTemplate ? { template_version: sql<number>`template_version + 1` } : {}),
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function formElements(ex: Executor, formId: number): Promise<FormElement[]> {
  const rows = await ex
    .selectFrom('form_elements as fe')
    .innerJoin('data_elements as e', 'e.id', 'fe.element_id')
    .select([
      'e.id', 'e.code', 'e.name', 'e.unit', 'e.value_type', 'e.min_value', 'e.max_value', 'e.period_type', 'e.temporal',
      'e.division_level', 'e.max_jump_share', 'fe.ord', 'fe.required',
    ])
    .where('fe.form_id', '=', formId)
    .orderBy('fe.ord')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    elementId: Number(r.id),
    code: r.code,
    name: r.name,
    unit: r.unit,
    valueType: r.value_type,
    min: r.min_value,
    max: r.max_value,
    periodType: r.period_type,
    temporal: r.temporal,
    divisionLevel: r.division_level,
    maxJumpShare: r.max_jump_share,
    ord: r.ord,
    required: r.required,
  }));
}

export async function replaceFormElements(ex: Executor, formId: number, elements: { elementId: number; required: boolean }[]): Promise<void> {
  await ex.deleteFrom('form_elements').where('form_id', '=', formId).execute();
  if (elements.length === 0) return;
  await ex
    .insertInto('form_elements')
    .values(elements.map((e, i) => ({ form_id: formId, element_id: e.elementId, ord: i + 1, required: e.required })))
    .execute();
}

export async function formAssignments(ex: Executor, formId: number, unitId?: number): Promise<FormAssignment[]> {
  let q = ex
    .selectFrom('form_assignments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .innerJoin('divisions as d', 'd.code', 'a.division_code')
    .select(['a.unit_id', 'u.name as unit_name', 'a.division_code', 'd.full_name as division_name'])
    .where('a.form_id', '=', formId);
  if (unitId !== undefined) q = q.where('a.unit_id', '=', unitId);
  const rows = await q.orderBy('a.unit_id').orderBy('a.division_code').execute();
  return rows.map((r) => ({ unitId: Number(r.unit_id), unitName: r.unit_name, divisionCode: r.division_code, divisionName: r.division_name }));
}

export async function replaceFormAssignments(ex: Executor, formId: number, list: { unitId: number; divisionCode: string }[]): Promise<void> {
  await ex.deleteFrom('form_assignments').where('form_id', '=', formId).execute();
  for (let i = 0; i < list.length; i += 2000) {
    await ex
      .insertInto('form_assignments')
      .values(list.slice(i, i + 2000).map((a) => ({ form_id: formId, unit_id: a.unitId, division_code: a.divisionCode })))
      .execute();
  }
}

export async function formRules(ex: Executor, formId: number): Promise<FormRule[]> {
  const rows = await ex
    .selectFrom('validation_rules as r')
    .innerJoin('data_elements as l', 'l.id', 'r.left_element_id')
    .innerJoin('data_elements as rt', 'rt.id', 'r.right_element_id')
    .select(['r.id', 'r.left_element_id', 'l.code as left_code', 'r.op', 'r.right_element_id', 'rt.code as right_code', 'r.factor', 'r.severity', 'r.message'])
    .where('r.form_id', '=', formId)
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    leftElementId: Number(r.left_element_id),
    leftCode: r.left_code,
    op: r.op,
    rightElementId: Number(r.right_element_id),
    rightCode: r.right_code,
    factor: r.factor,
    severity: r.severity,
    message: r.message,
  }));
}

export async function replaceFormRules(
  ex: Executor,
  formId: number,
  rules: { leftElementId: number; op: FormRule['op']; rightElementId: number; factor: number; severity: FormRule['severity']; message: string }[],
): Promise<void> {
  await ex.deleteFrom('validation_rules').where('form_id', '=', formId).execute();
  if (rules.length === 0) return;
  await ex
    .insertInto('validation_rules')
    .values(rules.map((r) => ({ form_id: formId, left_element_id: r.leftElementId, op: r.op, right_element_id: r.rightElementId, factor: r.factor, severity: r.severity, message: r.message })))
    .execute();
}

/** The divisions at `level` inside the subtree of `root` (the root itself when the levels match). */
export async function divisionsAtLevel(ex: Executor, root: string, level: number): Promise<{ code: string; name: string }[]> {
  const rows = await ex
    .selectFrom('divisions')
    .select(['code', 'name'])
    .where('level', '=', level)
    .where('code', 'like', `${root}%`)
    .orderBy('code')
    .execute();
  return rows;
}

export async function findDuty(ex: Executor, dutyId: number) {
  return ex.selectFrom('reporting_duties').selectAll().where('id', '=', dutyId).executeTakeFirst();
}

export async function existingUnitIds(ex: Executor, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ex.selectFrom('units').select(['id', 'division_code']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.division_code]));
}

export async function existingDivisions(ex: Executor, codes: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < codes.length; i += 5000) {
    const part = codes.slice(i, i + 5000);
    if (part.length === 0) continue;
    for (const r of await ex.selectFrom('divisions').select(['code', 'level']).where('code', 'in', part).execute()) out.set(r.code, r.level);
  }
  return out;
}

export async function planExists(ex: Executor, planId: number): Promise<boolean> {
  return !!(await ex.selectFrom('plans').select('id').where('id', '=', planId).executeTakeFirst());
}

export interface ProgressItem {
  itemId: number;
  kind: 'task' | 'milestone';
  parentId: number | null;
  title: string;
  due: string | null;
  /** how the unit takes part: lead, responsible, or 'via-task' for a milestone of its task */
  role: string;
}

/**
 * The tasks of a plan the unit leads or shares, and the milestones of those tasks (or naming the
 * unit themselves). Reporting reads plan items here rather than through plans' service because
 * this is one join the submission path runs on every save; it only reads.
 */
export async function progressItemsOf(ex: Executor, planId: number, unitId: number, taskIds: number[] = []): Promise<ProgressItem[]> {
  const r = await sql<{ id: number; kind: 'task' | 'milestone'; parent_id: number | null; data: Record<string, unknown> | string; role: string; ord: number }>`
    with mine as (
      select i.id, min(u.role) as role
      from plan_items i join plan_item_units u on u.item_id = i.id
      where i.plan_id = ${planId} and i.kind in ('task', 'milestone') and i.review_status <> 'deleted'
        and u.unit_id = ${unitId} and u.role in ('lead', 'responsible')
      group by i.id
    )
    select i.id, i.kind, i.parent_id, i.data, i.ord, coalesce(m.role, 'via-task') as role
    from plan_items i left join mine m on m.id = i.id
    where i.plan_id = ${planId} and i.kind in ('task', 'milestone') and i.review_status <> 'deleted'
      and (m.id is not null or (i.kind = 'milestone' and i.parent_id in (select id from mine)))
    order by i.ord, i.id
  `.execute(ex);
  // A form that lists its tasks asks only about those (and their milestones).
  const chosen = new Set(taskIds);
  const rows = chosen.size === 0 ? r.rows : r.rows.filter((x) => chosen.has(Number(x.id)) || (x.kind === 'milestone' && x.parent_id !== null && chosen.has(Number(x.parent_id))));
  return rows.map((x) => {
    const data = typeof x.data === 'string' ? (JSON.parse(x.data) as Record<string, unknown>) : x.data;
    const title = String((x.kind === 'task' ? data.title : data.text) ?? data.title ?? data.text ?? '').slice(0, 500);
    return {
      itemId: Number(x.id),
      kind: x.kind,
      parentId: x.parent_id === null ? null : Number(x.parent_id),
      title,
      due: typeof data.due === 'string' ? data.due : null,
      role: x.role,
    };
  });
}

/** Active plans with an item naming the unit (any role), for a reporter's task list. */
export async function activePlansNamingUnit(ex: Executor, unitId: number): Promise<{ id: number; title: string }[]> {
  const rows = await ex
    .selectFrom('plans as p')
    .select(['p.id', 'p.title'])
    .where('p.status', '=', 'active')
    .where('p.id', 'in', (eb) =>
      eb.selectFrom('plan_items as i').innerJoin('plan_item_units as u', 'u.item_id', 'i.id').select('i.plan_id').where('u.unit_id', '=', unitId),
    )
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), title: r.title }));
}

/** Every (form, unit) assignment pair with the unit's name and division, optionally filtered. */
export async function assignedUnits(
  ex: Executor,
  formIds: number[],
  f: { unitId?: number; divisionPrefix?: string },
): Promise<{ formId: number; unitId: number; unitName: string; unitDivisionCode: string; contactName: string | null; contactPhone: string | null; contactEmail: string | null }[]> {
  if (formIds.length === 0) return [];
  let q = ex
    .selectFrom('form_assignments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.form_id', 'a.unit_id', 'u.name', 'u.division_code', 'u.contact_name', 'u.contact_phone', 'u.contact_email'])
    .distinct()
    .where('a.form_id', 'in', formIds);
  if (f.unitId !== undefined) q = q.where('a.unit_id', '=', f.unitId);
  if (f.divisionPrefix !== undefined) q = q.where('u.division_code', 'like', `${f.divisionPrefix}%`);
  const rows = await q.orderBy('a.form_id').orderBy('a.unit_id').execute();
  return rows.map((r) => ({
    formId: Number(r.form_id),
    unitId: Number(r.unit_id),
    unitName: r.name,
    unitDivisionCode: r.division_code,
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    contactEmail: r.contact_email,
  }));
}

export async function isAssigned(ex: Executor, formId: number, unitId: number): Promise<boolean> {
  return !!(await ex.selectFrom('form_assignments').select('unit_id').where('form_id', '=', formId).where('unit_id', '=', unitId).executeTakeFirst());
}

export async function formIdByCode(ex: Executor, code: string): Promise<number | null> {
  const r = await ex.selectFrom('forms').select('id').where('code', '=', code).executeTakeFirst();
  return r ? Number(r.id) : null;
}

export async function findUnitBrief(ex: Executor, unitId: number): Promise<{ id: number; name: string; divisionCode: string } | null> {
  const u = await ex.selectFrom('units').select(['id', 'name', 'division_code']).where('id', '=', unitId).executeTakeFirst();
  return u ? { id: Number(u.id), name: u.name, divisionCode: u.division_code } : null;
}

export async function formTaskIds(ex: Executor, formId: number): Promise<number[]> {
  const rows = await ex.selectFrom('form_tasks').select('item_id').where('form_id', '=', formId).orderBy('item_id').execute();
  return rows.map((r) => Number(r.item_id));
}

export async function replaceFormTasks(ex: Executor, formId: number, itemIds: number[]): Promise<void> {
  await ex.deleteFrom('form_tasks').where('form_id', '=', formId).execute();
  if (itemIds.length === 0) return;
  await ex.insertInto('form_tasks').values(itemIds.map((id) => ({ form_id: formId, item_id: id }))).execute();
}

/** Which of the ids are live tasks of the plan. */
export async function liveTasksOf(ex: Executor, planId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await ex
    .selectFrom('plan_items')
    .select('id')
    .where('plan_id', '=', planId)
    .where('kind', '=', 'task')
    .where('review_status', '<>', 'deleted')
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/** What a form's submissions already hold: the facts an edit of the form must not strand. */
export interface FormUsage {
  submissions: number;
  /** periods with a submission, ascending */
  periods: string[];
  /** units with a submission, and how many each */
  units: { unitId: number; submissions: number }[];
  /** elements with a value in some submission */
  elementIds: number[];
  /** `unitId|divisionCode` of every cell with a value */
  cells: { unitId: number; divisionCode: string }[];
}

export async function formUsage(ex: Executor, formId: number): Promise<FormUsage> {
  const subs = await ex
    .selectFrom('submissions')
    .select(['unit_id', 'period', (eb) => eb.fn.countAll<number>().as('n')])
    .where('form_id', '=', formId)
    .groupBy(['unit_id', 'period'])
    .execute();
  const units = new Map<number, number>();
  for (const r of subs) units.set(Number(r.unit_id), (units.get(Number(r.unit_id)) ?? 0) + Number(r.n));
  const valued = await ex
    .selectFrom('submission_values as v')
    .innerJoin('submissions as s', 's.id', 'v.submission_id')
    .select(['v.element_id', 's.unit_id', 'v.division_code'])
    .distinct()
    .where('s.form_id', '=', formId)
    .where('v.value', 'is not', null)
    .execute();
  return {
    submissions: subs.reduce((a, r) => a + Number(r.n), 0),
    periods: [...new Set(subs.map((r) => r.period))].sort(),
    units: [...units].map(([unitId, n]) => ({ unitId, submissions: n })).sort((a, b) => a.unitId - b.unitId),
    elementIds: [...new Set(valued.map((r) => Number(r.element_id)))].sort((a, b) => a - b),
    cells: [...new Map(valued.map((r) => [`${r.unit_id}|${r.division_code}`, { unitId: Number(r.unit_id), divisionCode: r.division_code }])).values()],
  };
}
