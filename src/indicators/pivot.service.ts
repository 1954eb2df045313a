/**
 * The pivot of one indicator: divisions × periods (or the reverse) with the figures behind each
 * value, for the page and for export (XLSX with codes as text cells, CSV in UTF-8 with BOM).
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import { invalid } from '../platform/errors.ts';
import { makePeriod, parsePeriod, type Period } from '../kernel/period.ts';
import { getIndicator } from './indicator.service.ts';
import { versionValidOn } from './query.service.ts';
import { childDivisions, type IndicatorCell, queryIndicator } from './query.service.ts';
import { divisionKey, levelOfCode } from './keys.ts';
import { elementsByIdOrCode } from './rollup.repository.ts';
import { spreadsheetCell, spreadsheetText } from '../platform/spreadsheet-text.ts';

export interface PivotQuery {
  indicator: number | string;
  /** explicit divisions, or the children of `parent` */
  divisions?: string[];
  parent?: string;
  periods: string[];
  rows: 'divisions' | 'periods';
  version?: number;
  unitId?: number;
}

export interface PivotDivision {
  code: string;
  name: string;
  level: number;
  /** divisions at the reporting level of the numerator inside this one (the m of "n of m reported") */
  expected?: number;
}

export interface Pivot {
  indicator: { id: number; code: string; name: string; unit: string; direction: 'higher' | 'lower'; versions: { number: number; name: string; validFrom: string | null; periods: string[] }[] };
  rows: 'divisions' | 'periods';
  divisions: PivotDivision[];
  periods: string[];
  /** cells[r][c]: rows are divisions or periods as `rows` says */
  cells: Omit<IndicatorCell, 'divisionCode' | 'period'>[][];
}

const MAX_PERIODS = 400;

/** Period list: codes separated by commas, and `A..B` ranges of one period type (2014M01..2014M12). */
export function expandPeriods(spec: string): string[] {
  const out: string[] = [];
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const range = part.split('..');
    if (range.length === 1) {
      try {
        out.push(parsePeriod(part).code);
      } catch {
        throw invalid('periods', `not a period code: "${part}"`);
      }
      continue;
    }
    let a: Period, b: Period;
    try {
      a = parsePeriod(range[0]);
      b = parsePeriod(range[1]);
    } catch {
      throw invalid('periods', `not a period range: "${part}" (expected e.g. 2014M01..2014M12)`);
    }
    if (a.type !== b.type || a.start > b.start) throw invalid('periods', `a range goes from an earlier to a later period of one type: "${part}"`);
    const per = { M: 12, Q: 4, H: 2, Y: 1 }[a.type];
    for (let y = a.year, i = a.index; y < b.year || (y === b.year && i <= b.index); ) {
      out.push(makePeriod(a.type, y, i).code);
      if (out.length > MAX_PERIODS) break;
      if (++i > per) {
        i = 1;
        y++;
      }
    }
  }
  if (out.length === 0) throw invalid('periods', 'at least one period');
  if (out.length > MAX_PERIODS) throw invalid('periods', `at most ${MAX_PERIODS} periods`);
  return out;
}

async function divisionNames(ex: Executor, codes: string[]): Promise<Map<string, PivotDivision>> {
  const real = codes.filter((c) => c !== '');
  const r = real.length
    ? await sql<PivotDivision>`select code, name, level from divisions where code = any(${real}::text[])`.execute(ex)
    : { rows: [] as PivotDivision[] };
  const m = new Map(r.rows.map((d) => [d.code, d]));
  m.set('', { code: '', name: '全国', level: 0 });
  return m;
}

/** The divisions a pivot covers (explicit list or children of parent). */
export async function pivotDivisions(ex: Executor, q: Pick<PivotQuery, 'divisions' | 'parent'>): Promise<PivotDivision[]> {
  if (q.parent !== undefined) return childDivisions(ex, q.parent);
  const codes = (q.divisions ?? []).map((c) => (c === '0' ? '' : c));
  codes.forEach((c) => {
    try {
      divisionKey(c);
    } catch {
      throw invalid('divisions', `not a division code: "${c}"`);
    }
  });
  const names = await divisionNames(ex, codes);
  return codes.map((c) => names.get(c) ?? { code: c, name: c, level: levelOfCode(c) });
}

