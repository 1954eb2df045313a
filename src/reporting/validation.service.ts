import { divisionKey, periodMonth } from '../indicators/keys.ts';
import type { Executor } from '../platform/db/database.ts';
import { notFound } from '../platform/errors.ts';
import { makePeriod, parsePeriod, type Period } from './calendar.ts';
import { type Form, type FormRow, formElements, formRows, formRules, getFormHead } from './form.service.ts';
import { approvedValuesAt } from '../indicators/values.read.ts';
import { findSubmission, storedValues, type StoredValue } from './submission.repository.ts';

/**
 * One finding on a submission. `field` is `values[elementCode@divisionCode]`, the address the web
 * form and the Excel upload map back to a cell; `rule` says which check fired: `required`,
 * `integer`, `min`, `max`, `jump` or `rule:<id>` (a cross-field rule).
 */
export interface Problem {
  field: string;
  elementCode: string;
  divisionCode: string;
  reason: string;
  rule?: string;
  /** warnings only: a comment on the value explains it (a warning without one blocks submit) */
  commented?: boolean;
}

export interface ValidationResult {
  errors: Problem[];
  warnings: Problem[];
}

const PER_YEAR = { M: 12, Q: 4, H: 2, Y: 1 } as const;

/** The period before `code`, of the same type. */
export function previousPeriod(code: string): Period {
  const p = parsePeriod(code);
  return p.index > 1 ? makePeriod(p.type, p.year, p.index - 1) : makePeriod(p.type, p.year - 1, PER_YEAR[p.type]);
}

const cellKey = (elementId: number, divisionCode: string) => `${elementId}|${divisionCode}`;

/**
 * The approved values of the period before `period` for the given cells (from data_values), keyed
 * `elementId|divisionCode`. Cells without an approved value are absent.
 */
export async function previousApprovedValues(ex: Executor, period: string, cells: Pick<FormRow, 'elementId' | 'divisionCode'>[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (cells.length === 0) return out;
  const month = periodMonth(previousPeriod(period));
  const keyOf = new Map<number, string>();
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const c of cells) {
    const k = divisionKey(c.divisionCode);
    keyOf.set(k, c.divisionCode);
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  const wanted = new Set(cells.map((c) => cellKey(c.elementId, c.divisionCode)));
  for (const v of await approvedValuesAt(ex, [...new Set(cells.map((c) => c.elementId))], month, [lo, hi])) {
    const code = keyOf.get(v.divisionKey);
    if (code === undefined) continue;
    const key = cellKey(v.elementId, code);
    if (wanted.has(key)) out.set(key, v.value);
  }
  return out;
}

const OPS = {
  '<=': (a: number, b: number) => a <= b + 1e-9 * Math.max(1, Math.abs(b)),
  '<': (a: number, b: number) => a < b,
  '>=': (a: number, b: number) => a + 1e-9 * Math.max(1, Math.abs(b)) >= b,
  '>': (a: number, b: number) => a > b,
  '=': (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)),
} as const;

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12))));

/**
 * Checks the working copy of a submission against its form: every owed required cell filled,
 * integer types, element ranges (errors); cross-field rules (error or warning per rule); a jump
 * over the element's `max_jump_share` from the previous period's approved value (warning). A
 * warning is satisfied by a comment on the value. Pure read; never throws for bad data.
 */
export async function validateSubmission(ex: Executor, submissionId: number): Promise<ValidationResult> {
  const sub = await findSubmission(ex, submissionId);
  if (!sub) throw notFound('submission', submissionId);
  const form = await getFormHead(ex, sub.formId);
  return validateCells(ex, form, sub.period, await formRows(ex, form.id, sub.unitId), await storedValues(ex, submissionId));
}

