/**
 * Reads an uploaded workbook into plain cells: the data sheet's template columns (found by their
 * header text, so moved columns still read), its merged ranges, and the _luoshi sheet. Other
 * sheets are named and skipped after their first row. See xlsx-lean.ts for why not exceljs.
 */
import { AppError } from '../../platform/errors.ts';
import { LeanWorkbook, type LeanValue } from './xlsx-lean.ts';
import { corrupt, inspectXlsx } from './xlsx-zip.ts';
import { COLUMNS, type ColumnKey, DATA_SHEET, META_SHEET } from './template-layout.ts';

export type Plain = LeanValue;

export interface SheetRow {
  row: number;
  /** by template column key */
  cells: Partial<Record<ColumnKey, Plain>>;
  fmts: Partial<Record<ColumnKey, string>>;
}

export interface ReadWorkbook {
  dataSheet: string | null;
  /** column key → letter where its header was found */
  columns: Partial<Record<ColumnKey, string>>;
  rows: SheetRow[];
  merges: string[];
  meta: Map<number, Plain> | null;
  ignoredSheets: string[];
}

class StopSheet extends Error {}

const text = (p: Plain | undefined): string => (typeof p === 'string' ? p.trim() : typeof p === 'number' ? String(p) : '');
const letter = (col: number) => {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

export async function readUpload(path: string): Promise<ReadWorkbook> {
  const entries = await inspectXlsx(path);
  const out: ReadWorkbook = { dataSheet: null, columns: {}, rows: [], merges: [], meta: null, ignoredSheets: [] };
  try {
    const wb = await LeanWorkbook.open(path, entries);
    for (const sheet of wb.sheets) {
      if (sheet.name === META_SHEET && !out.meta) {
        const meta = new Map<number, Plain>();
        await wb.readSheet(sheet, (row, cells) => meta.set(row, cells.find((c) => c.col === 2)?.value ?? null), 2);
        out.meta = meta;
        continue;
      }
      if (out.dataSheet !== null) {
        out.ignoredSheets.push(sheet.name);
        continue;
      }
      let columns: Map<number, ColumnKey> | null = null;
      let isData = sheet.name === DATA_SHEET;
      try {
        const merges = await wb.readSheet(sheet, (row, cells) => {
          if (columns === null) {
            // the header row: 数据, or a renamed sheet whose first row has 区划代码 and 本期值
            const found = new Map<number, ColumnKey>();
            for (const c of cells) {
              const h = text(c.value).replace(/\s+/g, '');
              const col = COLUMNS.find((x) => x.header === h);
              if (col && ![...found.values()].includes(col.key)) found.set(c.col, col.key);
            }
            const keys = [...found.values()];
            if (!isData && !(keys.includes('divisionCode') && keys.includes('value'))) throw new StopSheet();
            isData = true;
            columns = found;
            out.columns = Object.fromEntries([...found].map(([col, key]) => [key, letter(col)]));
            if (row !== 1) return;
            return;
          }
          const r: SheetRow = { row, cells: {}, fmts: {} };
          let any = false;
          for (const c of cells) {
            const key = columns.get(c.col);
            if (!key || c.value === '') continue;
            r.cells[key] = c.value;
            if (c.numFmt) r.fmts[key] = c.numFmt;
            any = true;
          }
          if (any) out.rows.push(r);
        });
        if (isData) {
          out.dataSheet = sheet.name;
          out.merges = merges;
        } else out.ignoredSheets.push(sheet.name);
      } catch (e) {
        if (!(e instanceof StopSheet)) throw e;
        out.ignoredSheets.push(sheet.name);
      }
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw corrupt((e as Error).message ?? String(e));
  }
  return out;
}
