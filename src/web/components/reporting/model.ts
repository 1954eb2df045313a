import { ApiError } from '../../api/client.ts';
import type {
  EvidenceFile,
  ProgressEntry,
  ProgressStatus,
  SubmissionCell,
  SubmissionDetail,
  SubmissionElement,
  SubmissionIssue,
  SubmissionStatus,
} from '../../api/types.ts';
import type { TFunction } from '../../i18n/index.tsx';
import { appNow } from '../../layout/clock.tsx';

/**
 * The one place that reads the reporting API's JSON into the page's types, so a renamed field on
 * the server is fixed here and nowhere else. Every reader tolerates the field being absent.
 */
type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number.isFinite(Number(v)) ? Number(v) : null);
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const first = (o: Json, ...keys: string[]): unknown => {
  for (const k of keys) if (o[k] !== undefined) return o[k];
  return undefined;
};

export const cellKey = (elementId: number, divisionCode: string): string => `${elementId}@${divisionCode}`;

export function normaliseElement(raw: unknown): SubmissionElement {
  const e = obj(raw);
  const nested = obj(e.element);
  const src = Object.keys(nested).length ? { ...nested, ...e } : e;
  return {
    id: Number(first(src, 'elementId', 'id')),
    code: String(src.code ?? src.elementCode ?? ''),
    name: String(src.name ?? src.elementName ?? src.code ?? ''),
    valueType: (src.valueType as SubmissionElement['valueType']) ?? 'number',
    unit: String(src.unit ?? ''),
    min: num(first(src, 'min', 'minValue')),
    max: num(first(src, 'max', 'maxValue')),
    required: src.required !== false,
    maxJumpShare: num(src.maxJumpShare),
  };
}

function normaliseCell(raw: unknown): SubmissionCell {
  const c = obj(raw);
  const prev = c.previous;
  return {
    elementId: Number(first(c, 'elementId', 'element_id')),
    divisionCode: String(first(c, 'divisionCode', 'division_code') ?? ''),
    value: num(c.value),
    comment: str(c.comment),
    previous: prev && typeof prev === 'object' ? num(obj(prev).value) : num(first(c, 'previous', 'previousValue')),
  };
}

export function normaliseProgress(raw: unknown): ProgressEntry {
  const p = obj(raw);
  const item = obj(p.item);
  return {
    itemId: Number(first(p, 'itemId', 'id')),
    kind: String(p.kind ?? item.kind ?? 'task'),
    title: String(p.title ?? p.label ?? item.title ?? obj(item.data).title ?? obj(item.data).text ?? `#${String(p.itemId ?? '')}`),
    due: str(p.due ?? p.dueOn ?? obj(item.data).due),
    status: (p.status as ProgressStatus | null) ?? null,
    percent: num(p.percent),
    narrative: str(p.narrative),
    problems: str(p.problems),
  };
}

export function normaliseEvidence(raw: unknown): EvidenceFile {
  const f = obj(raw);
  return {
    id: Number(f.id),
    itemId: num(f.itemId),
    filename: String(f.filename ?? f.name ?? ''),
    sizeBytes: Number(f.sizeBytes ?? f.size ?? 0),
    contentType: String(f.contentType ?? ''),
    sha256: str(f.sha256) ?? undefined,
    createdAt: str(f.createdAt) ?? undefined,
  };
}

/** Reads GET /api/reporting/submissions/:id (the submission, its form's elements, cells and progress). */
export function normaliseSubmission(raw: unknown): SubmissionDetail {
  const top = obj(raw);
  const s = Object.keys(obj(top.submission)).length ? { ...top, ...obj(top.submission) } : top;
  const form = obj(s.form);
  const unit = obj(s.unit);
  const rawCells = arr(first(s, 'cells', 'values', 'rows'));
  const cells = rawCells.map(normaliseCell);
  const elements = arr(first(s, 'elements') ?? form.elements).map(normaliseElement);
  // Without an element list, the cells carry their element (FormRow: elementCode, elementName, unit …).
  if (elements.length === 0) {
    const seen = new Set<number>();
    for (const c of rawCells) {
      const o = obj(c);
      const id = Number(o.elementId);
      if (seen.has(id)) continue;
      seen.add(id);
      elements.push(normaliseElement({ ...o, id, code: o.elementCode, name: o.elementName ?? o.name ?? o.elementCode }));
    }
  }
  // `previous` may also come as a list of its own.
  const prevList = arr(s.previous);
  if (prevList.length) {
    const prev = new Map(prevList.map((p) => [cellKey(Number(obj(p).elementId), String(obj(p).divisionCode)), num(obj(p).value)]));
    for (const c of cells) if (c.previous === null) c.previous = prev.get(cellKey(c.elementId, c.divisionCode)) ?? null;
  }
  // Divisions in the server's order; otherwise in the order the cells name them.
  const divisions: { code: string; name: string }[] = arr(s.divisions).map((d) =>
    typeof d === 'string' ? { code: d, name: d } : { code: String(obj(d).code), name: String(obj(d).name ?? obj(d).code) },
  );
  const known = new Set(divisions.map((d) => d.code));
  for (const c of rawCells) {
    const o = obj(c);
    const code = String(first(o, 'divisionCode', 'division_code') ?? '');
    if (!known.has(code)) {
      known.add(code);
      divisions.push({ code, name: String(o.divisionName ?? code) });
    }
  }
  return {
    id: Number(s.id),
    formId: Number(first(s, 'formId') ?? form.id),
    formName: String(s.formName ?? form.name ?? ''),
    unitId: Number(first(s, 'unitId') ?? unit.id),
    unitName: String(s.unitName ?? unit.name ?? ''),
    period: String(s.period ?? ''),
    status: (s.status as SubmissionStatus) ?? 'draft',
    revision: Number(s.revision ?? 0),
    version: Number(s.version ?? 1),
    dueOn: str(s.dueOn),
    submittedAt: str(s.submittedAt),
    reviewedAt: str(s.reviewedAt),
    returnReason: str(s.returnReason),
    updatedAt: str(s.updatedAt),
    locked: s.locked === true,
    elements,
    divisions,
    cells,
    progress: arr(first(s, 'progress', 'progressEntries', 'items')).map(normaliseProgress),
    evidence: arr(s.evidence).map(normaliseEvidence),
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
