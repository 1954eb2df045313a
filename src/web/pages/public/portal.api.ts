import { useEffect, useState } from 'react';
import { api, type Query, withQuery } from '../../api/client.ts';
import type { Item, Reply } from '../../api/contract.ts';

/**
 * The public API's replies, generated from its response schemas (src/publishing/public.schemas.ts).
 * `Page<T>` is the paging envelope every public list shares (limit/offset/next), around items of T.
 */
export type Page<T> = Omit<Reply<'/api/public/plans'>, 'items'> & { items: T[] };

export type PublicPlan = Item<Reply<'/api/public/plans'>>;
export type PublicTarget = Item<Reply<'/api/public/plans/{id}/targets'>>;
export type PublicIndicator = Item<Reply<'/api/public/indicators'>>;
export type PublicIndicatorDetail = Reply<'/api/public/indicators/{code}'>;
export type PublicValue = Item<Reply<'/api/public/indicators/{code}/values'>>;
export type PublicIndex = Reply<'/api/public/indexes/{code}'>;
export type PublicIndexRow = Item<Reply<'/api/public/indexes/{code}/values'>>;

export interface Loaded<T> {
  data: T | null;
  loading: boolean;
  error: Error | null;
}

/** GETs one public resource; a null path loads nothing. */
export function usePublic<T>(path: string | null, query?: Query): Loaded<T> {
  const key = path ? withQuery(path, query) : null;
  const [state, setState] = useState<Loaded<T>>({ data: null, loading: !!path, error: null });
  useEffect(() => {
    if (!key) {
      setState({ data: null, loading: false, error: null });
      return;
    }
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    api.get<T>(key, undefined, ctl.signal).then(
      (data) => setState({ data, loading: false, error: null }),
      (e: Error) => {
        if (e.name !== 'AbortError') setState({ data: null, loading: false, error: e });
      },
    );
    return () => ctl.abort();
  }, [key]);
  return state;
}

/** The download links of a public list: the same URL with format=csv|xlsx|json. */
export function downloadUrl(path: string, query: Query, format: 'csv' | 'xlsx' | 'json'): string {
  return withQuery(path, { ...query, format, limit: undefined, offset: undefined });
}

export const fmtNumber = (v: number | null | undefined, digits = 2): string =>
  v === null || v === undefined ? '—' : Number.isInteger(v) ? v.toLocaleString('zh-CN') : v.toLocaleString('zh-CN', { maximumFractionDigits: digits });

/** ≥ ≤ = as printed. */
export const cmp = (c: string): string => (c === '>=' ? '≥' : c === '<=' ? '≤' : '=');
