import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../errors.ts';

/**
 * PGlite takes no lock on its directory, and two processes writing one PGlite directory corrupt it.
 * luoshi therefore owns `<dataDir>/luoshi.lock` (created with O_EXCL) while it uses the embedded
 * database. A lock whose process is gone (same host, pid not alive) is stale and taken over.
 */
export interface DirLock {
  readonly path: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Directories this process holds: a second open from the same process is refused too.
const heldHere = new Set<string>();

export function lockDataDir(dataDir: string): DirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'luoshi.lock');
  if (heldHere.has(path)) {
    throw new AppError('locked', `the data directory ${dataDir} is in use by another luoshi process (this one, pid ${process.pid}): the embedded database allows one opener at a time`);
  }
  const info = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), argv: process.argv.slice(2).join(' ') };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      heldHere.add(path);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        heldHere.delete(path);
        try {
          const held = JSON.parse(readFileSync(path, 'utf8'));
          if (held.pid === process.pid) unlinkSync(path);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { path, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let held: typeof info | null = null;
      try {
        held = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        held = null; // half-written or unreadable: treat as stale
      }
      if (held && held.host === hostname() && held.pid !== process.pid && alive(held.pid)) {
        throw new AppError(
          'locked',
          `the data directory ${dataDir} is in use by another luoshi process (pid ${held.pid}, "${held.argv}", since ${held.startedAt}). ` +
            'The embedded database allows one process at a time: stop that process first, or point both at a PostgreSQL server with DATABASE_URL.',
        );
      }
      if (held && held.host !== hostname()) {
        throw new AppError('locked', `the data directory ${dataDir} is locked by host ${held.host} (pid ${held.pid}); remove ${path} only if that host no longer uses it`);
      }
      try {
        unlinkSync(path);
      } catch {
        /* raced with another remover */
      }
    }
  }
  throw new AppError('locked', `could not lock the data directory ${dataDir}`);
}