/** How many divisions of `level` lie inside each division (itself included when at that level). */
async function expectedCounts(ex: Executor, codes: string[], level: number): Promise<Map<string, number>> {
  // A range on the code (digits only, so prefix order is plain order) lets the primary key serve
  // each subtree; `like prefix || '%'` from a join column would scan every division per row.
  const r = await sql<{ code: string; n: number }>`
    select t.code, count(d.code)::integer as n
    from unnest(${codes}::text[]) as t(code)
    left join divisions d on d.level = ${level} and d.code >= t.code and d.code <= t.code || '999999999999'
    group by t.code`.execute(ex);
  return new Map(r.rows.map((x) => [x.code, x.n]));
}

export async function buildPivot(ex: Executor, q: PivotQuery, divisions: PivotDivision[]): Promise<Pivot> {
  const ind = await getIndicator(ex, q.indicator);
  const [numerator] = await elementsByIdOrCode(ex, [ind.definition.numeratorElementId]);
  if (numerator && divisions.length > 0) {
    const counts = await expectedCounts(ex, divisions.map((d) => d.code), numerator.divisionLevel);
    divisions = divisions.map((d) => ({ ...d, expected: counts.get(d.code) ?? 0 }));
  }
  const cells = divisions.length
    ? await queryIndicator(ex, { indicator: ind.id, divisionCodes: divisions.map((d) => d.code), periods: q.periods, version: q.version, unitId: q.unitId })
    : [];
  const np = q.periods.length;
  const strip = (c: IndicatorCell) => ({ value: c.value, numerator: c.numerator, denominator: c.denominator, contributors: c.contributors });
  const matrix =
    q.rows === 'divisions'
      ? divisions.map((_, r) => q.periods.map((__, c) => strip(cells[r * np + c])))
      : q.periods.map((_, r) => divisions.map((__, c) => strip(cells[c * np + r])));
  const used = new Map<number, string[]>();
  for (const p of q.periods) {
    const v = q.version !== undefined ? ind.versions.find((x) => x.number === q.version) : versionValidOn(ind.versions, parsePeriod(p).end);
    if (!v) continue;
    let list = used.get(v.number);
    if (!list) used.set(v.number, (list = []));
    list.push(p);
  }
  return {
    indicator: {
      id: ind.id,
      code: ind.code,
      name: ind.definition.name,
      unit: ind.definition.unit,
      direction: ind.definition.direction,
      versions: [...used].map(([n, periods]) => {
        const v = ind.versions.find((x) => x.number === n)!;
        return { number: n, name: v.name, validFrom: v.validFrom, periods };
      }),
    },
    rows: q.rows,
    divisions,
    periods: q.periods,
    cells: matrix,
  };
}

/** Header row and body rows as plain values: codes and names as strings, figures as numbers. */
function table(p: Pivot): { header: string[]; body: (string | number | null)[][] } {
  if (p.rows === 'divisions') {
    return {
      header: ['区划代码', '区划名称', ...p.periods],
      body: p.divisions.map((d, r) => [d.code, d.name, ...p.cells[r].map((c) => c.value)]),
    };
  }
  return {
    header: ['期别', ...p.divisions.map((d) => `${d.name} ${d.code}`.trim())],
    body: p.periods.map((per, r) => [per, ...p.cells[r].map((c) => c.value)]),
  };
}

export async function pivotXlsx(p: Pivot): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'luoshi';
  const ws = wb.addWorksheet(p.indicator.code.slice(0, 31));
  const { header, body } = table(p);
  ws.addRow(header.map(spreadsheetText)).font = { bold: true };
  for (const row of body) {
    const xr = ws.addRow(row.map((v) => (v === null ? null : spreadsheetCell(v))));
    if (p.rows === 'divisions') {
      // Codes stay text: a 12-digit village code must not become 4.30102E+11.
      const cell = xr.getCell(1);
      cell.value = spreadsheetText(String(row[0]));
      cell.numFmt = '@';
    }
  }
  ws.getColumn(1).width = p.rows === 'divisions' ? 16 : 10;
  if (p.rows === 'divisions') ws.getColumn(2).width = 24;
  ws.addRow([]);
  ws.addRow([spreadsheetText(`${p.indicator.name} · ${p.indicator.code} · 单位 ${p.indicator.unit || '—'} · ${p.indicator.versions.map((v) => `v${v.number}: ${v.periods[0]}…${v.periods.at(-1)}`).join('; ')}`)]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvCell = (v: string | number | null) => {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(v) : spreadsheetText(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function pivotCsv(p: Pivot): string {
  const { header, body } = table(p);
  return '\ufeff' + [header, ...body].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
