/**
 * The contract of useQuery (src/web/lib/useQuery.ts): stale answers never land, errors come out
 * in the reader's language through the one mapper, reload asks again, a null key asks nothing.
 * The fetchers here are promises the test settles in the order it wants — the order a slow
 * network can produce — which the API itself cannot be made to do on demand.
 */
import './dom.ts'; // first: the DOM globals before React and Testing Library load
import { act, cleanup, renderHook } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/web/api/client.ts';
import { errorMessage } from '../../src/web/i18n/errors.ts';
import { I18nProvider } from '../../src/web/i18n/index.tsx';
import { useQuery, type QueryOptions } from '../../src/web/lib/useQuery.ts';

afterEach(cleanup);

interface Call {
  key: string;
  signal: AbortSignal;
  resolve(v: string): void;
  reject(e: unknown): void;
}

/** A fetcher whose every call waits until the test settles it. */
function controlled() {
  const calls: Call[] = [];
  const fetcherFor = (key: string) => (signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      calls.push({ key, signal, resolve, reject });
    });
  return { calls, fetcherFor };
}

const wrapper = ({ children }: { children: ReactNode }) => createElement(I18nProvider, null, children);

function mount(fetcherFor: (key: string) => (signal: AbortSignal) => Promise<string>, first: string | null, options?: QueryOptions) {
  return renderHook(({ k }: { k: string | null }) => useQuery(k, fetcherFor(k ?? ''), options), { wrapper, initialProps: { k: first } });
}

describe('useQuery', () => {
  it('drops the answer to an older key even when it comes last, and aborts its request', async () => {
    const { calls, fetcherFor } = controlled();
    const h = mount(fetcherFor, 'a');
    expect(h.result.current.loading).toBe(true);
    h.rerender({ k: 'b' });
    expect(calls.map((c) => c.key)).toEqual(['a', 'b']);
    expect(calls[0]!.signal.aborted).toBe(true);
    await act(async () => calls[1]!.resolve('answer b'));
    await act(async () => calls[0]!.resolve('answer a')); // late, from a fetcher that ignored its signal
    expect(h.result.current).toMatchObject({ data: 'answer b', loading: false, error: null });
  });

  it('maps a failure with the one error mapper, keeps the last answer, and reload asks again', async () => {
    const { calls, fetcherFor } = controlled();
    const h = mount(fetcherFor, 'a');
    await act(async () => calls[0]!.resolve('first'));
    act(() => h.result.current.reload());
    expect(calls).toHaveLength(2);
    expect(h.result.current).toMatchObject({ data: 'first', loading: true });
    const refused = new ApiError(403, 'forbidden', 'forbidden');
    await act(async () => calls[1]!.reject(refused));
    expect(h.result.current.error).toBe(errorMessage('zh-CN', { code: 'forbidden', message: 'forbidden' }));
    expect(h.result.current.error).not.toBe('forbidden');
    expect(h.result.current).toMatchObject({ data: 'first', loading: false, failure: refused });
    act(() => h.result.current.reload());
    await act(async () => calls[2]!.resolve('second'));
    expect(h.result.current).toMatchObject({ data: 'second', error: null, failure: null });
  });

  it('with keepData false shows nothing of the previous key while the next loads', async () => {
    const { calls, fetcherFor } = controlled();
    const h = mount(fetcherFor, 'a', { keepData: false });
    await act(async () => calls[0]!.resolve('a'));
    h.rerender({ k: 'b' });
    expect(h.result.current).toMatchObject({ data: undefined, loading: true });
    await act(async () => calls[1]!.reject(new Error('boom')));
    expect(h.result.current).toMatchObject({ data: undefined, loading: false, error: 'boom' });
  });

  it('asks nothing for a null key', () => {
    const { calls, fetcherFor } = controlled();
    const h = mount(fetcherFor, null);
    expect(calls).toEqual([]);
    expect(h.result.current).toMatchObject({ data: undefined, loading: false, error: null });
  });
});
