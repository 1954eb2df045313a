import { useEffect, useState } from 'react';
import { ApiError, api, type Query } from '../../api/client.ts';

export interface Loaded<T> {
  data: T | null;
  loading: boolean;
  error: Error | null;
  /** the endpoint answered 404 for the route itself (the API is not deployed yet) */
  unavailable: boolean;
}

/**
 * GETs one dashboard section. Each section loads on its own, so a slow or failing source leaves
 * the others visible; a path of null loads nothing (a section that does not apply).
 */
export function useApi<T>(path: string | null, query?: Query): Loaded<T> {
  const key = path ? `${path}?${JSON.stringify(query ?? {})}` : null;
  const [state, setState] = useState<Loaded<T>>({ data: null, loading: !!path, error: null, unavailable: false });
  useEffect(() => {
    if (!path) {
      setState({ data: null, loading: false, error: null, unavailable: false });
      return;
    }
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    api.get<T>(path, query, ctl.signal).then(
      (data) => setState({ data, loading: false, error: null, unavailable: false }),
      (e: Error) => {
        if (e.name === 'AbortError') return;
        const unavailable = e instanceof ApiError && e.status === 404 && /no route/i.test(e.message);
        setState({ data: null, loading: false, error: e, unavailable });
      },
    );
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}
