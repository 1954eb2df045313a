import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../errors.ts';

/**
 * PGlite takes no lock on its directory, and two processes writing one PGlite directory corrupt it.
 * luoshi therefore owns `<dataDir>/luoshi.lock` while it uses the embedded database.
 *
 * Taking the lock is one atomic step: the holder's details are written to a private temporary
 * file first, which is then hard-linked to `luoshi.lock` (link fails if the name exists). So the
 * lock is never visible half-written, and exactly one of any number of simultaneous starters gets it.
 *
 * A lock whose process is gone (same host, pid not alive) is stale and taken over, without a race:
 * a taker first hard-links the lock it judged stale to `luoshi.lock.takeover` (again exclusive, so
 * one taker at a time), re-checks that this very file (its nonce) is the stale one, and only then
 * removes it and links its own. Nobody else removes a stale lock while the takeover name exists,
 * and its live owner never removes someone else's, so the file removed is always the dead one.
 */
export interface DirLock {
  readonly path: string;
  release(): void;
}

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  argv: string;
  nonce?: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const code = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** Reads a lock file; null when it is gone. `partial` marks unreadable content (an old-style writer). */
function readLock(path: string): { info: LockInfo | null; ageMs: number } | null {
  let text: string;
  let ageMs: number;
  try {
    ageMs = Date.now() - statSync(path).ctimeMs;
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (code(e) === 'ENOENT') return null;
    throw e;
  }
  try {
    const info = JSON.parse(text) as LockInfo;
    return typeof info.pid === 'number' ? { info, ageMs } : { info: null, ageMs };
  } catch {
    return { info: null, ageMs };
  }
}

// A lock file without readable content can only come from an older luoshi that wrote in two steps;
// give such a writer this long to finish before the file counts as stale.
const PARTIAL_GRACE_MS = 5_000;
// A takeover name left behind by a process that died mid-takeover (a window of microseconds).
const TAKEOVER_ABANDONED_MS = 30_000;

// Directories this process holds: a second open from the same process is refused too.
const heldHere = new Set<string>();

export function lockDataDir(dataDir: string): DirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'luoshi.lock');
  const takeover = `${path}.takeover`;
  if (heldHere.has(path)) {
    throw new AppError('locked', `the data directory ${dataDir} is in use by another luoshi process (this one, pid ${process.pid}): the embedded database allows one opener at a time`);
  }
  const nonce = randomBytes(12).toString('hex');
  const info: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), argv: process.argv.slice(2).join(' '), nonce };
  const tmp = `${path}.${process.pid}.${nonce}`;
  writeFileSync(tmp, JSON.stringify(info), { flag: 'wx' });

  const inUse = (held: LockInfo) =>
    new AppError(
      'locked',
      `the data directory ${dataDir} is in use by another luoshi process (pid ${held.pid}, "${held.argv}", since ${held.startedAt}). ` +
        'The embedded database allows one process at a time: stop that process first, or point both at a PostgreSQL server with DATABASE_URL.',
    );
  try {
    for (let attempt = 0; attempt < 400; attempt++) {
      try {
        linkSync(tmp, path);
        return hold(path, nonce);
      } catch (e) {
        if (code(e) !== 'EEXIST') throw e;
      }
      const held = readLock(path);
      if (!held) continue; // released meanwhile: try again
      if (held.info) {
        if (held.info.host !== hostname()) {
          throw new AppError('locked', `the data directory ${dataDir} is locked by host ${held.info.host} (pid ${held.info.pid}); remove ${path} only if that host no longer uses it`);
        }
        // Our own pid on a lock this process does not hold (heldHere) is a previous incarnation,
        // as after a container restart where every start is pid 1.
        if (held.info.pid !== process.pid && alive(held.info.pid)) throw inUse(held.info);
      } else if (held.ageMs < PARTIAL_GRACE_MS) {
        throw new AppError('locked', `the data directory ${dataDir} is being locked by another luoshi process right now`);
      }
      // Stale: take it over, one taker at a time.
      try {
        linkSync(path, takeover);
      } catch (e) {
        if (code(e) === 'ENOENT') continue; // the stale lock is already gone
        if (code(e) !== 'EEXIST') throw e;
        const t = readLock(takeover);
        if (t && t.ageMs > TAKEOVER_ABANDONED_MS) {
          try {
            unlinkSync(takeover);
          } catch {
            /* another starter cleared it */
          }
        }
        sleepMs(5); // another starter is taking over; see what it left
        continue;
      }
      try {
        // The takeover name pins the file we linked; act only if it is the one judged stale.
        const pinned = readLock(takeover);
        const same =
          pinned !== null &&
          (pinned.info ? pinned.info.nonce === held.info?.nonce && pinned.info.pid === held.info?.pid && pinned.info.startedAt === held.info?.startedAt : !held.info);
        if (same) {
          try {
            unlinkSync(path);
          } catch (e) {
            if (code(e) !== 'ENOENT') throw e;
          }
        }
      } finally {
        try {
          unlinkSync(takeover);
        } catch {
          /* gone */
        }
      }
    }
    throw new AppError('locked', `could not lock the data directory ${dataDir} (other starters kept taking it)`);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* gone */
    }
  }
}

function hold(path: string, nonce: string): DirLock {
  heldHere.add(path);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    heldHere.delete(path);
    process.removeListener('exit', release);
    // Only our own lock is ever removed: a live holder's file is never judged stale by others.
    const held = readLock(path);
    if (held?.info?.nonce === nonce) {
      try {
        unlinkSync(path);
      } catch {
        /* already gone */
      }
    }
  };
  process.once('exit', release);
  return { path, release };
}
