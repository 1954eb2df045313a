import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main.ts';

// The commands end to end on an embedded database in a temporary data directory.
describe('luoshi divisions / units commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'luoshi-cli-'));
  const saved = { ...process.env };
  let out: string[] = [];
  let err: string[] = [];
  beforeAll(() => {
    Object.assign(process.env, { LUOSHI_DATA_DIR: dir, LUOSHI_DEMO: 'off', LUOSHI_SCHEDULER: 'off', DATABASE_URL: '' });
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
  });
  afterAll(() => {
    process.env = saved;
    vi.restoreAllMocks();
  });
  const run = async (...argv: string[]) => {
    out = [];
    err = [];
    return main(argv);
  };

  it('loads a province, finds by name and explains a former name', async () => {
    expect(await run('divisions', 'load')).toBe(2);
    expect(await run('divisions', 'load', '6')).toBe(2);
    expect(await run('divisions', 'load', '63')).toBe(0);
    expect(out.join('\n')).toMatch(/loaded 5192 divisions of 1 province/);
    expect(await run('divisions', 'find', '门源回族自治县')).toBe(0);
    expect(out.join('\n')).toContain('632221\tcounty\t青海省海北藏族自治州门源回族自治县');
    expect(await run('divisions', 'find', '乐都县')).toBe(1);
    expect(err.join('')).toContain('乐都县 became 乐都区 (630202) in 2013');
    // Loading a province reads the 38 MB villages file: ~50 s on a busy shared machine.
  }, 240_000);

  it('loads a prefecture and finds it without its suffix or by pinyin initials', async () => {
    expect(await run('divisions', 'load', '1502')).toBe(0);
    expect(await run('divisions', 'find', '包头')).toBe(0);
    expect(out.join('\n')).toContain('1502\tprefecture\t内蒙古自治区包头市');
    expect(await run('divisions', 'find', 'bt', '--like')).toBe(0);
    expect(out[0]).toContain('1502\tprefecture\t内蒙古自治区包头市');
  }, 120_000);

  it('imports units, with a dry run and a per-row report', async () => {
    const good = join(dir, 'good.csv');
    writeFileSync(good, '名称,区划代码,类型,简称\n海北州教育局,6322,部门,州教育局\n');
    expect(await run('units', 'import', good, '--dry-run')).toBe(0);
    expect(out.join('\n')).toContain('1 rows are valid (dry run');
    expect(await run('units', 'import', good)).toBe(0);
    expect(out.join('\n')).toContain('imported 1 units');
    expect(await run('units', 'import', good)).toBe(1);
    expect(err.join('')).toMatch(/row 2\tname\t海北州教育局 is already used/);
    expect(await run('units', 'import', join(dir, 'missing.csv'))).toBe(2);
  });
});
