import { parse } from 'csv-parse/sync';
import { AppError, type FieldProblem } from '../platform/errors.ts';
import type { ValueInput } from './reporting.schemas.ts';

/** The columns a pushed CSV carries; codes stay text, so leading zeros survive. */
export const CSV_COLUMNS = ['element_code', 'division_code', 'value', 'comment'] as const;

const FIELD_TO_COLUMN: Record<string, string> = { elementId: 'element_code', elementCode: 'element_code', divisionCode: 'division_code', value: 'value', comment: 'comment' };

export interface ParsedCsv {
  values: ValueInput[];
  /** file row (header = 1) of each value */
  rows: number[];
}

/**
 * Reads `element_code,division_code,value,comment` rows (comment optional; an empty value is
 * null). Every bad row is reported at once as `row N.column`; nothing is returned half-read.
 */
export function parseValuesCsv(text: string): ParsedCsv {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (e) {
    throw new AppError('validation_failed', `body: not readable as CSV (${(e as Error).message})`, { fields: [{ field: 'body', reason: 'malformed CSV' }] });
  }
  if (records.length === 0) throw new AppError('validation_failed', 'body: empty CSV', { fields: [{ field: 'body', reason: 'empty' }] });
  const header = records[0].map((h) => h.toLowerCase());
  const idx = Object.fromEntries(CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof CSV_COLUMNS)[number], number>;
  const missing = (['element_code', 'division_code', 'value'] as const).filter((c) => idx[c] < 0);
  if (missing.length) {
    throw new AppError('validation_failed', `row 1: the header lacks ${missing.join(', ')}`, { fields: missing.map((c) => ({ field: `row 1.${c}`, reason: 'missing column' })) });
  }
  const problems: FieldProblem[] = [];
  const values: ValueInput[] = [];
  const rows: number[] = [];
  records.slice(1).forEach((rec, i) => {
    const row = i + 2;
    const cell = (c: (typeof CSV_COLUMNS)[number]) => (idx[c] >= 0 ? (rec[idx[c]] ?? '') : '');
    const elementCode = cell('element_code');
    const divisionCode = cell('division_code');
    const rawValue = cell('value').replace(/,/g, '');
    const comment = cell('comment');
    let ok = true;
    const bad = (column: string, reason: string) => {
      ok = false;
      problems.push({ field: `row ${row}.${column}`, reason });
    };
    if (!elementCode) bad('element_code', 'missing');
    if (!/^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$/.test(divisionCode)) bad('division_code', `not a division code: "${divisionCode}"`);
    const value = rawValue === '' ? null : Number(rawValue);
    if (value !== null && !Number.isFinite(value)) bad('value', `not a number: "${cell('value')}"`);
    if (comment.length > 2000) bad('comment', 'at most 2000 characters');
    if (!ok) return;
    values.push({ elementCode, divisionCode, value, ...(idx.comment >= 0 ? { comment: comment || null } : {}) });
    rows.push(row);
  });
  if (problems.length) throw new AppError('validation_failed', `${problems.length} problem(s) in the CSV: ${problems.slice(0, 5).map((p) => `${p.field}: ${p.reason}`).join('; ')}`, { fields: problems.slice(0, 1000), total: problems.length });
  return { values, rows };
}

/** Rewrites `values[i].field` problems of a save to the CSV's `row N.column`. */
export function toCsvRows(e: unknown, rows: number[]): unknown {
  if (!(e instanceof AppError) || !e.details.fields) return e;
  const fields = e.details.fields.map((f) => {
    const m = /^values\[(\d+)\](?:\.(\w+))?$/.exec(f.field);
    if (!m) return f;
    const row = rows[Number(m[1])];
    return { field: `row ${row}.${m[2] ? (FIELD_TO_COLUMN[m[2]] ?? m[2]) : 'element_code'}`, reason: f.reason };
  });
  return new AppError(e.code, fields.slice(0, 5).map((f) => `${f.field}: ${f.reason}`).join('; ') || e.message, { ...e.details, fields });
}
