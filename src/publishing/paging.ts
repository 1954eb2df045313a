import { z } from 'zod';

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 100;

export const FORMATS = ['json', 'csv', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

/** Query fields every public list accepts. `format` turns the whole selection into a download. */
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT).describe(`page size, 1–${MAX_LIMIT}`),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0).describe('rows to skip'),
  format: z.enum(FORMATS).optional().describe('download the whole selection as a file instead of a page'),
});

export interface PageOf<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  /** the URL of the next page, null on the last */
  next: string | null;
}

/** The page schema for the OpenAPI document. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int(), next: z.string().nullable() });
}

/**
 * Cuts one page out of the full selection. `next` is the request's own URL with the offset moved
 * on, so a client follows it without rebuilding the query.
 */
export function pageOf<T>(all: readonly T[], q: { limit: number; offset: number }, url: string): PageOf<T> {
  const items = all.slice(q.offset, q.offset + q.limit);
  const end = q.offset + items.length;
  let next: string | null = null;
  if (end < all.length) {
    const u = new URL(url, 'http://x');
    u.searchParams.set('offset', String(end));
    u.searchParams.set('limit', String(q.limit));
    next = `${u.pathname}?${u.searchParams.toString()}`;
  }
  return { items, total: all.length, limit: q.limit, offset: q.offset, next };
}
