import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Actor } from '../platform/audit.ts';
import { type Db, transaction } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { UNIT_KINDS, type UnitInput, unitFields } from './unit.schemas.ts';
import { existingCodes } from './division.repository.ts';
import { lockDivisionUnits } from './unit.repository.ts';
import { checkCandidates, insertValidatedUnits, type RowProblem } from './unit.service.ts';
import { calendarDateOf } from '../kernel/day.ts';
import { parseXlsxIsolated } from './unit-xlsx-worker.ts';

/** Header cells (Chinese or English, case and spaces ignored) → field. */
const HEADERS: Record<string, keyof RawRow> = {
  名称: 'name',
  单位名称: 'name',
  name: 'name',
  区划代码: 'divisionCode',
  区划: 'divisionCode',
  division_code: 'divisionCode',
  divisioncode: 'divisionCode',
  类型: 'kind',
  kind: 'kind',
  简称: 'aliases',
  别名: 'aliases',
  aliases: 'aliases',
  联系人: 'contactName',
  contact_name: 'contactName',
  电话: 'contactPhone',
  联系电话: 'contactPhone',
  phone: 'contactPhone',
  contact_phone: 'contactPhone',
  邮箱: 'contactEmail',
  电子邮箱: 'contactEmail',
  email: 'contactEmail',
  contact_email: 'contactEmail',
  备注: 'note',
  note: 'note',
};

const KIND_LABELS: Record<string, (typeof UNIT_KINDS)[number]> = {
  部门: 'department',
  政府: 'government',
  企业: 'company',
  公司: 'company',
  集团: 'group',
  其他: 'other',
};

interface RawRow {
  name: string;
  divisionCode: string;
  kind: string;
  aliases: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  note: string;
}

export interface ParsedSheet {
  /** row number as the user sees it in the file (header = 1) → raw cells */
  rows: { row: number; cells: Partial<RawRow> }[];
}

export interface ImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
  ids: number[];
}

export function detectFormat(filename: string, mimetype: string, data: Buffer): 'xlsx' | 'csv' {
  // XLSX is a zip: the magic bytes settle it whatever the name says.
  if (data.length > 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04) return 'xlsx';
  if (/\.xlsx?$/i.test(filename) || /spreadsheetml/.test(mimetype)) {
    throw new AppError('unsupported_media_type', `${filename} is not a valid .xlsx file (old .xls is not supported: save as .xlsx or CSV)`);
  }
  return 'csv';
}

/** CSV files saved by Excel in China are often GBK: decode as UTF-8 when valid, else GB18030. */
function decodeText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

function mapHeader(cells: string[]): (keyof RawRow | null)[] {
  const map = cells.map((c) => HEADERS[c.replace(/[\s\uFEFF]+/g, '').toLowerCase()] ?? HEADERS[c.trim()] ?? null);
  const missing = (['name', 'divisionCode'] as const).filter((f) => !map.includes(f));
  if (missing.length > 0) {
    throw new AppError('unprocessable', `the header row lacks ${missing.map((m) => (m === 'name' ? '名称/name' : '区划代码/division_code')).join(' and ')}`, {
      fields: missing.map((m) => ({ field: `header.${m}`, reason: 'missing column' })),
    });
  }
  return map;
}

function toRows(matrix: string[][]): ParsedSheet {
  if (matrix.length === 0) throw new AppError('unprocessable', 'the file is empty', { fields: [{ field: 'file', reason: 'empty' }] });
  const header = mapHeader(matrix[0]);
  const rows: ParsedSheet['rows'] = [];
  matrix.slice(1).forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const raw: Partial<RawRow> = {};
    header.forEach((field, j) => {
      if (field && cells[j] !== undefined) raw[field] = cells[j];
    });
    rows.push({ row: i + 2, cells: raw });
  });
  return { rows };
}

export function parseCsv(data: Buffer): ParsedSheet {
  const matrix = parse(decodeText(data), { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  return toRows(matrix);
}

/**
 * The text a person sees in a cell. Codes are text: a numeric cell (Excel turns 630102 into a
 * number) becomes its integer digits, never "6.3e+5" or "630102.0"; a cell formatted with leading
 * zeros keeps them through its displayed text.
 */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    const shown = cell.text;
    if (/^[0-9]+$/.test(shown)) return shown;
    return Number.isInteger(v) ? BigInt(v).toString() : String(v);
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return calendarDateOf(v);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text; // hyperlink (mailto:)
    if ('result' in v && v.result !== undefined && v.result !== null) {
      const r = v.result;
      return typeof r === 'number' && Number.isInteger(r) ? BigInt(r).toString() : typeof r === 'object' ? '' : String(r);
    }
  }
  return cell.text ?? '';
}

