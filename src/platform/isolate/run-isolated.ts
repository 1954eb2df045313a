/**
 * Runs CPU- and memory-hungry work on untrusted input (document conversion, workbook reading) in a
 * worker thread, so the event loop that answers every other request stays responsive. Each call
 * gets a fresh worker with a heap limit and a wall-clock timeout that terminates it; a few run at
 * once (one fewer than the cores) and the rest wait in a short queue.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../errors.ts';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export interface IsolatedLimits {
  /** wall clock before the worker is terminated */
  timeoutMs: number;
  /** V8 old-generation heap of the worker */
  maxHeapMb: number;
}

export interface IsolatedCall extends IsolatedLimits {
  /** module URL (import.meta.url-relative `new URL(...)`) exporting `fn` */
  module: URL;
  fn: string;
  args: unknown[];
  /** buffers moved to the worker instead of copied */
  transfer?: ArrayBuffer[];
  /** what the work is, for messages ("文档转换 / document conversion") */
  what: { zh: string; en: string };
}

const MAX_RUNNING = Math.max(1, availableParallelism() - 1);
const MAX_WAITING = 16;
let running = 0;
const waiting: (() => void)[] = [];

async function slot(what: IsolatedCall['what']): Promise<() => void> {
  if (running >= MAX_RUNNING) {
    if (waiting.length >= MAX_WAITING) {
      throw new AppError('too_many_requests', `服务器正忙于${what.zh}，请稍后再试 / the server is busy with ${what.en}; try again shortly`);
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    running--;
    waiting.shift()?.();
  };
}

/** An error thrown in the worker, back as an AppError when it was one (its 4xx kept). */
function revive(e: { name: string; message: string; code?: string; details?: Record<string, unknown> }): Error {
  if (e.name === 'AppError' && e.code) return new AppError(e.code as ErrorCode, e.message, e.details ?? {});
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

export async function runIsolated<T>(call: IsolatedCall): Promise<T> {
  const release = await slot(call.what);
  try {
    return await new Promise<T>((resolve, reject) => {
      const worker = new Worker(ENTRY, {
        workerData: { module: call.module.href, fn: call.fn, args: call.args },
        transferList: call.transfer,
        resourceLimits: { maxOldGenerationSizeMb: call.maxHeapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
        // The parent's flags (vitest's, the inspector's) are not meant for this worker.
        execArgv: [],
        stdout: false,
        stderr: false,
      });
      let settled = false;
      const finish = (f: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        f();
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(
              new AppError('unprocessable', `${call.what.zh}超时（${Math.round(call.timeoutMs / 1000)} 秒），文件可能过于复杂或已损坏 / ${call.what.en} took longer than ${Math.round(call.timeoutMs / 1000)} s (file too complex or malformed)`, {
                fields: [{ field: 'file', reason: `${call.what.en} timed out` }],
              }),
            ),
          ),
        call.timeoutMs,
      );
      worker.once('message', (m: { ok: true; result: T } | { ok: false; error: Parameters<typeof revive>[0] }) => finish(() => (m.ok ? resolve(m.result) : reject(revive(m.error)))));
      worker.once('error', (e: Error & { code?: string }) =>
        finish(() =>
          reject(
            e.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new AppError('unprocessable', `${call.what.zh}所需内存超过上限，文件过大或异常 / ${call.what.en} needs more memory than allowed (file too large or malformed)`, {
                  fields: [{ field: 'file', reason: `${call.what.en} exceeded its memory limit` }],
                })
              : e,
          ),
        ),
      );
      worker.once('exit', (code) => finish(() => reject(new Error(`${call.what.en} worker exited with code ${code}`))));
    });
  } finally {
    release();
  }
}
