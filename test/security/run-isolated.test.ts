import { describe, expect, it } from 'vitest';
import { runIsolated } from '../../src/platform/isolate/run-isolated.ts';

const call = (fn: string, args: unknown[], limits: { timeoutMs?: number; maxHeapMb?: number } = {}) =>
  runIsolated({ module: new URL('./isolate-fixture.ts', import.meta.url), fn, args, what: { zh: '测试', en: 'test work' }, timeoutMs: 30_000, maxHeapMb: 256, ...limits });

describe('runIsolated', () => {
  it('returns the result, and an AppError thrown in the worker comes back with its code and fields', async () => {
    expect(await call('echo', [{ a: [1, '二'] }])).toEqual({ a: [1, '二'] });
    await expect(call('fail', [])).rejects.toMatchObject({ name: 'AppError', code: 'validation_failed', details: { fields: [{ field: 'row 2', reason: 'bad' }] } });
  }, 60_000);

  it('terminates a worker past its wall-clock time: 422', async () => {
    const t = Date.now();
    await expect(call('spin', [60_000], { timeoutMs: 4_000 })).rejects.toMatchObject({ code: 'unprocessable', message: expect.stringMatching(/took longer than 4 s/) });
    expect(Date.now() - t).toBeLessThan(30_000);
  }, 60_000);

  it('a worker past its heap limit ends with 422, not the process', async () => {
    await expect(call('hog', [], { maxHeapMb: 48 })).rejects.toMatchObject({ code: 'unprocessable', message: expect.stringMatching(/more memory than allowed/) });
    expect(await call('echo', ['still here'])).toBe('still here');
  }, 120_000);
});
