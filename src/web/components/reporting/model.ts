import { ApiError } from '../../api/client.ts';
import type { Item, Reply } from '../../api/contract.ts';
import type { EvidenceFile, SubmissionDetail, SubmissionElement, SubmissionIssue } from '../../api/types.ts';
import type { TFunction } from '../../i18n/index.tsx';
import { appNow } from '../../layout/clock.tsx';

/** GET /api/reporting/submissions/:id as the server sends it (generated from its response schema). */
export type SubmissionReply = Reply<'/api/reporting/submissions/{id}'>;
export type EvidenceReply = Item<Reply<'/api/reporting/submissions/{id}/evidence'>>;
/** A cell a unit owes on a form (POST /api/reporting/forms/preview, GET …/forms/:id/rows). */
export type FormRowReply = Item<Reply<'/api/reporting/forms/{id}/rows'>>;

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number.isFinite(Number(v)) ? Number(v) : null);
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export const cellKey = (elementId: number, divisionCode: string): string => `${elementId}@${divisionCode}`;

export function toEvidence(f: EvidenceReply): EvidenceFile {
  return { id: f.id, itemId: f.itemId, filename: f.filename, sizeBytes: f.sizeBytes, contentType: f.contentType, sha256: f.sha256, createdAt: f.createdAt };
}

/** The page's view of a submission: its form's elements, the divisions in row order, cells keyed by element and division. */
export function toSubmissionView(s: SubmissionReply, evidence: EvidenceReply[] = []): SubmissionDetail {
  return {
    id: s.id,
    formId: s.formId,
    formName: s.formName,
    unitId: s.unitId,
    unitName: s.unitName,
    period: s.period,
    status: s.status,
    revision: s.revision,
    version: s.version,
    dueOn: s.dueOn,
    submittedAt: s.submittedAt,
    reviewedAt: s.reviewedAt,
    returnReason: s.returnReason,
    updatedAt: s.updatedAt,
    locked: s.locked,
    elements: s.elements.map((e) => ({ id: e.elementId, code: e.code, name: e.name, valueType: e.valueType, unit: e.unit, min: e.min, max: e.max, required: e.required, maxJumpShare: e.maxJumpShare })),
    divisions: s.divisions,
    cells: s.values.map((c) => ({ elementId: c.elementId, divisionCode: c.divisionCode, value: c.value, comment: c.comment, previous: c.previous })),
    progress: s.progress.map((p) => ({ itemId: p.itemId, kind: p.kind, title: p.title, due: p.due, status: p.status, percent: p.percent, narrative: p.narrative, problems: p.problems })),
    evidence: evidence.map(toEvidence),
  };
}

/** The version a write answered with (the submission itself or `{ submission }`). */
export function versionOf(raw: unknown, fallback: number): number {
  const o = obj(raw);
  const v = num(o.version) ?? num(obj(o.submission).version);
  return v ?? fallback;
}

/**
 * The error and warning list of a refused submit (422) or a refused upload. The server may send
 * `errors`/`warnings`, a mixed `issues` list with a severity, or only `fields`.
 */
export function issuesOf(err: unknown): SubmissionIssue[] {
  if (!(err instanceof ApiError)) return [];
  const d = err.details;
  const read = (list: unknown, severity: 'error' | 'warning'): SubmissionIssue[] =>
    arr(list).map((x) => {
      const o = obj(x);
      return {
        severity: (o.severity as 'error' | 'warning') ?? severity,
        field: String(o.field ?? o.cell ?? o.path ?? ''),
        reason: String(o.reason ?? o.message ?? ''),
        elementId: num(o.elementId) ?? undefined,
        elementCode: str(o.elementCode) ?? undefined,
        divisionCode: str(o.divisionCode) ?? undefined,
        itemId: num(o.itemId) ?? undefined,
        ...(o.rule !== undefined ? { rule: String(o.rule) } : {}),
        ...(o.commented !== undefined ? { commented: o.commented === true } : {}),
      };
    });
  return readIssues(d, read);
}

/** GET …/validation answers `{ errors, warnings }` like a refused submit does. */
export function validationIssues(res: unknown): SubmissionIssue[] {
  return issuesOf(new ApiError(422, 'unprocessable', '', [], [], obj(res)));
}

function readIssues(d: Record<string, unknown>, read: (list: unknown, severity: 'error' | 'warning') => SubmissionIssue[]): SubmissionIssue[] {
  const out = [...read(d.errors, 'error'), ...read(d.warnings, 'warning'), ...read(d.issues, 'error')];
  if (out.length === 0) out.push(...read(d.fields, 'error'));
  return out;
}

export interface CellCheck {
  error?: string;
  warning?: string;
}

/** The checks the browser can make at once (the server repeats them and adds rules across fields). */
export function checkCell(t: TFunction, el: SubmissionElement, value: number | null, previous: number | null): CellCheck {
  if (value === null) return {};
  if (el.valueType === 'integer' && !Number.isInteger(value)) return { error: t('rep.sub.integer') };
  if (el.min !== null && value < el.min) return { error: t('rep.sub.belowMin', { min: el.min }) };
  if (el.max !== null && value > el.max) return { error: t('rep.sub.aboveMax', { max: el.max }) };
  if (el.maxJumpShare !== null && previous !== null && previous !== 0) {
    const share = Math.abs(value - previous) / Math.abs(previous);
    if (share > el.maxJumpShare) return { warning: t('rep.sub.jump', { share: pct(share), limit: pct(el.maxJumpShare) }) };
  }
  return {};
}

export const pct = (share: number): string => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;

export function rangeText(el: Pick<SubmissionElement, 'min' | 'max'>): string | null {
  if (el.min === null && el.max === null) return null;
  if (el.max === null) return `≥ ${el.min}`;
  if (el.min === null) return `≤ ${el.max}`;
  return `${el.min} ~ ${el.max}`;
}

export function hhmmss(d: Date): string {
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** Whole days from today (local) to `day` (YYYY-MM-DD); negative when past. */
export function daysUntil(day: string, today = appNow()): number {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  const due = Date.UTC(y!, m! - 1, d!);
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((due - now) / 86_400_000);
}

export function fmtValue(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return v.toLocaleString('zh-CN', { maximumFractionDigits: 4 });
}

/**
 * The server writes messages as "中文 / English"; show the half for the current language (the
 * whole text when it has no such split).
 */
export function localReason(reason: string, locale: string): string {
  const at = reason.indexOf(' / ');
  if (at < 0 || !/[\u4e00-\u9fff]/.test(reason.slice(0, at))) return reason;
  return locale === 'en-US' ? reason.slice(at + 3) : reason.slice(0, at);
}

/** A period code as people write it: 2014M03 → 2014年3月 / Mar 2014; 2014Q1 → 2014年第1季度 / 2014 Q1. */
export function periodLabel(code: string, locale: string): string {
  const m = /^(\d{4})(?:([MQH])(\d{1,2}))?$/.exec(code);
  if (!m) return code;
  const [, y, type, n] = m;
  const i = Number(n);
  const en = locale === 'en-US';
  if (!type) return en ? y! : `${y}年`;
  if (type === 'M') return en ? new Date(Date.UTC(Number(y), i - 1, 1)).toLocaleString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' }) : `${y}年${i}月`;
  if (type === 'Q') return en ? `${y} Q${i}` : `${y}年第${i}季度`;
  return en ? `${y} H${i}` : `${y}年${i === 1 ? '上半年' : '下半年'}`;
}
