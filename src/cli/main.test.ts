import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram, main } from './main.ts';

function leaves(cmd: Command, path: string[] = []): string[][] {
  const out: string[][] = [];
  for (const c of cmd.commands) {
    if (c.name() === 'help') continue;
    const p = [...path, c.name()];
    out.push(p, ...leaves(c, p));
  }
  return out;
}

describe('luoshi command', () => {
  afterEach(() => vi.restoreAllMocks());

  it('has the commands the platform promises', async () => {
    const names = (await buildProgram()).commands.map((c) => c.name());
    for (const n of ['serve', 'migrate', 'backup', 'restore']) expect(names).toContain(n);
  });

  it('prints --help for every command and subcommand with exit code 0', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const program = await buildProgram();
    for (const path of leaves(program)) {
      write.mockClear();
      expect(await main([...path, '--help']), path.join(' ')).toBe(0);
      expect(write.mock.calls.map((c) => String(c[0])).join(''), path.join(' ')).toMatch(/Usage: luoshi/);
    }
  });

  it('exits 2 on bad usage', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await main(['no-such-command'])).toBe(2);
    expect(await main(['backup'])).toBe(2); // missing FILE
    expect(await main(['serve', '--port', 'abc'])).toBe(2);
  });

  it('runs as the installed bin and exits 1 with a clear message on failure', () => {
    const bin = new URL('../../bin/luoshi.mjs', import.meta.url).pathname;
    expect(execFileSync('node', [bin, '--version'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const dataDir = mkdtempSync(join(tmpdir(), 'luoshi-cli-'));
    const r = spawnSync('node', [bin, 'restore', join(dataDir, 'missing.gz')], {
      encoding: 'utf8',
      env: { ...process.env, LUOSHI_DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
