import { recordApprovedValues } from '../indicators/values.service.ts';
import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import type { Config } from '../platform/env.ts';
import { AppError, type FieldProblem, notFound } from '../platform/errors.ts';
import { parsePeriod, periodOf } from './calendar.ts';
import type { Delivery } from './reminders/delivery.ts';
import { deliverReviewNotice, queueReviewNotice } from './reminders/review-notice.ts';
import { type Form, type FormElement, formElements, formProgressItems, formRows, formRowsOf, formStructure, getFormHead, type ProgressItem } from './form.service.ts';
import { findUnitBrief, isAssigned } from './form.repository.ts';
import { assertPeriodOpen, periodState } from './period-lock.service.ts';
import {
  assertAdmin,
  assertCanReadUnitReports,
  assertCanWriteUnitReports,
  type ReportingUser,
  submissionScope,
} from './reporting.access.ts';
import type { ProgressInput, ValueInput } from './reporting.schemas.ts';
import type { ProgressStatus, SubmissionStatus } from './reporting.tables.ts';
import {
  findSubmission,
  findSubmissionFor,
  insertDraftIfMissing,
  insertVersion,
  listSubmissionsWhere,
  listVersionRows,
  lockSubmissionWithForm,
  setVersionStatus,
  type StoredProgress,
  storedProgress,
  type StoredValue,
  storedValues,
  type Submission,
  type SubmissionListItem,
  updateSubmissionAt,
  type ValueWrite,
  writeProgress,
  writeValues,
} from './submission.repository.ts';
import { type Problem, previousApprovedValues, validateSubmission, type ValidationResult } from './validation.service.ts';

export type { Submission, SubmissionListItem, StoredValue, StoredProgress, Problem, ValidationResult };

const exOf = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);
const EDITABLE: SubmissionStatus[] = ['draft', 'returned'];
/** Problems listed in a refused save (the total is always given). */
const MAX_LISTED = 1000;

async function unitOf(ex: Executor, unitId: number): Promise<{ id: number; name: string; divisionCode: string }> {
  const u = await findUnitBrief(ex, unitId);
  if (!u) throw notFound('unit', unitId);
  return u;
}

async function loadForRead(ex: Executor, user: ReportingUser | null, id: number): Promise<Submission> {
  const sub = await findSubmission(ex, id);
  if (!sub) throw notFound('submission', id);
  assertCanReadUnitReports(user, await unitOf(ex, sub.unitId));
  return sub;
}

// ---- open ---------------------------------------------------------------------------------------

export interface OpenInput {
  formId: number;
  unitId: number;
  period: string;
}

/**
 * The submission of a unit for a form and period, created as an empty draft on first use. The
 * user must be able to write the unit's reports (its reporter, or admin). Refuses: a unit the
 * form is not assigned to (400 `unitId`), a period not in the form's calendar or exempt (400
 * `period`), a period past its lock date without an admin unlock (423 `locked`) — an existing
 * submission is returned whatever the lock, since opening it changes nothing.
 */
export async function openSubmission(db: Db | Executor, actor: Actor, user: ReportingUser | null, input: OpenInput): Promise<Submission> {
  assertCanWriteUnitReports(user, input.unitId);
  return transaction(db, async (tx) => {
    const form = await getFormHead(tx, input.formId);
    const existing = await findSubmissionFor(tx, form.id, input.unitId, input.period);
    if (existing) return existing;
    if (form.status !== 'active') throw new AppError('conflict', `form ${form.code} is archived`);
    if (!(await isAssigned(tx, form.id, input.unitId))) throw new AppError('validation_failed', `unitId: unit ${input.unitId} does not report form ${form.code}`, { fields: [{ field: 'unitId', reason: `unit ${input.unitId} is not assigned form ${form.code}` }] });
    await assertPeriodOpen(tx, form, input.unitId, input.period);
    if (await insertDraftIfMissing(tx, form.id, input.unitId, input.period, user?.id ?? null)) {
      const created = (await findSubmissionFor(tx, form.id, input.unitId, input.period)) as Submission;
      await recordAudit(tx, actor, { action: 'submission.open', entity: 'submission', entityId: created.id, after: { formId: form.id, unitId: input.unitId, period: input.period } });
      return created;
    }
    return (await findSubmissionFor(tx, form.id, input.unitId, input.period)) as Submission;
  });
}

