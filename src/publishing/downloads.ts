/**
 * Downloads of a public table as CSV, XLSX or JSON. CSV is UTF-8 with a byte-order mark, so Excel
 * and WPS open Chinese text correctly; XLSX keeps codes (division codes, period codes) as text
 * cells, so 630000 does not become a number and 2014 keeps its meaning as a period.
 */
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { spreadsheetCell, spreadsheetText } from '../platform/spreadsheet-text.ts';
import type { Format } from './paging.ts';

export interface Column<T> {
  key: string;
  header: string;
  /** codes and identifiers: written as text in XLSX */
  text?: boolean;
  value(row: T): string | number | null;
}

export interface Table<T> {
  /** file name without extension (may be Chinese) */
  name: string;
  sheet: string;
  columns: Column<T>[];
  rows: readonly T[];
}

const BOM = '\uFEFF';

/** Text a spreadsheet would run as a formula gets a leading apostrophe (see spreadsheet-text.ts). */
export const defuse = spreadsheetText;

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(v) : defuse(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv<T>(t: Table<T>): string {
  const lines = [t.columns.map((c) => csvCell(c.header)).join(',')];
  for (const r of t.rows) lines.push(t.columns.map((c) => csvCell(c.value(r))).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}

export async function toXlsx<T>(t: Table<T>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'luoshi';
  // A fixed date keeps the file identical for identical data (and so its ETag).
  wb.created = wb.modified = new Date(Date.UTC(2000, 0, 1));
  const ws = wb.addWorksheet(t.sheet.slice(0, 31));
  ws.columns = t.columns.map((c) => ({ header: spreadsheetText(c.header), key: c.key, width: Math.max(10, c.header.length * 2 + 4), style: c.text ? { numFmt: '@' } : {} }));
  for (const r of t.rows) {
    ws.addRow(Object.fromEntries(t.columns.map((c) => {
      const v = c.value(r);
      return [c.key, spreadsheetCell(c.text && v !== null ? String(v) : v)];
    })));
  }
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function toJsonRows<T>(t: Table<T>): Record<string, string | number | null>[] {
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c) => [c.key, c.value(r)])));
}

function disposition(name: string, ext: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}.${ext}"; filename*=UTF-8''${encodeURIComponent(`${name}.${ext}`)}`;
}

/** Sends the whole table as a file in the requested format. */
export async function sendDownload<T>(reply: FastifyReply, format: Format, t: Table<T>): Promise<FastifyReply> {
  if (format === 'csv') {
    return reply.type('text/csv; charset=utf-8').header('content-disposition', disposition(t.name, 'csv')).send(toCsv(t));
  }
  if (format === 'xlsx') {
    const buf = await toXlsx(t);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', disposition(t.name, 'xlsx'))
      .send(buf);
  }
  return reply
    .type('application/json; charset=utf-8')
    .header('content-disposition', disposition(t.name, 'json'))
    .send(JSON.stringify({ items: toJsonRows(t), total: t.rows.length }));
}