/** The checks of validateSubmission on given rows and values (also used before storing an upload). */
export async function validateCells(ex: Executor, form: Form, period: string, rows: FormRow[], values: StoredValue[]): Promise<ValidationResult> {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const byCell = new Map<string, StoredValue>();
  for (const v of values) byCell.set(cellKey(v.elementId, v.divisionCode), v);
  const elements = new Map((await formElements(ex, form.id)).map((e) => [e.elementId, e]));
  const previous = await previousApprovedValues(ex, period, rows);
  const commented = (v: StoredValue | undefined) => !!v?.comment && v.comment.trim().length > 0;
  const at = (r: { elementCode: string; divisionCode: string }) => ({ field: `values[${r.elementCode}@${r.divisionCode}]`, elementCode: r.elementCode, divisionCode: r.divisionCode });

  for (const r of rows) {
    const stored = byCell.get(cellKey(r.elementId, r.divisionCode));
    const v = stored?.value ?? null;
    if (v === null) {
      if (r.required) errors.push({ ...at(r), rule: 'required', reason: `${r.elementName}（${r.divisionName}）未填写 / required value missing` });
      continue;
    }
    if (r.valueType === 'integer' && !Number.isInteger(v)) errors.push({ ...at(r), rule: 'integer', reason: `${r.elementName} 应为整数 / must be a whole number, got ${fmt(v)}` });
    if (r.min !== null && v < r.min) errors.push({ ...at(r), rule: 'min', reason: `${r.elementName} 不应小于 ${fmt(r.min)} / must be at least ${fmt(r.min)}, got ${fmt(v)}` });
    if (r.max !== null && v > r.max) errors.push({ ...at(r), rule: 'max', reason: `${r.elementName} 不应大于 ${fmt(r.max)} / must be at most ${fmt(r.max)}, got ${fmt(v)}` });
    const share = elements.get(r.elementId)?.maxJumpShare ?? null;
    const prev = previous.get(cellKey(r.elementId, r.divisionCode));
    if (share !== null && prev !== undefined && prev !== 0) {
      const jump = Math.abs(v - prev) / Math.abs(prev);
      if (jump > share) {
        warnings.push({
          ...at(r),
          rule: 'jump',
          reason: `${r.elementName} 较上期 ${fmt(prev)} 变动 ${fmt(Math.round(jump * 1000) / 10)}%，超过 ${fmt(share * 100)}%，请说明原因 / moved ${fmt(Math.round(jump * 1000) / 10)}% from the previous period's ${fmt(prev)} (more than ${fmt(share * 100)}%): explain in a comment`,
          commented: commented(stored),
        });
      }
    }
  }

  const rules = await formRules(ex, form.id);
  if (rules.length > 0) {
    const rowByCell = new Map(rows.map((r) => [cellKey(r.elementId, r.divisionCode), r]));
    for (const rule of rules) {
      for (const r of rows) {
        if (r.elementId !== rule.leftElementId) continue;
        const left = byCell.get(cellKey(rule.leftElementId, r.divisionCode));
        const right = byCell.get(cellKey(rule.rightElementId, r.divisionCode));
        if (left?.value == null || right?.value == null || !rowByCell.has(cellKey(rule.rightElementId, r.divisionCode))) continue;
        const bound = right.value * rule.factor;
        if (OPS[rule.op](left.value, bound)) continue;
        // Said with the elements' names and values, not as a formula of codes: the reporter reads it.
        const rightName = rowByCell.get(cellKey(rule.rightElementId, r.divisionCode))?.elementName ?? rule.rightCode;
        const times = rule.factor === 1 ? '' : `的 ${fmt(rule.factor)} 倍即 ${fmt(bound)}`;
        const timesEn = rule.factor === 1 ? '' : ` × ${fmt(rule.factor)} = ${fmt(bound)}`;
        const reason = `${rule.message}（${r.elementName} ${fmt(left.value)}，${rightName} ${fmt(right.value)}${times}） / ${rule.message} (${r.elementName} ${fmt(left.value)}; ${rightName} ${fmt(right.value)}${timesEn})`;
        if (rule.severity === 'error') errors.push({ ...at(r), rule: `rule:${rule.id}`, reason });
        else warnings.push({ ...at(r), rule: `rule:${rule.id}`, reason: `${reason}; 请说明原因 / explain in a comment`, commented: commented(left) });
      }
    }
  }
  return { errors, warnings };
}
