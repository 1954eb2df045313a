import type { SubmissionStatus, SubmissionSummary } from '../../api/types.ts';

/** Readers of the reporting list endpoints ({ items, total } or a bare array). */
type Json = Record<string, unknown>;
export const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const itemsOf = (res: unknown, ...keys: string[]): unknown[] => {
  if (Array.isArray(res)) return res;
  const o = obj(res);
  for (const k of [...keys, 'items']) if (Array.isArray(o[k])) return o[k] as unknown[];
  return [];
};
const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function toSummary(raw: unknown): SubmissionSummary {
  const r = obj(raw);
  return {
    id: Number(r.id),
    formId: Number(r.formId ?? obj(r.form).id),
    formName: String(r.formName ?? obj(r.form).name ?? ''),
    unitId: Number(r.unitId ?? obj(r.unit).id),
    unitName: String(r.unitName ?? obj(r.unit).name ?? ''),
    period: String(r.period ?? ''),
    status: (r.status as SubmissionStatus) ?? 'draft',
    revision: Number(r.revision ?? 0),
    version: Number(r.version ?? 1),
    dueOn: s(r.dueOn),
    submittedAt: s(r.submittedAt),
    reviewedAt: s(r.reviewedAt),
    returnReason: s(r.returnReason),
    updatedAt: s(r.updatedAt),
  };
}