export async function parseXlsx(data: Buffer): Promise<ParsedSheet> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch (e) {
    throw new AppError('unprocessable', `cannot read the spreadsheet: ${(e as Error).message}`, { fields: [{ field: 'file', reason: 'unreadable xlsx' }] });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('unprocessable', 'the workbook has no sheet', { fields: [{ field: 'file', reason: 'no sheet' }] });
  const matrix: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c)));
    matrix[n - 1] = cells;
  });
  for (let i = 0; i < matrix.length; i++) matrix[i] ??= [];
  return toRows(matrix);
}

const blank = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s.trim());

/** Turns one raw row into a unit input or the problems that prevent it. */
function validateRow(row: number, cells: Partial<RawRow>): { input?: UnitInput; problems: RowProblem[] } {
  const kindText = blank(cells.kind);
  const candidate = {
    name: cells.name ?? '',
    divisionCode: (cells.divisionCode ?? '').trim(),
    kind: kindText ? (KIND_LABELS[kindText] ?? kindText.toLowerCase()) : undefined,
    aliases: blank(cells.aliases)?.split(/[、;；,，]/).map((a) => a.trim()).filter(Boolean) ?? [],
    contactName: blank(cells.contactName) ?? null,
    contactPhone: blank(cells.contactPhone) ?? null,
    contactEmail: blank(cells.contactEmail) ?? null,
    note: blank(cells.note) ?? null,
  };
  const r = unitFields.safeParse(candidate);
  if (r.success) return { input: r.data, problems: [] };
  return {
    problems: r.error.issues.map((i) => ({
      row,
      field: String(i.path[0] ?? 'row'),
      reason: i.path[0] === 'kind' ? `unknown kind ${kindText}: use 部门/政府/企业/集团/其他 or ${UNIT_KINDS.join('/')}` : i.message,
    })),
  };
}

/**
 * Imports units from a CSV or XLSX file: every row is validated first (fields, division codes,
 * duplicates within the file and against stored units); a single problem rejects the whole file
 * with a per-row report and nothing stored. Otherwise all rows go in one transaction.
 */
export async function importUnits(
  db: Db,
  actor: Actor,
  file: { filename: string; mimetype: string; data: Buffer },
  opts: { dryRun?: boolean } = {},
): Promise<ImportResult> {
  const format = detectFormat(file.filename, file.mimetype, file.data);
  const sheet = format === 'xlsx' ? await parseXlsxIsolated(file.data) : parseCsv(file.data);
  if (sheet.rows.length === 0) throw new AppError('unprocessable', 'the file has a header but no rows', { fields: [{ field: 'file', reason: 'no rows' }] });
  const problems: RowProblem[] = [];
  const inputs: { row: number; input: UnitInput }[] = [];
  // Rows refused for another field still get their division code checked, so one pass over the
  // report shows everything to fix.
  const otherwiseInvalid: { row: number; code: string }[] = [];
  for (const { row, cells } of sheet.rows) {
    const v = validateRow(row, cells);
    problems.push(...v.problems);
    if (v.input) inputs.push({ row, input: v.input });
    else if (!v.problems.some((p) => p.field === 'divisionCode')) otherwiseInvalid.push({ row, code: (cells.divisionCode ?? '').trim() });
  }
  const known = await existingCodes(db.kysely, otherwiseInvalid.map((r) => r.code));
  for (const r of otherwiseInvalid) {
    if (!known.has(r.code)) problems.push({ row: r.row, field: 'divisionCode', reason: `no division with code ${r.code} in the 2023 edition` });
  }
  return transaction(db, async (tx) => {
    // Sorted, so two imports touching the same divisions take the locks in the same order.
    for (const code of [...new Set(inputs.map((i) => i.input.divisionCode))].sort()) await lockDivisionUnits(tx, code);
    problems.push(
      ...(await checkCandidates(
        tx,
        inputs.map(({ row, input }) => ({ row, name: input.name, divisionCode: input.divisionCode, aliases: input.aliases })),
      )),
    );
    if (problems.length > 0) {
      problems.sort((a, b) => a.row - b.row);
      const rowsWithErrors = new Set(problems.map((p) => p.row)).size;
      throw new AppError('unprocessable', `${rowsWithErrors} of ${sheet.rows.length} rows have errors; nothing was imported`, {
        fields: problems.map((p) => ({ field: `row ${p.row}.${p.field}`, reason: p.reason })),
        rows: problems,
      });
    }
    if (opts.dryRun) return { dryRun: true, rows: sheet.rows.length, created: 0, ids: [] };
    const ids = await insertValidatedUnits(
      tx,
      actor,
      inputs.map((i) => i.input),
    );
    return { dryRun: false, rows: sheet.rows.length, created: ids.length, ids };
  });
}

/** The per-row report as text, one problem a line (CLI). */
export function unitsImportReport(rows: RowProblem[]): string {
  return rows.map((p) => `row ${p.row}\t${p.field}\t${p.reason}\n`).join('');
}
