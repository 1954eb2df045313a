/**
 * Who may touch a submission's files (template, upload, evidence): the same scope as the report
 * itself. Reading: the unit's reporter, admin, leader, a viewer of the unit's division subtree.
 * Writing: the unit's reporter or admin, and only while the submission is editable.
 */
import { assertCanReadUnit, assertCanWriteUnitData } from '../auth/policy.ts';
import { getUnit } from '../divisions/unit.service.ts';
import type { Executor } from '../platform/db/database.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { SessionUser } from '../platform/http/context.ts';
import type { SubmissionStatus } from './reporting.tables.ts';

export interface SubmissionRef {
  id: number;
  formId: number;
  unitId: number;
  period: string;
  status: SubmissionStatus;
  version: number;
  unitDivisionCode: string;
}

export const EDITABLE: readonly SubmissionStatus[] = ['draft', 'returned'];

export async function findSubmissionRef(ex: Executor, id: number): Promise<SubmissionRef> {
  const s = await ex
    .selectFrom('submissions')
    .select(['id', 'form_id', 'unit_id', 'period', 'status', 'version'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!s) throw notFound('submission', id);
  const unit = await getUnit(ex, Number(s.unit_id));
  return {
    id: Number(s.id),
    formId: Number(s.form_id),
    unitId: Number(s.unit_id),
    period: s.period,
    status: s.status,
    version: s.version,
    unitDivisionCode: unit.divisionCode,
  };
}

/** Throws 404 / 403 unless `user` may read the submission. */
export async function readableSubmission(ex: Executor, user: SessionUser, id: number): Promise<SubmissionRef> {
  const s = await findSubmissionRef(ex, id);
  assertCanReadUnit(user, { id: s.unitId, divisionCode: s.unitDivisionCode });
  return s;
}

/** Throws 404 / 403 / 409 unless `user` may change the submission now. */
export async function writableSubmission(ex: Executor, user: SessionUser, id: number): Promise<SubmissionRef> {
  const s = await readableSubmission(ex, user, id);
  assertCanWriteUnitData(user, s.unitId);
  if (!EDITABLE.includes(s.status)) {
    throw new AppError('conflict', `填报已${s.status === 'approved' ? '审核通过' : '提交'}，不能修改 / submission ${id} is ${s.status} and cannot be changed`, {
      fields: [{ field: 'status', reason: `is ${s.status}; only draft or returned submissions can be changed` }],
    });
  }
  return s;
}
