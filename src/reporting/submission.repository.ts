import { type Selectable, sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import { type Form, toForm } from './form.repository.ts';
import type { ProgressStatus, ReportingTables, SubmissionStatus } from './reporting.tables.ts';

export interface Submission {
  id: number;
  formId: number;
  unitId: number;
  period: string;
  status: SubmissionStatus;
  revision: number;
  version: number;
  submittedAt: string | null;
  firstSubmittedAt: string | null;
  submittedBy: number | null;
  reviewedAt: string | null;
  reviewedBy: number | null;
  returnReason: string | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: number | null;
}

export interface StoredValue {
  elementId: number;
  elementCode: string;
  divisionCode: string;
  value: number | null;
  comment: string | null;
}

export interface StoredProgress {
  itemId: number;
  status: ProgressStatus;
  percent: number | null;
  narrative: string | null;
  problems: string | null;
}

type Row = Selectable<ReportingTables['submissions']>;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const num = (n: number | string | null) => (n === null ? null : Number(n));

export function toSubmission(r: Row): Submission {
  return {
    id: Number(r.id),
    formId: Number(r.form_id),
    unitId: Number(r.unit_id),
    period: r.period,
    status: r.status,
    revision: r.revision,
    version: r.version,
    submittedAt: iso(r.submitted_at),
    firstSubmittedAt: iso(r.first_submitted_at),
    submittedBy: num(r.submitted_by),
    reviewedAt: iso(r.reviewed_at),
    reviewedBy: num(r.reviewed_by),
    returnReason: r.return_reason,
    createdAt: iso(r.created_at) as string,
    updatedAt: iso(r.updated_at) as string,
    updatedBy: num(r.updated_by),
  };
}

/** One submission; `forUpdate` takes the row lock so that concurrent saves queue up behind it. */
export async function findSubmission(ex: Executor, id: number, forUpdate = false): Promise<Submission | null> {
  let q = ex.selectFrom('submissions').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? toSubmission(r) : null;
}

export async function findSubmissionFor(ex: Executor, formId: number, unitId: number, period: string): Promise<Submission | null> {
  const r = await ex.selectFrom('submissions').selectAll().where('form_id', '=', formId).where('unit_id', '=', unitId).where('period', '=', period).executeTakeFirst();
  return r ? toSubmission(r) : null;
}

/** Creates the draft unless it exists (two first opens at once both get the same row). */
export async function insertDraftIfMissing(ex: Executor, formId: number, unitId: number, period: string, userId: number | null): Promise<boolean> {
  const r = await ex
    .insertInto('submissions')
    .values({ form_id: formId, unit_id: unitId, period, updated_by: userId })
    .onConflict((oc) => oc.columns(['form_id', 'unit_id', 'period']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export interface SubmissionListFilter {
  status?: SubmissionStatus;
  formId?: number;
  unitId?: number;
  period?: string;
  /** restrict to units whose division code starts with this (viewer scope) */
  divisionPrefix?: string;
  limit: number;
  offset: number;
}

export interface SubmissionListItem extends Submission {
  formCode: string;
  formName: string;
  unitName: string;
  unitDivisionCode: string;
}

export async function listSubmissionsWhere(ex: Executor, f: SubmissionListFilter): Promise<{ items: SubmissionListItem[]; total: number }> {
  let q = ex
    .selectFrom('submissions as s')
    .innerJoin('forms as f', 'f.id', 's.form_id')
    .innerJoin('units as u', 'u.id', 's.unit_id');
  if (f.status) q = q.where('s.status', '=', f.status);
  if (f.formId !== undefined) q = q.where('s.form_id', '=', f.formId);
  if (f.unitId !== undefined) q = q.where('s.unit_id', '=', f.unitId);
  if (f.period) q = q.where('s.period', '=', f.period);
  if (f.divisionPrefix !== undefined) q = q.where('u.division_code', 'like', `${f.divisionPrefix}%`);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll('s')
    .select(['f.code as form_code', 'f.name as form_name', 'u.name as unit_name', 'u.division_code as unit_division_code'])
    .orderBy('s.period', 'desc')
    .orderBy('f.code')
    .orderBy('s.unit_id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({ ...toSubmission(r), formCode: r.form_code, formName: r.form_name, unitName: r.unit_name, unitDivisionCode: r.unit_division_code })),
  };
}

export async function storedValues(ex: Executor, submissionId: number): Promise<StoredValue[]> {
  const rows = await ex
    .selectFrom('submission_values as v')
    .innerJoin('data_elements as e', 'e.id', 'v.element_id')
    .select(['v.element_id', 'e.code', 'v.division_code', 'v.value', 'v.comment'])
    .where('v.submission_id', '=', submissionId)
    .orderBy('v.division_code')
    .orderBy('v.element_id')
    .execute();
  return rows.map((r) => ({ elementId: Number(r.element_id), elementCode: r.code, divisionCode: r.division_code, value: r.value, comment: r.comment }));
}

export async function storedProgress(ex: Executor, submissionId: number): Promise<StoredProgress[]> {
  const rows = await ex.selectFrom('progress_entries').selectAll().where('submission_id', '=', submissionId).orderBy('item_id').execute();
  return rows.map((r) => ({ itemId: Number(r.item_id), status: r.status, percent: r.percent === null ? null : Number(r.percent), narrative: r.narrative, problems: r.problems }));
}

export interface ValueWrite {
  elementId: number;
  divisionCode: string;
  value: number | null;
  /** undefined keeps the stored comment (merge) */
  comment: string | null | undefined;
}

const CHUNK = 20_000;

/**
 * Writes cells in chunks of one `insert … select from unnest(…) on conflict do update` each:
 * 100,000 cells are a handful of statements, not 100,000. `replace` makes the given cells the
 * whole working copy (a comment not given becomes null) by upserting them and deleting the rest,
 * rather than deleting everything first: an unchanged cell is then an update of a value, which
 * PostgreSQL does without re-checking its foreign keys — the dominant cost of a re-upload.
 */
export async function writeValues(ex: Executor, submissionId: number, values: ValueWrite[], mode: 'merge' | 'replace'): Promise<void> {
  const cells = mode === 'replace' ? values.map((v) => ({ ...v, comment: v.comment ?? null })) : values;
  if (mode === 'replace') {
    // The stale keys are found here, so the delete is an index lookup per stale cell whatever
    // the planner guesses about the size of an unnest.
    const given = new Set(cells.map((v) => `${v.elementId}|${v.divisionCode}`));
    const stored = await ex.selectFrom('submission_values').select(['element_id', 'division_code']).where('submission_id', '=', submissionId).execute();
    const stale = stored.filter((r) => !given.has(`${r.element_id}|${r.division_code}`));
    for (let i = 0; i < stale.length; i += CHUNK) {
      const part = stale.slice(i, i + CHUNK);
      await sql`
        delete from submission_values s
        using unnest(${part.map((r) => Number(r.element_id))}::bigint[], ${part.map((r) => r.division_code)}::text[]) as g(element_id, division_code)
        where s.submission_id = ${submissionId} and s.element_id = g.element_id and s.division_code = g.division_code
      `.execute(ex);
    }
  }
  // The excluded row cannot say whether a comment was sent, so cells that keep their stored
  // comment go in statements of their own.
  const keep = cells.filter((v) => v.comment === undefined);
  const set = cells.filter((v) => v.comment !== undefined);
  for (const [group, keepComment] of [[set, false], [keep, true]] as const) {
    for (let i = 0; i < group.length; i += CHUNK) {
      const part = group.slice(i, i + CHUNK);
      await sql`
        insert into submission_values (submission_id, element_id, division_code, value, comment)
        select ${submissionId}::bigint, t.element_id, t.division_code, t.value, t.comment
        from unnest(
          ${part.map((v) => v.elementId)}::bigint[],
          ${part.map((v) => v.divisionCode)}::text[],
          ${part.map((v) => v.value)}::float8[],
          ${part.map((v) => v.comment ?? null)}::text[]
        ) as t(element_id, division_code, value, comment)
        on conflict (submission_id, element_id, division_code) do update set
          value = excluded.value${keepComment ? sql`` : sql`, comment = excluded.comment`}
      `.execute(ex);
    }
  }
}

export async function writeProgress(ex: Executor, submissionId: number, entries: StoredProgress[], mode: 'merge' | 'replace'): Promise<void> {
  if (mode === 'replace') await ex.deleteFrom('progress_entries').where('submission_id', '=', submissionId).execute();
  if (entries.length === 0) return;
  await ex
    .insertInto('progress_entries')
    .values(entries.map((e) => ({ submission_id: submissionId, item_id: e.itemId, status: e.status, percent: e.percent, narrative: e.narrative, problems: e.problems })))
    .onConflict((oc) =>
      oc.columns(['submission_id', 'item_id']).doUpdateSet({
        status: (eb) => eb.ref('excluded.status'),
        percent: (eb) => eb.ref('excluded.percent'),
        narrative: (eb) => eb.ref('excluded.narrative'),
        problems: (eb) => eb.ref('excluded.problems'),
      }),
    )
    .execute();
}

/** Sets fields and bumps the version when it is still `version`; false when it moved. */
export async function updateSubmissionAt(
  ex: Executor,
  id: number,
  version: number,
  set: Partial<{
    status: SubmissionStatus;
    revision: number;
    submitted_at: Date;
    first_submitted_at: Date;
    submitted_by: number | null;
    reviewed_at: Date;
    reviewed_by: number | null;
    return_reason: string | null;
  }>,
  userId: number | null,
): Promise<boolean> {
  const r = await ex
    .updateTable('submissions')
    .set({ ...set, version: version + 1, updated_at: new Date(), updated_by: userId })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertVersion(ex: Executor, submissionId: number, revision: number, status: string, snapshot: object, userId: number | null): Promise<void> {
  await ex
    .insertInto('submission_versions')
    .values({ submission_id: submissionId, revision, status, snapshot: JSON.stringify(snapshot), created_by: userId })
    .execute();
}

export async function setVersionStatus(ex: Executor, submissionId: number, revision: number, status: string): Promise<void> {
  await ex.updateTable('submission_versions').set({ status }).where('submission_id', '=', submissionId).where('revision', '=', revision).execute();
}

export interface VersionRow {
  revision: number;
  status: string;
  snapshot: Record<string, unknown>;
  createdBy: number | null;
  createdAt: string;
}

export async function listVersionRows(ex: Executor, submissionId: number, withSnapshot: boolean, revisions?: number[]): Promise<VersionRow[]> {
  let q = ex.selectFrom('submission_versions').select(['revision', 'status', 'created_by', 'created_at']).where('submission_id', '=', submissionId);
  if (revisions) q = q.where('revision', 'in', revisions.length ? revisions : [-1]);
  const rows = await (withSnapshot ? q.select('snapshot') : q).orderBy('revision').execute();
  return rows.map((r) => {
    const snap = (r as { snapshot?: unknown }).snapshot;
    return {
      revision: r.revision,
      status: r.status,
      snapshot: (typeof snap === 'string' ? JSON.parse(snap) : (snap ?? {})) as Record<string, unknown>,
      createdBy: r.created_by === null ? null : Number(r.created_by),
      createdAt: new Date(r.created_at).toISOString(),
    };
  });
}

/** The state of every submission of some forms, for completeness counts. */
export async function submissionStates(ex: Executor, formIds: number[], unitId?: number): Promise<{ id: number; formId: number; unitId: number; period: string; status: SubmissionStatus; firstSubmittedAt: string | null }[]> {
  if (formIds.length === 0) return [];
  let q = ex.selectFrom('submissions').select(['id', 'form_id', 'unit_id', 'period', 'status', 'first_submitted_at']).where('form_id', 'in', formIds);
  if (unitId !== undefined) q = q.where('unit_id', '=', unitId);
  const rows = await q.execute();
  return rows.map((r) => ({ id: Number(r.id), formId: Number(r.form_id), unitId: Number(r.unit_id), period: r.period, status: r.status, firstSubmittedAt: iso(r.first_submitted_at) }));
}

/** Unlocks in force on `day` for some forms, keyed `formId|unitId|period` (unitId '*' for all units). */
export async function unlocksInForce(ex: Executor, formIds: number[], day: string): Promise<Set<string>> {
  if (formIds.length === 0) return new Set();
  const rows = await ex.selectFrom('period_unlocks').select(['form_id', 'unit_id', 'period']).where('form_id', 'in', formIds).where('until', '>=', day).execute();
  return new Set(rows.map((r) => `${r.form_id}|${r.unit_id ?? '*'}|${r.period}`));
}

/**
 * The submission row locked for update together with its form, in one round trip: the save path
 * runs this on every autosave of every reporter.
 */
export async function lockSubmissionWithForm(ex: Executor, id: number): Promise<{ sub: Submission; form: Form } | null> {
  const r = await ex
    .selectFrom('submissions as s')
    .innerJoin('forms as f', 'f.id', 's.form_id')
    .selectAll('s')
    .select(sql<Selectable<ReportingTables['forms']>>`to_jsonb(f)`.as('form_row'))
    .where('s.id', '=', id)
    .forUpdate('s')
    .executeTakeFirst();
  if (!r) return null;
  const { form_row, ...row } = r;
  const f = (typeof form_row === 'string' ? JSON.parse(form_row) : form_row) as Selectable<ReportingTables['forms']>;
  return { sub: toSubmission(row as Row), form: toForm({ ...f, id: Number(f.id), plan_id: f.plan_id === null ? null : Number(f.plan_id), duty_id: f.duty_id === null ? null : Number(f.duty_id) }) };
}
