/**
 * Evidence bytes on disk, content-addressed: `<filesDir>/evidence/ab/cd/<sha256>`. An upload is
 * streamed to `<filesDir>/tmp/` while it is hashed and measured, checked there (type, size, virus
 * scan), and only then moved into place by the transaction that writes its metadata row.
 */
import { createHash, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { link, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface Received {
  tmpPath: string;
  sha256: string;
  size: number;
  /** first bytes, for the magic-number check */
  head: Uint8Array;
  /** the stream stopped at the size limit */
  truncated: boolean;
}

export const evidencePath = (filesDir: string, sha256: string) =>
  join(filesDir, 'evidence', sha256.slice(0, 2), sha256.slice(2, 4), sha256);

export function tmpPathIn(filesDir: string, tag = 'up'): string {
  const dir = join(filesDir, 'tmp');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${tag}-${randomUUID()}`);
}

/**
 * Streams `source` into a temporary file, hashing as it goes. Stops reading at `maxBytes` + 1 so
 * an oversize upload never fills the disk; `truncated` then says so (the caller refuses it).
 */
export async function receiveToTemp(filesDir: string, source: Readable & { truncated?: boolean }, maxBytes: number): Promise<Received> {
  const tmpPath = tmpPathIn(filesDir);
  const hash = createHash('sha256');
  const headChunks: Buffer[] = [];
  let headLen = 0;
  let size = 0;
  let over = false;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) {
        over = true;
        return done(new Error('size limit'));
      }
      hash.update(chunk);
      if (headLen < 16) {
        headChunks.push(chunk.subarray(0, 16 - headLen));
        headLen += Math.min(chunk.length, 16 - headLen);
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(tmpPath, { flags: 'wx' }));
  } catch (e) {
    // the multipart stream reports its own limit by `truncated` or by a 413 error
    const code = (e as { code?: string }).code;
    if (!over && code !== 'FST_REQ_FILE_TOO_LARGE') {
      await rm(tmpPath, { force: true });
      throw e;
    }
    over = true;
  }
  if (over || source.truncated) {
    await rm(tmpPath, { force: true });
    return { tmpPath, sha256: '', size, head: new Uint8Array(), truncated: true };
  }
  return { tmpPath, sha256: hash.digest('hex'), size, head: new Uint8Array(Buffer.concat(headChunks)), truncated: false };
}

/**
 * Moves a checked temporary file to its content address. Returns whether this call created the
 * stored file (false: the same bytes were already stored, the temporary copy is dropped).
 */
export async function placeFile(filesDir: string, tmpPath: string, sha256: string): Promise<boolean> {
  const target = evidencePath(filesDir, sha256);
  mkdirSync(dirname(target), { recursive: true });
  try {
    // link() fails if the target exists, so a concurrent writer of the same bytes never clobbers it
    await link(tmpPath, target);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false;
  } finally {
    await rm(tmpPath, { force: true });
  }
}

export async function fileExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Moves a stored file aside (to be unlinked after commit, or moved back on rollback). */
export async function setAside(filesDir: string, sha256: string): Promise<{ restore(): Promise<void>; drop(): Promise<void> } | null> {
  const target = evidencePath(filesDir, sha256);
  const aside = tmpPathIn(filesDir, 'del');
  try {
    await rename(target, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return {
    restore: () => rename(aside, target),
    drop: () => rm(aside, { force: true }),
  };
}

export async function removeFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** Reads the first bytes of a file (used by tests and by re-checks). */
export async function readHead(path: string, n = 16): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return new Uint8Array(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

export interface ScanResult {
  clean: boolean;
  detail: string;
}

/**
 * Runs the configured scanner on a file: `cmd` is split on white space (no shell), the path is
 * appended as the last argument; exit 0 means clean. A scanner that cannot run or takes longer
 * than `timeoutMs` counts as not clean, so a broken scanner never lets files through.
 */
export function virusScan(cmd: string, path: string, timeoutMs = 60_000): Promise<ScanResult> {
  const [bin, ...args] = cmd.trim().split(/\s+/);
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(bin, [...args, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-500)));
    child.stderr.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-500)));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ clean: false, detail: `scanner could not run: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ clean: true, detail: out.trim() });
      else resolve({ clean: false, detail: signal ? `scanner stopped (${signal})` : `scanner exit ${code}: ${out.trim()}` });
    });
  });
}
