import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { defuse, toCsv } from './downloads.ts';

describe('CSV downloads', () => {
  it('quotes, keeps Chinese and numbers, and defuses formula-like text', () => {
    const csv = toCsv({
      name: 't',
      sheet: 't',
      rows: [{ a: '=HYPERLINK("x")', b: -3.5, c: '宽带, "中国"' }, { a: '-10%', b: 0, c: '@SUM(A1)' }],
      columns: [
        { key: 'a', header: '甲', value: (r) => r.a },
        { key: 'b', header: '乙', value: (r) => r.b },
        { key: 'c', header: '丙', value: (r) => r.c },
      ],
    });
    expect(csv.startsWith('\uFEFF甲,乙,丙\r\n')).toBe(true);
    const rows = parseCsv(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      { 甲: `'=HYPERLINK("x")`, 乙: '-3.5', 丙: '宽带, "中国"' },
      { 甲: '-10%', 乙: '0', 丙: "'@SUM(A1)" },
    ]);
    expect(defuse('-x')).toBe("'-x");
    expect(defuse('普及率')).toBe('普及率');
  });
});
