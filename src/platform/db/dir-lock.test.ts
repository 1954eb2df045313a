import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockDataDir } from './dir-lock.ts';

/**
 * Real processes racing for one data directory. The lock module is bundled to plain JavaScript
 * once so that 100 children start in milliseconds (not a TypeScript loader each); they all wait
 * for a "go" file, then call lockDataDir at the same moment. A winner keeps the lock (and lives)
 * until the parent has heard from everyone, so losers see a live holder, as they would in use.
 */
const STARTERS = 100;

describe('data directory lock under simultaneous starts', () => {
  const work = mkdtempSync(join(tmpdir(), 'luoshi-dirlock-'));
  const child = join(work, 'child.mjs');
  beforeAll(() => {
    buildSync({
      entryPoints: [fileURLToPath(new URL('./dir-lock.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: join(work, 'dir-lock.mjs'),
      logLevel: 'silent',
    });
    writeFileSync(
      child,
      `import { existsSync, openSync } from 'node:fs';
import { lockDataDir } from './dir-lock.mjs';
const [dir, go, done] = process.argv.slice(2);
const nap = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
process.stdout.write('ready\\n');
// Opening a FIFO for reading blocks until the parent opens it for writing, which wakes every
// starter at once: a far tighter start than polling.
openSync(go, 'r');
let lock;
try {
  lock = lockDataDir(dir);
  process.stdout.write('won\\n');
} catch (e) {
  process.stdout.write((e.code === 'locked' ? 'locked' : 'error ' + e.message) + '\\n');
  process.exit(0);
}
while (!existsSync(done)) nap(5);
lock.release();
`,
    );
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  async function race(dir: string): Promise<Record<string, number>> {
    const go = join(dir, '..', `${dir.split('/').at(-1)}.go`);
    const done = join(dir, '..', `${dir.split('/').at(-1)}.done`);
    spawnSync('mkfifo', [go]);
    const results: string[] = [];
    let ready = 0;
    let onReady!: () => void;
    const allReady = new Promise<void>((r) => (onReady = r));
    let onAnswered!: () => void;
    const allAnswered = new Promise<void>((r) => (onAnswered = r));
    const exits: Promise<void>[] = [];
    for (let i = 0; i < STARTERS; i++) {
      const p = spawn(process.execPath, [child, dir, go, done], { stdio: ['ignore', 'pipe', 'inherit'] });
      exits.push(new Promise((r) => p.on('exit', () => r())));
      let buf = '';
      p.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line === 'ready') {
            if (++ready === STARTERS) onReady();
          } else {
            results.push(line);
            if (results.length === STARTERS) onAnswered();
          }
        }
      });
    }
    await allReady;
    await new Promise((r) => setTimeout(r, 200)); // 'ready' is printed just before the blocking open
    closeSync(openSync(go, 'w'));
    await allAnswered;
    writeFileSync(done, '');
    await Promise.all(exits);
    const tally: Record<string, number> = {};
    for (const r of results) tally[r] = (tally[r] ?? 0) + 1;
    return tally;
  }

  it(`lets exactly one of ${STARTERS} starters win when no lock exists`, async () => {
    const dir = join(work, 'fresh');
    expect(await race(dir)).toEqual({ won: 1, locked: STARTERS - 1 });
    expect(existsSync(join(dir, 'luoshi.lock'))).toBe(false); // the winner released it
    expect(readdirSync(dir)).toEqual([]); // no temporary or takeover files left behind
  }, 180_000);

  it(`lets exactly one of ${STARTERS} starters take over a stale lock of a dead process`, async () => {
    const dir = join(work, 'stale');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const stale = { pid: Number(dead), host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', argv: 'serve' };
    mkdirSync(dir);
    writeFileSync(join(dir, 'luoshi.lock'), JSON.stringify(stale));
    expect(await race(dir)).toEqual({ won: 1, locked: STARTERS - 1 });
    expect(readdirSync(dir)).toEqual([]);
  }, 180_000);

  it('refuses a live holder in this process and takes over a lock left by a previous incarnation of its pid', () => {
    const dir = join(work, 'self');
    const a = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(/in use/);
    a.release();
    // A lock with our own pid that this process does not hold (container restarts: always pid 1).
    writeFileSync(join(dir, 'luoshi.lock'), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: 'x', argv: 'old' }));
    const b = lockDataDir(dir);
    b.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('does not take a lock that another starter has created but not yet filled in (an older, two-step writer)', () => {
    const dir = join(work, 'partial');
    mkdirSync(dir);
    writeFileSync(join(dir, 'luoshi.lock'), '');
    expect(() => lockDataDir(dir)).toThrow(/being locked by another luoshi process/);
    expect(existsSync(join(dir, 'luoshi.lock'))).toBe(true);
  });
});
