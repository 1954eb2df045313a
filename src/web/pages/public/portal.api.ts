import { useEffect, useState } from 'react';
import { api, type Query, withQuery } from '../../api/client.ts';
import type { Item, Reply } from '../../api/contract.ts';

/** Shapes of the public API (src/publishing/public.schemas.ts). */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  next: string | null;
}

/** The public API's replies, generated from its response schemas (src/publishing/public.schemas.ts). */
export type PublicPlan = Item<Reply<'/api/public/plans'>>;
export type PublicTarget = Item<Reply<'/api/public/plans/{id}/targets'>>;

export interface PublicIndicator {
  code: string;
  name: string;
  nameEn: string | null;
  unit: string;
  direction: 'higher' | 'lower';
  description: string | null;
  source: string | null;
  lowestLevel: number | null;
  fromPeriod: string | null;
  publishedAt: string;
}

export type PublicIndicatorDetail = Reply<'/api/public/indicators/{code}'>;

export interface PublicValue {
  divisionCode: string;
  divisionName: string;
  level: number;
  period: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  contributors: number;
}

export interface PublicIndex {
  code: string;
  name: string;
  description: string;
  lowestLevel: number | null;
  publishedAt: string;
  method: {
    text: string;
    formula: string;
    scale: number;
    groups: { code: string; name: string; weight: number }[];
    components: { indicator: string; name: string; group: string; reference: number; log: boolean; cap: number; weight: number; unit: string | null }[];
    sources: string[];
  };
}

export interface PublicIndexRow {
  divisionCode: string;
  divisionName: string;
  period: string;
  score: number | null;
  rank: number | null;
  groups: { code: string; score: number | null }[];
  components: { indicator: string; value: number | null; z: number | null }[];
  missing: string[];
}

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
