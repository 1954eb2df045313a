import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { pivotCsv, pivotXlsx, type Pivot } from '../../src/indicators/pivot.service.ts';
import { spreadsheetCell, spreadsheetText } from '../../src/platform/spreadsheet-text.ts';
import { toCsv, toXlsx, type Table } from '../../src/publishing/downloads.ts';

const ATTACKS = ['-1%+cmd|x', "-1+1+cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', '+1+1', '@SUM(A1)', '\t=1+1', '\r=1+1', '-2-cmd|x'];

describe('spreadsheet text', () => {
  it('neutralises every formula start and leaves plain text and plain numbers', () => {
    for (const a of ATTACKS) expect(spreadsheetText(a)).toBe(`'${a}`);
    for (const s of ['海北州', '-5', '+3.2', '-0.5e3', '-10%', '-1,234.5', '1-2', 'a=b', '']) expect(spreadsheetText(s)).toBe(s);
    expect(spreadsheetCell(-5)).toBe(-5);
    expect(spreadsheetCell(null)).toBeNull();
  });
});

interface Row {
  name: string;
  value: number | null;
}
const table: Table<Row> = {
  name: 'targets',
  sheet: '目标',
  columns: [
    { key: 'name', header: '名称', value: (r) => r.name },
    { key: 'value', header: '值', value: (r) => r.value },
  ],
  rows: [...ATTACKS.map((name) => ({ name, value: -12.5 })), { name: '宽带用户', value: -1 }],
};

describe('public downloads', () => {
  it('CSV: no text cell starts a formula, numbers stay numbers', () => {
    const lines = toCsv(table).replace(/^\uFEFF/, '').split('\r\n').slice(1, -1);
    expect(lines).toHaveLength(ATTACKS.length + 1);
    for (const line of lines.slice(0, ATTACKS.length)) {
      const first = line.startsWith('"') ? line.slice(1) : line;
      expect(first, line).toMatch(/^'/);
      expect(line).toMatch(/,-12\.5$/);
    }
    expect(lines.at(-1)).toBe('宽带用户,-1');
  });

  it('XLSX: text cells neutralised, numbers are number cells', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(table)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    ATTACKS.forEach((a, i) => {
      // XML parsing turns a stored CR into LF; what matters is the apostrophe in front.
      expect(ws.getCell(i + 2, 1).value).toBe(`'${a}`.replace('\r', '\n'));
      expect(ws.getCell(i + 2, 2).value).toBe(-12.5);
    });
  });
});

describe('indicator pivot export', () => {
  const pivot = {
    rows: 'divisions',
    indicator: { name: '=1+1', code: 'x', unit: '户', versions: [{ number: 1, periods: ['2014M01'] }] },
    divisions: [{ code: '632222', name: "-1+1+cmd|' /C calc'!A0" }],
    periods: ['2014M01'],
    cells: [[{ value: -3 }]],
  } as unknown as Pivot;

  it('CSV and XLSX neutralise names, keep codes and figures', async () => {
    const csv = pivotCsv(pivot).replace(/^\uFEFF/, '').split('\r\n');
    expect(csv[1]).toBe(`632222,'-1+1+cmd|' /C calc'!A0,-3`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await pivotXlsx(pivot)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell(2, 1).value).toBe('632222');
    expect(ws.getCell(2, 2).value).toBe(`'-1+1+cmd|' /C calc'!A0`);
    expect(ws.getCell(2, 3).value).toBe(-3);
    expect(String(ws.getCell(4, 1).value)).toMatch(/^'=1\+1/);
  });
});
