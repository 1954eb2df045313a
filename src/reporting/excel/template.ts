/**
 * The Excel template of a submission: sheet 数据 with one row per division × data element the unit
 * owes, codes as text cells (12-digit and leading-zero codes survive WPS and Excel), the header
 * frozen, 本期值 checked by data validation and prefilled with the draft, and a very hidden,
 * protected sheet _luoshi identifying form, template version, unit, period and submission so an
 * upload can be matched to what it was made for.
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { divisionKey, periodMonth } from '../../indicators/keys.ts';
import type { Db } from '../../platform/db/database.ts';
import type { SessionUser } from '../../platform/http/context.ts';
import { makePeriod, parsePeriod, type Period } from '../calendar.ts';
import { periodLabel } from '../../kernel/period.ts';
import { formRows, getFormHead, type FormRow } from '../form.service.ts';
import { readableSubmission } from '../io.access.ts';
import { approvedValuesAt } from '../../indicators/values.read.ts';
import { cellKey, draftValues } from './excel.repository.ts';
import { COLUMNS, DATA_SHEET, META_ROWS, META_SHEET } from './template-layout.ts';
import { spreadsheetText } from '../../platform/spreadsheet-text.ts';

const PER_YEAR = { M: 12, Q: 4, H: 2, Y: 1 } as const;

export function previousPeriod(p: Period): Period {
  return p.index > 1 ? makePeriod(p.type, p.year, p.index - 1) : makePeriod(p.type, p.year - 1, PER_YEAR[p.type]);
}

export interface TemplateSource {
  filename: string;
  rows: number;
  stream: Readable;
}

/** Reads and authorises everything first, so a refusal is a JSON error; then streams the workbook. */
export async function buildTemplate(db: Db, user: SessionUser, submissionId: number): Promise<TemplateSource> {
  const ex = db.kysely;
  const sub = await readableSubmission(ex, user, submissionId);
  const form = await getFormHead(ex, sub.formId);
  const rows = await formRows(ex, sub.formId, sub.unitId);
  const drafts = await draftValues(ex, sub.id);
  const previous = await previousValues(db, rows, parsePeriod(sub.period));
  const stream = new PassThrough();
  void writeWorkbook(stream, { form, sub, rows, drafts, previous }).catch((e: Error) => stream.destroy(e));
  // Named as the reporter says it (海北州宽带发展月报_2016年2月.xlsx), not by codes and ids.
  const name = `${form.name}_${periodLabel(sub.period)}`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '');
  return { filename: `${name}.xlsx`, rows: rows.length, stream };
}

async function previousValues(db: Db, rows: FormRow[], period: Period): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const keys = rows.map((r) => divisionKey(r.divisionCode));
  const range: [number, number] = [Math.min(...keys), Math.max(...keys)];
  const approved = await approvedValuesAt(db.kysely, [...new Set(rows.map((r) => r.elementId))], periodMonth(previousPeriod(period)), range);
  const byKey = new Map(approved.map((v) => [`${v.elementId}|${v.divisionKey}`, v.value]));
  const out = new Map<string, number>();
  for (const r of rows) {
    const v = byKey.get(`${r.elementId}|${divisionKey(r.divisionCode)}`);
    if (v !== undefined) out.set(cellKey(r.elementId, r.divisionCode), v);
  }
  return out;
}

interface Content {
  form: { id: number; code: string; name: string; templateVersion: number };
  sub: { id: number; unitId: number; period: string; version: number };
  rows: FormRow[];
  drafts: Map<string, { value: number | null; comment: string | null }>;
  previous: Map<string, number>;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF9E6' } };

function validationFor(r: FormRow): ExcelJS.DataValidation {
  const min = r.min ?? -1e15;
  const max = r.max ?? 1e15;
  const range = `${r.min ?? '—'} ~ ${r.max ?? '—'}`;
  return {
    type: r.valueType === 'integer' ? 'whole' : 'decimal',
    operator: 'between',
    allowBlank: true,
    formulae: [min, max],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '数值无效',
    error: `请填写${r.valueType === 'integer' ? '整数' : '数字'}，范围 ${range}（${r.unit || '无单位'}）`,
  };
}

async function writeWorkbook(out: PassThrough, c: Content): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  wb.creator = 'luoshi 落实';
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  ws.columns = COLUMNS.map((col) => ({
    key: col.key,
    width: col.width,
    style: col.key === 'divisionCode' || col.key === 'elementCode' ? { numFmt: '@' } : {},
  }));
  const header = ws.addRow(COLUMNS.map((col) => col.header));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
  });
  header.commit();
  // Validations go in as ranges of consecutive rows with the same rule: one entry per cell would
  // make exceljs compare 100,000 entries when it writes the sheet.
  let run: { from: number; to: number; rule: ExcelJS.DataValidation; sig: string } | null = null;
  const flush = () => {
    if (run) (ws as unknown as { dataValidations: { add(a: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`G${run.from}:G${run.to}`, run.rule);
  };
  for (const r of c.rows) {
    const key = cellKey(r.elementId, r.divisionCode);
    const draft = c.drafts.get(key);
    // Names and units are neutralised; the comment is the reporter's own text read back on upload
    // (an inert string cell here), so it keeps its exact characters.
    const row = ws.addRow([r.divisionCode, spreadsheetText(r.divisionName), r.elementCode, spreadsheetText(r.elementName), spreadsheetText(r.unit), c.previous.get(key) ?? null, draft?.value ?? null, draft?.comment ?? null]);
    row.getCell(1).numFmt = '@';
    row.getCell(3).numFmt = '@';
    const value = row.getCell(7);
    const rule = validationFor(r);
    const sig = `${rule.type}|${r.min}|${r.max}|${r.unit}`;
    if (run && run.sig === sig && run.to === row.number - 1) run.to = row.number;
    else {
      flush();
      run = { from: row.number, to: row.number, rule, sig };
    }
    value.protection = { locked: false };
    value.fill = INPUT_FILL;
    row.getCell(8).protection = { locked: false };
    row.commit();
  }
  flush();
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true, autoFilter: true });
  ws.commit();

  const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  const values: Record<(typeof META_ROWS)[number], string | number> = {
    form_code: c.form.code,
    template_version: c.form.templateVersion,
    unit_id: c.sub.unitId,
    period: c.sub.period,
    submission_id: c.sub.id,
    submission_version: c.sub.version,
    form_id: c.form.id,
  };
  for (const k of META_ROWS) {
    const row = meta.addRow([k, typeof values[k] === 'string' ? values[k] : values[k]]);
    if (typeof values[k] === 'string') row.getCell(2).numFmt = '@';
    row.commit();
  }
  await meta.protect('', {});
  meta.commit();
  await wb.commit();
}
