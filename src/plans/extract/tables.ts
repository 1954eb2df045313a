/**
 * Task-division tables (重点任务分工表) after conversion from Word or HTML: every cell is a line,
 * so a header row "序号 / 重点任务 / 牵头单位 / 责任单位 / 完成时限" is followed by rows that start
 * with a serial number. Columns are recognised by their header words.
 */
import type { Span } from './types.ts';
import { findDates, findYearlessDates, type YearContext } from './dates.ts';
import { splitUnits, isUnitName } from './units.ts';

export interface TableRow {
  serial: number;
  title: string;
  lead: string[];
  responsible: string[];
  due: string | null;
  dueText: string | null;
  span: Span;
}

type Col = 'serial' | 'title' | 'lead' | 'resp' | 'due' | 'other';

function colOf(h: string): Col | null {
  if (/^(?:序号|编号|序)$/.test(h)) return 'serial';
  if (/牵头/.test(h)) return 'lead';
  if (/责任|配合|参与|协办/.test(h)) return 'resp';
  if (/时限|时间|完成期限|进度/.test(h)) return 'due';
  if (/任务|工作|内容|事项|项目|措施/.test(h) && h.length <= 10) return 'title';
  return h.length <= 8 ? 'other' : null;
}

export function extractTableRows(text: string, years: YearContext | null = null): TableRow[] {
  const lines: { s: number; e: number; t: string }[] = [];
  let pos = 0;
  for (const l of text.split('\n')) {
    lines.push({ s: pos, e: pos + l.length, t: l.trim() });
    pos += l.length + 1;
  }
  const out: TableRow[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].t.length > 2 || colOf(lines[i].t) !== 'serial') continue;
    const cols: Col[] = ['serial'];
    let j = i + 1;
    while (j < lines.length && cols.length < 8) {
      const c = colOf(lines[j].t);
      if (!c || c === 'serial' || /^\d+$/.test(lines[j].t)) break;
      cols.push(c);
      j++;
    }
    if (!cols.includes('title') || !(cols.includes('lead') || cols.includes('resp'))) continue;
    // Rows: a serial number line, then up to cols.length-1 cells until the next serial.
    let k = j;
    let expected = 1;
    while (k < lines.length && /^\d{1,3}$/.test(lines[k].t) && Number(lines[k].t) === expected) {
      let end = k + 1;
      while (end < lines.length && end - k < cols.length && !(/^\d{1,3}$/.test(lines[end].t) && Number(lines[end].t) === expected + 1)) end++;
      const cells = lines.slice(k + 1, end).map((x) => x.t);
      const row: TableRow = { serial: expected, title: '', lead: [], responsible: [], due: null, dueText: null, span: [lines[k].s, lines[end - 1].e] };
      cells.forEach((cell, ci) => {
        const col = cols[ci + 1];
        if (col === 'title') row.title = cell;
        else if (col === 'lead') row.lead = splitUnits(cell).filter(isUnitName);
        else if (col === 'resp') row.responsible = splitUnits(cell).filter(isUnitName);
        else if (col === 'due') {
          const d = findDates(cell)[0] ?? findYearlessDates(cell, years)[0];
          row.due = d?.due ?? null;
          row.dueText = cell;
        }
      });
      if (row.title) out.push(row);
      expected++;
      k = end;
    }
    i = k - 1;
  }
  return out;
}
