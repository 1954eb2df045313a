import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import register from './extract.ts';

const dir = mkdtempSync(join(tmpdir(), 'luoshi-extract-cli-'));
const plan = join(dir, 'plan.txt');
writeFileSync(plan, '关于推进示例工作的实施方案\n一、主要任务\n1.建设示例平台。到2016年，覆盖率达到90%。（牵头单位：市工信局）\n');
const junk = join(dir, 'junk.txt');
writeFileSync(junk, '今天天气很好。');

async function run(args: string[]) {
  const out: string[] = [], err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  const program = new Command('luoshi').exitOverride();
  register(program);
  program.commands.forEach((c) => c.exitOverride());
  process.exitCode = undefined;
  let code = 0;
  try {
    await program.parseAsync(args, { from: 'user' });
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    code = (e as { exitCode?: number }).exitCode === 0 ? 0 : 2;
  } finally {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  }
  return { code, out: out.join(''), err: err.join('') };
}

afterEach(() => vi.restoreAllMocks());

describe('luoshi extract', () => {
  it('prints the plan as JSON with --json', async () => {
    const r = await run(['extract', plan, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.tasks[0]).toMatchObject({ title: '建设示例平台', leadUnits: ['市工信局'] });
    expect(json.sourceText).toBeUndefined();
  });
  it('prints a short summary without --json', async () => {
    const r = await run(['extract', plan]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/targets:\s+1/);
    expect(r.out).toMatch(/tasks:\s+1/);
  });
  it('exits 1 with a message and no stack for a missing file or no plan', async () => {
    for (const f of [join(dir, 'missing.txt'), junk]) {
      const r = await run(['extract', f]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^error: /);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
  it('exits 2 on bad usage', async () => {
    expect((await run(['extract'])).code).toBe(2);
  });
});
