import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Query } from '../api/client.ts';
import { errorText } from '../components/errors.ts';
import { useT } from '../i18n/index.tsx';

/** What a page reads from one request (docs/decisions/0402-web-data-fetching.md). */
export interface QueryState<T> {
  /** The last answer; undefined before the first one (and while loading when `keepData` is false). */
  data: T | undefined;
  loading: boolean;
  /** The failure in the reader's language (the one error mapper, components/errors.ts), or null. */
  error: string | null;
  /** The raw failure, for a page that branches on its code or status. */
  failure: unknown;
  /** Asks the same question again (after a write); the answer replaces `data`. */
  reload(): void;
}

export interface QueryOptions {
  /**
   * Keep showing the previous answer while the next one loads (a table under its spinner, the
   * list pages' behaviour) — true by default; false clears it so the page shows only "loading".
   */
  keepData?: boolean;
}

interface Settled<T> {
  data: T | undefined;
  failure: unknown;
  /** The key and reload count this answer belongs to; a mismatch means a newer request is out. */
  for: string | null;
}

/**
 * Runs `fetcher` when `key` changes and on `reload()`; a null key runs nothing (not loading).
 *
 * Stale answers never land: the run before is aborted through its AbortSignal, and its result is
 * dropped even when the fetcher ignores the signal (the answer is checked against the run that is
 * current). `fetcher` may change on every render: the one of the latest render is used, and only
 * `key` decides when to ask again, so put everything the request depends on into `key`.
 */
export function useQuery<T>(key: string | null, fetcher: (signal: AbortSignal) => Promise<T>, options: QueryOptions = {}): QueryState<T> {
  const t = useT();
  const keepData = options.keepData ?? true;
  const latest = useRef(fetcher);
  useEffect(() => {
    latest.current = fetcher;
  });
  const [round, setRound] = useState(0);
  const run = key === null ? null : `${round}\u0000${key}`;
  const [settled, setSettled] = useState<Settled<T>>({ data: undefined, failure: null, for: null });

  useEffect(() => {
    if (run === null) return;
    const ctl = new AbortController();
    latest.current(ctl.signal).then(
      (data) => {
        if (!ctl.signal.aborted) setSettled({ data, failure: null, for: run });
      },
      (e: unknown) => {
        if (ctl.signal.aborted || (e as Error | null)?.name === 'AbortError') return;
        setSettled((s) => ({ data: s.data, failure: e ?? new Error('failed'), for: run }));
      },
    );
    return () => ctl.abort();
  }, [run]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  const current = settled.for === run;
  const loading = run !== null && !current;
  const failure = current ? settled.failure : null;
  // With keepData a failed reload keeps the answer before it (the table stays, the error shows
  // above it); without, only the current question's own answer shows.
  const data = run === null || (!keepData && (!current || failure)) ? undefined : settled.data;
  return { data, loading, error: failure ? errorText(t, failure) : null, failure, reload };
}

/** GET `path` with `query` through the API client; a null path asks nothing. */
export function useApiGet<T>(path: string | null, query?: Query, options?: QueryOptions): QueryState<T> {
  const key = path === null ? null : `${path}?${JSON.stringify(query ?? {})}`;
  return useQuery<T>(key, (signal) => api.get<T>(path ?? '', query, signal), options);
}