// ---- read ---------------------------------------------------------------------------------------

export interface SubmissionCell {
  elementId: number;
  elementCode: string;
  elementName: string;
  unit: string;
  valueType: string;
  min: number | null;
  max: number | null;
  required: boolean;
  divisionCode: string;
  divisionName: string;
  value: number | null;
  comment: string | null;
  /** the approved value of the previous period, shown beside the field */
  previous: number | null;
}

export interface SubmissionProgress extends ProgressItem {
  status: ProgressStatus | null;
  percent: number | null;
  narrative: string | null;
  problems: string | null;
}

export interface SubmissionDetail extends Submission {
  formCode: string;
  formName: string;
  templateVersion: number;
  unitName: string;
  unitDivisionCode: string;
  dueOn: string | null;
  locksOn: string | null;
  locked: boolean;
  /** the form's elements in their order (with ranges and the jump share the browser checks) */
  elements: FormElement[];
  /** the divisions of the unit's rows, in row order */
  divisions: { code: string; name: string }[];
  /** every cell the unit owes, with its working value and the previous approved value */
  values: SubmissionCell[];
  /** every task/milestone the unit reports on, with its entry (nulls when not yet entered) */
  progress: SubmissionProgress[];
}

/** 404 unless the submission exists, 403 unless the user may read its unit's reports. */
export async function assertReadableSubmission(db: Db | Executor, user: ReportingUser | null, id: number): Promise<Submission> {
  return loadForRead(exOf(db), user, id);
}

/** formRows for a user who may read the unit's reports (404 for an unknown form or unit). */
export async function formRowsFor(db: Db | Executor, user: ReportingUser | null, formId: number, unitId: number) {
  const ex = exOf(db);
  assertCanReadUnitReports(user, await unitOf(ex, unitId));
  await getFormHead(ex, formId);
  return formRows(ex, formId, unitId);
}

/** A submission with its cells and progress, for a user who may read the unit's reports. */
export async function getSubmission(db: Db | Executor, user: ReportingUser | null, id: number): Promise<SubmissionDetail> {
  const ex = exOf(db);
  const sub = await loadForRead(ex, user, id);
  return submissionDetail(ex, sub);
}

async function submissionDetail(ex: Executor, sub: Submission): Promise<SubmissionDetail> {
  const form = await getFormHead(ex, sub.formId);
  const unit = await unitOf(ex, sub.unitId);
  const elements = await formElements(ex, form.id);
  const rows = await formRowsOf(ex, form.id, sub.unitId, elements);
  const divisions = new Map<string, string>();
  for (const r of rows) if (!divisions.has(r.divisionCode)) divisions.set(r.divisionCode, r.divisionName);
  const stored = new Map((await storedValues(ex, sub.id)).map((v) => [`${v.elementId}|${v.divisionCode}`, v]));
  const previous = await previousApprovedValues(ex, sub.period, rows);
  const values: SubmissionCell[] = rows.map((r) => {
    const key = `${r.elementId}|${r.divisionCode}`;
    const v = stored.get(key);
    return { ...r, value: v?.value ?? null, comment: v?.comment ?? null, previous: previous.get(key) ?? null };
  });
  const entries = new Map((await storedProgress(ex, sub.id)).map((p) => [p.itemId, p]));
  const progress = (await formProgressItems(ex, form, sub.unitId)).map((item) => {
    const e = entries.get(item.itemId);
    return { ...item, status: e?.status ?? null, percent: e?.percent ?? null, narrative: e?.narrative ?? null, problems: e?.problems ?? null };
  });
  const state = await periodState(ex, form, sub.unitId, sub.period).catch(() => null);
  return {
    ...sub,
    formCode: form.code,
    formName: form.name,
    templateVersion: form.templateVersion,
    unitName: unit.name,
    unitDivisionCode: unit.divisionCode,
    dueOn: state?.period.dueOn ?? null,
    locksOn: state?.period.locksOn ?? null,
    locked: state?.locked ?? false,
    elements,
    divisions: [...divisions].map(([code, name]) => ({ code, name })),
    values,
    progress,
  };
}

