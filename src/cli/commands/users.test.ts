import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyPassword } from '../../auth/password.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { main } from '../main.ts';

describe('luoshi users', () => {
  const saved = { ...process.env };
  let dataDir: string;
  let out: string[];
  let err: string[];
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'luoshi-cli-users-'));
    Object.assign(process.env, { LUOSHI_DATA_DIR: dataDir, DATABASE_URL: '', LUOSHI_DEMO: 'off', LUOSHI_SCHEDULER: 'off' });
  });
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

  const hashOf = async (username: string) => {
    const db = await openDatabase({ dataDir });
    try {
      return (await db.kysely.selectFrom('users').select('password_hash').where('username', '=', username).executeTakeFirstOrThrow()).password_hash;
    } finally {
      await db.close();
    }
  };

  it('creates an admin with a given password (exit 0)', async () => {
    expect(await main(['users', 'create', '--username', 'root-admin', '--role', 'admin', '--password', 'Admin-password-1'])).toBe(0);
    expect(out.join('\n')).toMatch(/created admin root-admin/);
    expect(out.join('\n')).not.toMatch(/shown only once/);
    expect(await verifyPassword(await hashOf('root-admin'), 'Admin-password-1')).toBe(true);
  });

  it('generates and prints a strong password once when none is given', async () => {
    expect(await main(['users', 'create', '--username', 'the-leader', '--role', 'leader', '--display-name', '李主任'])).toBe(0);
    const line = out.find((l) => l.includes('shown only once'))!;
    const pw = line.split(': ').at(-1)!.trim();
    expect(pw).toHaveLength(20);
    expect(await verifyPassword(await hashOf('the-leader'), pw)).toBe(true);
  });

  it('lists users as a table and as JSON lines', async () => {
    expect(await main(['users', 'list'])).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/root-admin\s+admin/);
    expect(text).toMatch(/2 user\(s\)/);
    out.length = 0;
    expect(await main(['users', 'list', '--role', 'leader', '--json'])).toBe(0);
    const rows = out.map((l) => JSON.parse(l));
    expect(rows).toEqual([expect.objectContaining({ username: 'the-leader', displayName: '李主任', role: 'leader' })]);
  });

  it('resets a password, printing the generated one', async () => {
    expect(await main(['users', 'reset-password', '--username', 'root-admin'])).toBe(0);
    const pw = out.find((l) => l.includes('shown only once'))!.split(': ').at(-1)!.trim();
    expect(await verifyPassword(await hashOf('root-admin'), pw)).toBe(true);
  });

  it('exits 1 with the reason on refused input', async () => {
    expect(await main(['users', 'reset-password', '--username', 'nobody'])).toBe(1);
    expect(await main(['users', 'create', '--username', 'weak', '--role', 'leader', '--password', 'short'])).toBe(1);
    expect(err.join('')).toMatch(/password/);
    expect(await main(['users', 'create', '--username', 'rep', '--role', 'reporter'])).toBe(1);
    expect(err.join('')).toMatch(/unitId/);
    expect(await main(['users', 'create', '--username', 'root-admin', '--role', 'admin'])).toBe(1);
    expect(err.join('')).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on bad usage', async () => {
    expect(await main(['users', 'create', '--role', 'admin'])).toBe(2);
    expect(await main(['users', 'create', '--username', 'x1', '--role', 'god'])).toBe(2);
    expect(await main(['users', 'create', '--username', 'x1', '--role', 'reporter', '--unit-id', 'abc'])).toBe(2);
    expect(await main(['users', 'create', '--username', 'Bad Name', '--role', 'admin'])).toBe(2);
    expect(await main(['users', 'create', '--username', 'x1', '--role', 'admin', '--password', 'Aa-1234567', '--password-stdin'])).toBe(2);
    expect(await main(['users', 'frobnicate'])).toBe(2);
  });
});
