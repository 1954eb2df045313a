import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDivisionRecords } from './division.data.ts';

describe('division_history seed (0101)', () => {
  it('points every change at a division of the current edition, by its current name', async () => {
    const sqlText = readFileSync(new URL('./migrations/0101_division_history.sql', import.meta.url), 'utf8');
    const rows = [...sqlText.matchAll(/\((?:'(\d+)'|null), '([^']+)', '(\d+)', '([^']+)'/g)].map((m) => ({ old: m[2], code: m[3], name: m[4] }));
    expect(rows.length).toBeGreaterThan(15);
    const current = await readDivisionRecords(['63', '43', '44']);
    const byCode = new Map(current.map((r) => [r.code, r.name]));
    const names = new Set(current.filter((r) => r.level <= 3).map((r) => r.name));
    for (const r of rows) {
      expect(byCode.get(r.code), r.code).toBe(r.name);
      expect(names.has(r.old), r.old).toBe(false);
    }
  }, 60_000);
});