export interface SubmissionQuery {
  status?: SubmissionStatus;
  formId?: number;
  unitId?: number;
  period?: string;
  page?: number;
  pageSize?: number;
}

/** Submissions within the user's scope (reporter: its unit; viewer: its subtree; admin, leader: all). */
export async function listSubmissions(db: Db | Executor, user: ReportingUser | null, q: SubmissionQuery = {}) {
  const scope = submissionScope(user);
  const pageSize = q.pageSize ?? 50;
  const page = q.page ?? 1;
  if ('unitId' in scope && q.unitId !== undefined && q.unitId !== scope.unitId) return { items: [], total: 0, page, pageSize };
  const r = await listSubmissionsWhere(exOf(db), {
    status: q.status,
    formId: q.formId,
    unitId: 'unitId' in scope ? scope.unitId : q.unitId,
    period: q.period,
    divisionPrefix: 'divisionPrefix' in scope ? scope.divisionPrefix : undefined,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return { ...r, page, pageSize };
}

// ---- save ---------------------------------------------------------------------------------------

export interface SaveDraftInput {
  /** the version the editor started from */
  version: number;
  values?: ValueInput[];
  progress?: ProgressInput[];
  /** merge (default): the given cells replace theirs, others stay; replace: the given cells are all */
  mode?: 'merge' | 'replace';
}

export interface SaveResult {
  id: number;
  version: number;
  status: SubmissionStatus;
  /** cells written */
  saved: number;
}

/** What is stored now, as a 409 shows it beside what was sent. */
async function currentState(ex: Executor, sub: Submission) {
  return {
    version: sub.version,
    status: sub.status,
    revision: sub.revision,
    updatedAt: sub.updatedAt,
    updatedBy: sub.updatedBy,
    values: await storedValues(ex, sub.id),
    progress: await storedProgress(ex, sub.id),
  };
}

async function lockForWrite(tx: Executor, user: ReportingUser | null, id: number): Promise<{ sub: Submission; form: Form }> {
  const locked = await lockSubmissionWithForm(tx, id);
  if (!locked) throw notFound('submission', id);
  assertCanWriteUnitReports(user, locked.sub.unitId);
  return locked;
}

function staleVersion(sub: Submission, current: unknown, yours: unknown): AppError {
  return new AppError('conflict', `submission ${sub.id} was saved by someone else (now version ${sub.version}); both versions are attached — merge and save again / 他人已保存新版本`, {
    fields: [{ field: 'version', reason: `stale; current version is ${sub.version}` }],
    current,
    yours,
  });
}

function notEditable(sub: Submission): AppError {
  return new AppError('conflict', `submission ${sub.id} is ${sub.status}; only a draft or a returned submission can change / 已报送的报表不能修改`, {
    fields: [{ field: 'status', reason: `is ${sub.status}` }],
    status: sub.status,
  });
}

function refuse(problems: FieldProblem[], total: number): never {
  const listed = problems.slice(0, MAX_LISTED);
  throw new AppError('validation_failed', `${total} problem(s): ${listed.slice(0, 5).map((p) => `${p.field}: ${p.reason}`).join('; ')}${total > 5 ? ' …' : ''}`, {
    fields: listed,
    total,
  });
}

/**
 * Saves the working copy of a draft or returned submission (its unit's reporter, or admin) and
 * returns the new version. `version` must be the stored one: a stale save is a 409 `conflict`
 * whose details carry `current` (what is stored now: version, status, values, progress) and
 * `yours` (what was sent) — never a silent overwrite. Every cell is checked before anything is
 * written: the element (by `elementId` or `elementCode`) belongs to the form and the division to
 * the unit's rows for that element; otherwise 400 with fields `values[i].elementId|elementCode|
 * divisionCode` (first 1000 listed, `details.total` counts all). Progress items must be the
 * unit's tasks/milestones of the form's plan (`progress[i].itemId`). A draft of a locked period
 * is 423 `locked`; a returned submission stays editable (the office asked for the correction).
 * Cells are written in bulk (unnest chunks), so 100,000 cells take seconds.
 */
export async function saveDraft(db: Db | Executor, actor: Actor, user: ReportingUser | null, submissionId: number, input: SaveDraftInput): Promise<SaveResult> {
  return transaction(db, async (tx) => {
    const { sub, form } = await lockForWrite(tx, user, submissionId);
    const mode = input.mode ?? 'merge';
    const values = input.values ?? [];
    if (sub.version !== input.version) {
      throw staleVersion(sub, await currentState(tx, sub), { version: input.version, values, progress: input.progress ?? null, mode });
    }
    if (!EDITABLE.includes(sub.status)) throw notEditable(sub);
    if (sub.status === 'draft') await assertPeriodOpen(tx, form, sub.unitId, sub.period);

    const { elements, owed } = await formStructure(tx, form, sub.unitId);
    const byId = new Map(elements.map((e) => [e.elementId, e]));
    const byCode = new Map(elements.map((e) => [e.code, e]));
    const problems: FieldProblem[] = [];
    let total = 0;
    const add = (field: string, reason: string) => {
      total++;
      if (problems.length < MAX_LISTED) problems.push({ field, reason });
    };
    const writes: ValueWrite[] = [];
    const seen = new Map<string, number>();
    values.forEach((v, i) => {
      let el = v.elementId !== undefined ? byId.get(v.elementId) : undefined;
      if (v.elementId !== undefined && !el) return add(`values[${i}].elementId`, `element ${v.elementId} is not on form ${form.code}`);
      if (v.elementId === undefined) {
        if (!v.elementCode) return add(`values[${i}].elementCode`, 'give elementId or elementCode');
        el = byCode.get(v.elementCode);
        if (!el) return add(`values[${i}].elementCode`, `element ${v.elementCode} is not on form ${form.code}`);
      } else if (v.elementCode !== undefined && el && v.elementCode !== el.code) {
        return add(`values[${i}].elementCode`, `element ${v.elementId} is ${el.code}, not ${v.elementCode}`);
      }
      if (!el) return;
      const key = `${el.elementId}|${v.divisionCode}`;
      if (!owed.has(key)) return add(`values[${i}].divisionCode`, `division ${v.divisionCode} is not among the rows unit ${sub.unitId} reports for ${el.code}`);
      const dup = seen.get(key);
      if (dup !== undefined) return add(`values[${i}]`, `repeats values[${dup}] (${el.code}@${v.divisionCode})`);
      seen.set(key, i);
      if (v.value !== null && !Number.isFinite(v.value)) return add(`values[${i}].value`, 'must be a finite number or null');
      writes.push({ elementId: el.elementId, divisionCode: v.divisionCode, value: v.value, comment: v.comment === undefined ? undefined : v.comment?.trim() || null });
    });

    let progress: StoredProgress[] | null = null;
    if (input.progress) {
      const items = new Set((await formProgressItems(tx, form, sub.unitId)).map((p) => p.itemId));
      const seenItems = new Set<number>();
      progress = [];
      input.progress.forEach((p, i) => {
        if (!items.has(p.itemId)) return add(`progress[${i}].itemId`, `item ${p.itemId} is not a task or milestone unit ${sub.unitId} reports on in form ${form.code}`);
        if (seenItems.has(p.itemId)) return add(`progress[${i}].itemId`, `item ${p.itemId} is listed twice`);
        seenItems.add(p.itemId);
        progress?.push({ itemId: p.itemId, status: p.status, percent: p.percent ?? null, narrative: p.narrative ?? null, problems: p.problems ?? null });
      });
    }
    if (total > 0) refuse(problems, total);

    await writeValues(tx, sub.id, writes, mode);
    if (progress) await writeProgress(tx, sub.id, progress, mode);
    if (!(await updateSubmissionAt(tx, sub.id, sub.version, {}, user?.id ?? null))) throw new AppError('conflict', `submission ${sub.id} changed during the save; reload`);
    // One audit row per save, not per cell: the versions table keeps every submitted state.
    await recordAudit(tx, actor, { action: 'submission.save', entity: 'submission', entityId: sub.id, after: { version: sub.version + 1, cells: writes.length, progress: progress?.length ?? 0, mode } });
    return { id: sub.id, version: sub.version + 1, status: sub.status, saved: writes.length };
  });
}

// ---- submit and review --------------------------------------------------------------------------

async function snapshotOf(ex: Executor, sub: Submission) {
  return { period: sub.period, values: await storedValues(ex, sub.id), progress: await storedProgress(ex, sub.id) };
}

export interface SubmitResult extends Submission {
  /** warnings that were explained by comments */
  warnings: Problem[];
}

/**
 * Submits a draft or returned submission (its unit's reporter, or admin). Validates the working
 * copy: with errors, or a warning whose value has no comment, it is refused with 422
 * `unprocessable` and details `{ errors, warnings, fields }` listing every problem. Otherwise the
 * status becomes submitted, the revision goes up by one and the whole working copy is kept in
 * submission_versions. A stale `version` is 409; a draft of a locked period 423.
 */
export async function submit(db: Db | Executor, actor: Actor, user: ReportingUser | null, id: number, input: { version: number }): Promise<SubmitResult> {
  return transaction(db, async (tx) => {
    const { sub, form } = await lockForWrite(tx, user, id);
    if (sub.version !== input.version) throw staleVersion(sub, await currentState(tx, sub), { version: input.version });
    if (!EDITABLE.includes(sub.status)) throw notEditable(sub);
    if (sub.status === 'draft') await assertPeriodOpen(tx, form, sub.unitId, sub.period);
    const result = await validateSubmission(tx, sub.id);
    const blocking = [...result.errors, ...result.warnings.filter((w) => !w.commented)];
    if (blocking.length > 0) {
      throw new AppError('unprocessable', `不能报送：${result.errors.length} 个错误，${result.warnings.filter((w) => !w.commented).length} 个警告未说明 / cannot submit: ${result.errors.length} error(s), ${result.warnings.filter((w) => !w.commented).length} warning(s) without a comment`, {
        errors: result.errors,
        warnings: result.warnings,
        fields: blocking.slice(0, MAX_LISTED).map((p) => ({ field: p.field, reason: p.reason })),
      });
    }
    const now = new Date();
    const revision = sub.revision + 1;
    await updateSubmissionAt(
      tx,
      sub.id,
      sub.version,
      { status: 'submitted', revision, submitted_at: now, submitted_by: user?.id ?? null, ...(sub.firstSubmittedAt ? {} : { first_submitted_at: now }), return_reason: null },
      user?.id ?? null,
    );
    await insertVersion(tx, sub.id, revision, 'submitted', await snapshotOf(tx, sub), user?.id ?? null);
    await recordAudit(tx, actor, { action: 'submission.submit', entity: 'submission', entityId: sub.id, after: { revision, version: sub.version + 1, warnings: result.warnings.length } });
    const after = (await findSubmission(tx, sub.id)) as Submission;
    return { ...after, warnings: result.warnings };
  });
}

async function lockForReview(tx: Executor, user: ReportingUser | null, id: number, version: number): Promise<Submission> {
  assertAdmin(user);
  const sub = await findSubmission(tx, id, true);
  if (!sub) throw notFound('submission', id);
  if (sub.version !== version) throw staleVersion(sub, await currentState(tx, sub), { version });
  if (sub.status !== 'submitted') {
    throw new AppError('conflict', `submission ${id} is ${sub.status}; only a submitted one can be reviewed`, { fields: [{ field: 'status', reason: `is ${sub.status}` }], status: sub.status });
  }
  return sub;
}

/** Returns a submitted report to its unit with a reason (admin only; audited). 409 when stale or not submitted. */
export async function returnSubmission(
  db: Db | Executor,
  actor: Actor,
  user: ReportingUser | null,
  id: number,
  input: { version: number; reason: string },
  config?: Config,
): Promise<Submission & { notice: Delivery }> {
  assertAdmin(user);
  const reason = input.reason?.trim() ?? '';
  if (!reason) throw new AppError('validation_failed', 'reason: give the reason for returning', { fields: [{ field: 'reason', reason: 'required' }] });
  const { after, pending } = await transaction(db, async (tx) => {
    const sub = await lockForReview(tx, user, id, input.version);
    await updateSubmissionAt(tx, sub.id, sub.version, { status: 'returned', reviewed_at: new Date(), reviewed_by: user.id, return_reason: reason }, user.id);
    await setVersionStatus(tx, sub.id, sub.revision, 'returned');
    await recordAudit(tx, actor, { action: 'submission.return', entity: 'submission', entityId: sub.id, after: { revision: sub.revision, reason } });
    const after = (await findSubmission(tx, sub.id)) as Submission;
    return { after, pending: await queueReviewNotice(tx, 'returned', after) };
  });
  return { ...after, notice: await deliverReviewNotice(config, pending) };
}

/**
 * Approves a submitted report (admin only; audited) and, in the same transaction, hands its
 * non-empty cells to recordApprovedValues (indicators), so the value store and every aggregate
 * change with the status. Each value is stored under the element's native period.
 */
export async function approve(
  db: Db | Executor,
  actor: Actor,
  user: ReportingUser | null,
  id: number,
  input: { version: number },
  config?: Config,
): Promise<Submission & { approvedValues: number; notice: Delivery }> {
  assertAdmin(user);
  const { result, pending } = await transaction(db, async (tx) => {
    const sub = await lockForReview(tx, user, id, input.version);
    const elements = new Map((await formElements(tx, sub.formId)).map((e) => [e.elementId, e]));
    const period = parsePeriod(sub.period);
    const native = new Map<string, string>();
    const nativeOf = (t: 'M' | 'Q' | 'H' | 'Y') => {
      let code = native.get(t);
      if (!code) native.set(t, (code = t === period.type ? period.code : periodOf(t, period.end).code));
      return code;
    };
    const values = (await storedValues(tx, sub.id))
      .filter((v) => v.value !== null)
      .map((v) => ({
        elementId: v.elementId,
        divisionCode: v.divisionCode,
        period: nativeOf(elements.get(v.elementId)?.periodType ?? period.type),
        value: v.value as number,
        unitId: sub.unitId,
        submissionId: sub.id,
      }));
    const n = await recordApprovedValues(tx, values);
    await updateSubmissionAt(tx, sub.id, sub.version, { status: 'approved', reviewed_at: new Date(), reviewed_by: user.id, return_reason: null }, user.id);
    await setVersionStatus(tx, sub.id, sub.revision, 'approved');
    await recordAudit(tx, actor, { action: 'submission.approve', entity: 'submission', entityId: sub.id, after: { revision: sub.revision, values: n } });
    const after = (await findSubmission(tx, sub.id)) as Submission;
    return { result: { ...after, approvedValues: n }, pending: await queueReviewNotice(tx, 'approved', after) };
  });
  return { ...result, notice: await deliverReviewNotice(config, pending) };
}

// ---- versions -----------------------------------------------------------------------------------

/** Every submitted revision of a submission (without the snapshots), oldest first. */
export async function listVersions(db: Db | Executor, user: ReportingUser | null, id: number) {
  const ex = exOf(db);
  await loadForRead(ex, user, id);
  return (await listVersionRows(ex, id, false)).map(({ snapshot: _s, ...v }) => v);
}

export interface CellChange {
  elementId: number;
  elementCode: string;
  divisionCode: string;
  field: 'value' | 'comment';
  a: number | string | null;
  b: number | string | null;
}

export interface ProgressChange {
  itemId: number;
  field: 'status' | 'percent' | 'narrative' | 'problems';
  a: unknown;
  b: unknown;
}

export interface VersionDiff {
  a: number;
  b: number;
  values: CellChange[];
  progress: ProgressChange[];
}

/**
 * What changed between two revisions of a submission (revision 0 = the current working copy):
 * the cells whose value or comment differ, and the progress fields that differ. 404 naming the
 * revision when it does not exist. No access check here: callers check read access first.
 */
export async function diffVersions(ex: Executor, id: number, revA: number, revB: number): Promise<VersionDiff> {
  const sub = await findSubmission(ex, id);
  if (!sub) throw notFound('submission', id);
  const stored = new Map((await listVersionRows(ex, id, true, [revA, revB].filter((r) => r > 0))).map((v) => [v.revision, v.snapshot]));
  const load = async (rev: number) => {
    if (rev === 0) return snapshotOf(ex, sub);
    const s = stored.get(rev);
    if (!s) throw new AppError('not_found', `submission ${id} has no revision ${rev}`, { fields: [{ field: rev === revA ? 'a' : 'b', reason: `no revision ${rev}` }] });
    return s as unknown as Awaited<ReturnType<typeof snapshotOf>>;
  };
  const A = await load(revA);
  const B = await load(revB);
  const values: CellChange[] = [];
  const mapA = new Map(A.values.map((v) => [`${v.elementId}|${v.divisionCode}`, v]));
  const mapB = new Map(B.values.map((v) => [`${v.elementId}|${v.divisionCode}`, v]));
  for (const key of new Set([...mapA.keys(), ...mapB.keys()])) {
    const a = mapA.get(key);
    const b = mapB.get(key);
    const ref = (a ?? b) as StoredValue;
    for (const field of ['value', 'comment'] as const) {
      const va = a?.[field] ?? null;
      const vb = b?.[field] ?? null;
      if (va !== vb) values.push({ elementId: ref.elementId, elementCode: ref.elementCode, divisionCode: ref.divisionCode, field, a: va, b: vb });
    }
  }
  values.sort((x, y) => (x.divisionCode < y.divisionCode ? -1 : x.divisionCode > y.divisionCode ? 1 : x.elementCode < y.elementCode ? -1 : x.elementCode > y.elementCode ? 1 : 0));
  const progress: ProgressChange[] = [];
  const pa = new Map(A.progress.map((p) => [p.itemId, p]));
  const pb = new Map(B.progress.map((p) => [p.itemId, p]));
  for (const itemId of [...new Set([...pa.keys(), ...pb.keys()])].sort((x, y) => x - y)) {
    for (const field of ['status', 'percent', 'narrative', 'problems'] as const) {
      const va = pa.get(itemId)?.[field] ?? null;
      const vb = pb.get(itemId)?.[field] ?? null;
      if (va !== vb) progress.push({ itemId, field, a: va, b: vb });
    }
  }
  return { a: revA, b: revB, values, progress };
}

/** diffVersions for a user who may read the submission. */
export async function diffVersionsFor(db: Db | Executor, user: ReportingUser | null, id: number, revA: number, revB: number): Promise<VersionDiff> {
  const ex = exOf(db);
  await loadForRead(ex, user, id);
  return diffVersions(ex, id, revA, revB);
}
