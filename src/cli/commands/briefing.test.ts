import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SYSTEM } from '../../platform/audit.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { migrate } from '../../platform/db/migrator.ts';
import { activatePlan, importPlanText } from '../../plans/plan.service.ts';
import { main } from '../main.ts';

const seedText = readFileSync(new URL('../../../examples/plans/000_a21303be5ef81ba7.txt', import.meta.url), 'utf8');

describe('luoshi briefing', () => {
  const saved = { ...process.env };
  let dataDir: string;
  let planId: number;
  let out: string[];
  let err: string[];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'luoshi-cli-briefing-'));
    Object.assign(process.env, { LUOSHI_DATA_DIR: dataDir, DATABASE_URL: '', LUOSHI_DEMO: 'off', LUOSHI_SCHEDULER: 'off' });
    const db = await openDatabase({ dataDir });
    try {
      await migrate(db);
      await db.kysely
        .insertInto('divisions')
        .values([
          { code: '63', name: '青海省', level: 1, parent_code: null, full_name: '青海省' },
          { code: '6322', name: '海北藏族自治州', level: 2, parent_code: '63', full_name: '青海省海北藏族自治州' },
        ])
        .execute();
      const r = await importPlanText(db, SYSTEM, { text: seedText, filename: '海北.txt', format: 'txt', divisionCode: '6322' });
      await activatePlan(db, SYSTEM, r.plan.id, r.plan.version);
      planId = r.plan.id;
    } finally {
      await db.close();
    }
  }, 60_000);
  afterAll(() => {
    process.env = saved;
  });
  beforeEach(() => {
    vi.restoreAllMocks();
    out = [];
    err = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  });

  it('writes the .docx, prints its path and exits 0', async () => {
    const file = join(dataDir, '通报.docx');
    expect(await main(['briefing', '--plan', String(planId), '--period', '2014Q2', '--out', file, '--as-of', '2014-07-15'])).toBe(0);
    expect(out.join('\n').trim()).toBe(file);
    const { value: text } = await mammoth.extractRawText({ buffer: readFileSync(file) });
    expect(text).toContain('关于《海北州建设宽带青海促进信息消费工作2014年实施方案》2014年第二季度工作推进情况的通报');
    expect(text).toContain('北政办〔2014〕X号');
    expect(text).toContain('各县人民政府，青海湖农场，州政府各部门：');
    expect(text).toContain('一、总体进展');
    expect(text).toContain('2014年7月15日');
    // The generation is logged with the data it was built from.
    const db = await openDatabase({ dataDir });
    try {
      const logged = await db.kysely.selectFrom('briefings').select(['period', 'format', 'as_of', 'generated_by_name']).where('plan_id', '=', planId).execute();
      expect(logged).toEqual([{ period: '2014Q2', format: 'docx', as_of: '2014-07-15', generated_by_name: 'cli' }]);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('leaves out the red head with --no-red-head', async () => {
    const file = join(dataDir, 'plain.docx');
    expect(await main(['briefing', '--plan', String(planId), '--period', '2014Q2', '--out', file, '--no-red-head'])).toBe(0);
    const { value: text } = await mammoth.extractRawText({ buffer: readFileSync(file) });
    expect(text.trimStart().startsWith('北政办〔2014〕X号')).toBe(true);
  }, 60_000);

  it.skipIf(!existsSync('/usr/bin/chromium'))('writes a PDF when --out ends in .pdf', async () => {
    const file = join(dataDir, 'b.pdf');
    expect(await main(['briefing', '--plan', String(planId), '--period', '2014Q2', '--out', file])).toBe(0);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);

  it('exits 2 on bad usage: period code, extension, plan id, date, missing option', async () => {
    const file = join(dataDir, 'x.docx');
    expect(await main(['briefing', '--plan', String(planId), '--period', '2014Q5', '--out', file])).toBe(2);
    expect(err.join('')).toMatch(/--period: .*2014Q5/);
    expect(await main(['briefing', '--plan', String(planId), '--period', '2014Q2', '--out', join(dataDir, 'x.odt')])).toBe(2);
    expect(err.join('')).toMatch(/--out: .*\.docx or \.pdf/);
    expect(await main(['briefing', '--plan', 'abc', '--period', '2014Q2', '--out', file])).toBe(2);
    expect(await main(['briefing', '--plan', String(planId), '--period', '2014Q2', '--out', file, '--as-of', '2014-02-30'])).toBe(2);
    expect(await main(['briefing', '--plan', String(planId), '--period', '2014Q2'])).toBe(2);
    expect(existsSync(file)).toBe(false);
  });

  it('exits 1 with a message and no stack when the plan does not exist', async () => {
    const file = join(dataDir, 'none.docx');
    expect(await main(['briefing', '--plan', '99999', '--period', '2014Q2', '--out', file])).toBe(1);
    expect(err.join('')).toMatch(/error: plan 99999 not found/);
    expect(err.join('')).not.toMatch(/\n\s+at /);
    expect(existsSync(file)).toBe(false);
  });
});
