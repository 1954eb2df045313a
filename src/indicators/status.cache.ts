/**
 * Plan status answers cached per (plan, period, as-of, warn days) under the status epoch
 * (migration 0470): every write that can change a status bumps the epoch in its own transaction,
 * and a cached answer is served only while the epoch it was computed under is current. Each read
 * costs one tiny query instead of the whole computation; an approval shows on the next read, in
 * every process of an installation.
 *
 * The epoch is read before computing, so an answer stored under epoch E reflects at least E's
 * data; a write committed during the computation bumps the epoch and the next read recomputes.
 * Concurrent misses of the same key share one computation.
 */
import { sql } from 'kysely';
import type { Db, Executor } from '../platform/db/database.ts';
import { planStatus, type PlanStatusReport, resolveAsOf, type StatusOptions } from './status.service.ts';

const MAX_ENTRIES = 500;

interface Entry {
  epoch: string;
  report: Promise<PlanStatusReport>;
  /** the report serialised once, for routes that send it as is */
  json?: string;
}

// One cache per database handle: a process may hold several (the tests run both engines).
const caches = new WeakMap<Executor, Map<string, Entry>>();

const ex = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);

export async function statusEpoch(db: Db | Executor): Promise<string> {
  // the counter and its random token (migration 0471): a restored counter never matches by chance
  const r = await sql<{ e: string }>`select n::text || ':' || token as e from status_epoch where id`.execute(ex(db));
  return r.rows[0]?.e ?? '';
}

function keyOf(planId: number, opts: StatusOptions): string {
  const { asOf, period } = resolveAsOf(opts);
  return `${planId}|${period ?? ''}|${asOf}|${opts.warnDays ?? ''}`;
}

function lookup(db: Db | Executor, planId: number, given: StatusOptions, epoch: string): Entry {
  // "today" resolved once, so the key and the computation agree on the day
  const frame = resolveAsOf(given);
  const opts: StatusOptions = { ...given, asOf: frame.asOf, period: frame.period ?? undefined };
  const key = keyOf(planId, opts);
  const x = ex(db);
  let entries = caches.get(x);
  if (!entries) caches.set(x, (entries = new Map()));
  const cache = entries;
  const hit = cache.get(key);
  if (hit && hit.epoch === epoch) {
    // most recently used last: Map keeps insertion order, so the first key is the eldest
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const entry: Entry = { epoch, report: planStatus(db, planId, opts) };
  cache.set(key, entry);
  // a failed computation is not kept
  entry.report.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return entry;
}

/** planStatus, from the cache while nothing that affects it was written. */
export async function cachedPlanStatus(db: Db | Executor, planId: number, opts: StatusOptions = {}): Promise<PlanStatusReport> {
  return lookup(db, planId, opts, await statusEpoch(db)).report;
}

/** The status as JSON text, serialised once per cached answer (the status route sends it as is). */
export async function cachedPlanStatusJson(db: Db | Executor, planId: number, opts: StatusOptions = {}): Promise<string> {
  const entry = lookup(db, planId, opts, await statusEpoch(db));
  const report = await entry.report;
  entry.json ??= JSON.stringify(report);
  return entry.json;
}

/** Empties the cache of a database (tests). */
export function clearStatusCache(db: Db | Executor): void {
  caches.delete(ex(db));
}
