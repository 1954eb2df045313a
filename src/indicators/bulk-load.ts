/**
 * Bulk loading of values (benchmarks, demo, migrations of historical series): millions of rows
 * into data_values without the per-statement roll-up triggers, then one GROUP BY per level to
 * rebuild the roll-up of the loaded elements. All in one transaction: the load lands whole or
 * not at all, and readers never see values without their aggregates.
 *
 * On PostgreSQL with a connection URL the rows stream through COPY FROM STDIN (pg-copy-streams);
 * otherwise (PGlite, or no URL) they go through INSERT … SELECT FROM unnest(…) in batches.
 * Values are new: a key already stored fails the whole load (use recordApprovedValues to replace).
 */
import { once } from 'node:events';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type Db, transaction } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { divisionKey, periodMonth } from './keys.ts';
import { rebuildRollup } from './rollup.repository.ts';

/** One value in store form: element id, division key (keys.ts), month index, value, unit. */
export type BulkRow = [elementId: number, divisionKey: number, month: number, value: number, unitId?: number | null];

export interface BulkLoadOptions {
  /** PostgreSQL URL of `db` (enables COPY); ignored on PGlite */
  databaseUrl?: string;
  /** rows per INSERT on the fallback path */
  batchSize?: number;
}

export interface BulkLoadResult {
  rows: number;
  elements: number[];
  loadSeconds: number;
  rollupSeconds: number;
  seconds: number;
}

/** A value as reporting speaks of it, in store form. */
export function bulkRow(v: { elementId: number; divisionCode: string; period: string; value: number; unitId?: number | null }): BulkRow {
  return [v.elementId, divisionKey(v.divisionCode), periodMonth(v.period), v.value, v.unitId ?? null];
}

const TRIGGERS = ['data_values_rollup_ins'];
// field count + (length + bytes) for int4 element, int8 key, int4 month, float8 value, int4 unit
const ROW_BYTES = 2 + 8 + 12 + 8 + 12 + 8;

function duplicate(e: unknown): never {
  const err = e as { code?: string; detail?: string; message?: string };
  if (err?.code === '23505') {
    throw new AppError('duplicate', `值已存在 / a value is already stored: ${err.detail ?? err.message}`, { fields: [{ field: 'rows', reason: 'duplicate key' }] });
  }
  throw e;
}

export async function bulkLoadValues(
  db: Db,
  source: Iterable<BulkRow[]> | AsyncIterable<BulkRow[]>,
  opts: BulkLoadOptions = {},
): Promise<BulkLoadResult> {
  if (db.engine === 'postgres' && opts.databaseUrl) return copyLoad(opts.databaseUrl, source);
  return insertLoad(db, source, opts.batchSize ?? 20_000);
}

async function copyLoad(url: string, source: Iterable<BulkRow[]> | AsyncIterable<BulkRow[]>): Promise<BulkLoadResult> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const elements = new Set<number>();
  let rows = 0;
  try {
    await client.query('begin');
    // The roll-up GROUP BY and the index build are memory-bound; give this transaction room.
    await client.query(`set local work_mem = '1GB'`);
    await client.query(`set local synchronous_commit = off`);
    // Into an empty store, truncating in this transaction allows COPY FREEZE: the rows are
    // written frozen, so the roll-up's scan right after does not rewrite every page for hint bits.
    const empty = (await client.query('select not exists (select 1 from data_values) as empty')).rows[0].empty as boolean;
    if (empty) await client.query('truncate data_values');
    // Into an empty store the loader also sums the summed elements to their lowest roll-up
    // level as the rows pass, which saves PostgreSQL a second pass over every value.
    const metas = await elementMetas(client);
    const sums = empty ? new LowestLevelSums(metas) : null;
    for (const t of TRIGGERS) await client.query(`alter table data_values disable trigger ${t}`);
    const stream = client.query(copyFrom(`copy data_values (element_id, division_key, month, value, unit_id) from stdin (format binary${empty ? ', freeze' : ''})`));
    const done = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    // Binary COPY: PostgreSQL skips parsing text numbers, the largest share of a text COPY.
    const header = Buffer.alloc(19);
    header.write('PGCOPY\n\xff\r\n\0', 0, 'latin1');
    if (!stream.write(header)) await once(stream, 'drain');
    let lastElement = -1;
    for await (const batch of source) {
      const buf = Buffer.allocUnsafe(batch.length * ROW_BYTES);
      const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      let o = 0;
      for (const r of batch) {
        if (r[0] !== lastElement) {
          elements.add(r[0]);
          lastElement = r[0];
        }
        sums?.add(r[0], r[1], r[2], r[3]);
        dv.setInt16(o, 5);
        dv.setInt32(o + 2, 4);
        dv.setInt32(o + 6, r[0]);
        dv.setInt32(o + 10, 8);
        // int8 as two words: keys stay below 2^53, and BigInt per row costs 5× more
        dv.setUint32(o + 14, Math.floor(r[1] / 4294967296));
        dv.setUint32(o + 18, r[1] >>> 0);
        dv.setInt32(o + 22, 4);
        dv.setInt32(o + 26, r[2]);
        dv.setInt32(o + 30, 8);
        dv.setFloat64(o + 34, r[3]);
        const unit = r[4];
        if (unit === null || unit === undefined) {
          dv.setInt32(o + 42, -1);
          o += 46;
        } else {
          dv.setInt32(o + 42, 4);
          dv.setInt32(o + 46, unit);
          o += 50;
        }
      }
      rows += batch.length;
      if (!stream.write(buf.subarray(0, o))) await once(stream, 'drain');
    }
    const trailer = Buffer.alloc(2);
    trailer.writeInt16BE(-1, 0);
    stream.end(trailer);
    await done.catch(duplicate);
    for (const t of TRIGGERS) await client.query(`alter table data_values enable trigger ${t}`);
    const loaded = performance.now();
    // Fresh statistics, or the planner takes the just-loaded millions for a few hundred rows
    // and joins a speed to its weights row by row.
    await client.query('analyze data_values');
    const loadedIds = [...elements];
    if (sums) {
      await client.query('delete from indicator_rollup where element_id = any($1::integer[])', [loadedIds]);
      await copyRollup(client, sums);
      // One statement per weighted element with both ids as constants: through a join to
      // data_elements the planner cannot see that the weight side has millions of rows and
      // probes the index once per value (a minute at national scale instead of seconds).
      for (const id of loadedIds) {
        const m = metas.get(id);
        if (m?.spatial === 'weighted' && m.weightId !== null && m.level > 0) await client.query(WEIGHTED_LOWEST, [id, m.weightId, m.level - 1]);
      }
      for (let lvl = 3; lvl >= 0; lvl--) await client.query(CASCADE, [loadedIds, lvl]);
    } else {
      await client.query('select indicator_rollup_rebuild($1::integer[])', [loadedIds]);
    }
    const rolled = performance.now();
    await client.query('commit');
    const end = performance.now();
    return { rows, elements: [...elements], loadSeconds: (loaded - started) / 1000, rollupSeconds: (rolled - loaded) / 1000, seconds: (end - started) / 1000 };
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
}

async function insertLoad(db: Db, source: Iterable<BulkRow[]> | AsyncIterable<BulkRow[]>, batchSize: number): Promise<BulkLoadResult> {
  const started = performance.now();
  const elements = new Set<number>();
  let rows = 0;
  let loaded = started;
  let rolled = started;
  await transaction(db, async (tx) => {
    for (const t of TRIGGERS) await sql.raw(`alter table data_values disable trigger ${t}`).execute(tx);
    const flush = async (b: BulkRow[]) => {
      if (b.length === 0) return;
      await sql`
        insert into data_values (element_id, division_key, month, value, unit_id)
        select * from unnest(${b.map((r) => r[0])}::integer[], ${b.map((r) => r[1])}::bigint[], ${b.map((r) => r[2])}::integer[],
                             ${b.map((r) => r[3])}::float8[], ${b.map((r) => r[4] ?? null)}::bigint[])`
        .execute(tx)
        .catch(duplicate);
    };
    let pending: BulkRow[] = [];
    for await (const batch of source) {
      for (const r of batch) {
        elements.add(r[0]);
        pending.push(r);
        if (pending.length >= batchSize) {
          await flush(pending);
          pending = [];
        }
      }
      rows += batch.length;
    }
    await flush(pending);
    for (const t of TRIGGERS) await sql.raw(`alter table data_values enable trigger ${t}`).execute(tx);
    loaded = performance.now();
    await sql`analyze data_values`.execute(tx);
    await rebuildRollup(tx, [...elements]);
    rolled = performance.now();
  });
  const end = performance.now();
  return { rows, elements: [...elements], loadSeconds: (loaded - started) / 1000, rollupSeconds: (rolled - loaded) / 1000, seconds: (end - started) / 1000 };
}

interface Meta {
  spatial: 'sum' | 'weighted';
  level: number;
  weightId: number | null;
}

async function elementMetas(client: pg.Client): Promise<Map<number, Meta>> {
  const r = await client.query<{ id: string; spatial: 'sum' | 'weighted'; division_level: number; weight_element_id: string | null }>(
    'select id, spatial, division_level, weight_element_id from data_elements',
  );
  return new Map(
    r.rows.map((x) => [Number(x.id), { spatial: x.spatial, level: x.division_level, weightId: x.weight_element_id === null ? null : Number(x.weight_element_id) }]),
  );
}

const SPAN = [0, 1e10, 1e8, 1e6, 1e3];
// month indices (year × 12) stay below 2^15 until the year 2730
const MONTH_SLOTS = 32768;

/**
 * Σ value and count per (element, ancestor at the element's lowest roll-up level, month) for
 * summed elements, in typed arrays (millions of groups without an object each).
 */
class LowestLevelSums {
  private readonly slots = new Map<number, Map<number, number>>();
  private total = new Float64Array(1 << 16);
  private count = new Int32Array(1 << 16);
  size = 0;
  private lastElement = -1;
  private lastMap: Map<number, number> | null = null;
  private lastLevel = -1;

  constructor(private readonly metas: Map<number, Meta>) {}

  add(element: number, key: number, month: number, value: number): void {
    if (element !== this.lastElement) {
      this.lastElement = element;
      const m = this.metas.get(element);
      if (!m || m.spatial !== 'sum' || m.level <= 0) {
        this.lastMap = null;
      } else {
        this.lastLevel = m.level - 1;
        let map = this.slots.get(element);
        if (!map) this.slots.set(element, (map = new Map()));
        this.lastMap = map;
      }
    }
    const map = this.lastMap;
    if (!map) return;
    const part = this.lastLevel === 0 ? 0 : Math.floor(key / SPAN[this.lastLevel]);
    const composite = part * MONTH_SLOTS + month;
    let slot = map.get(composite);
    if (slot === undefined) {
      slot = this.size++;
      if (slot >= this.total.length) {
        const t = new Float64Array(this.total.length * 2);
        t.set(this.total);
        this.total = t;
        const c = new Int32Array(this.count.length * 2);
        c.set(this.count);
        this.count = c;
      }
      map.set(composite, slot);
    }
    this.total[slot] += value;
    this.count[slot] += 1;
  }

  /** Groups in roll-up key order: element, level, division key, month. */
  *rows(): Generator<[element: number, level: number, key: number, month: number, total: number, n: number]> {
    for (const element of [...this.slots.keys()].sort((a, b) => a - b)) {
      const map = this.slots.get(element)!;
      const level = this.metas.get(element)!.level - 1;
      const composites = Float64Array.from(map.keys()).sort();
      for (const c of composites) {
        const slot = map.get(c)!;
        const part = Math.floor(c / MONTH_SLOTS);
        yield [element, level, level === 0 ? 0 : part * SPAN[level], c - part * MONTH_SLOTS, this.total[slot], this.count[slot]];
      }
    }
  }
}

// field count + int4 element, int2 level, int8 key, int4 month, float8 total, float8 weight, int4 n
const ROLLUP_ROW_BYTES = 2 + 8 + 6 + 12 + 8 + 12 + 12 + 8;

async function copyRollup(client: pg.Client, sums: LowestLevelSums): Promise<void> {
  if (sums.size === 0) return;
  const stream = client.query(copyFrom('copy indicator_rollup (element_id, level, division_key, month, total, weight, n) from stdin (format binary)'));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  const header = Buffer.alloc(19);
  header.write('PGCOPY\n\xff\r\n\0', 0, 'latin1');
  stream.write(header);
  const CHUNK = 50_000;
  let buf = Buffer.allocUnsafe(CHUNK * ROLLUP_ROW_BYTES);
  let dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let o = 0;
  let inChunk = 0;
  for (const [element, level, key, month, total, n] of sums.rows()) {
    dv.setInt16(o, 7);
    dv.setInt32(o + 2, 4);
    dv.setInt32(o + 6, element);
    dv.setInt32(o + 10, 2);
    dv.setInt16(o + 14, level);
    dv.setInt32(o + 16, 8);
    dv.setUint32(o + 20, Math.floor(key / 4294967296));
    dv.setUint32(o + 24, key >>> 0);
    dv.setInt32(o + 28, 4);
    dv.setInt32(o + 32, month);
    dv.setInt32(o + 36, 8);
    dv.setFloat64(o + 40, total);
    dv.setInt32(o + 48, 8);
    dv.setFloat64(o + 52, 0);
    dv.setInt32(o + 60, 4);
    dv.setInt32(o + 64, n);
    o += ROLLUP_ROW_BYTES;
    if (++inChunk === CHUNK) {
      if (!stream.write(buf.subarray(0, o))) await once(stream, 'drain');
      buf = Buffer.allocUnsafe(CHUNK * ROLLUP_ROW_BYTES);
      dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      o = 0;
      inChunk = 0;
    }
  }
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1, 0);
  stream.end(Buffer.concat([buf.subarray(0, o), trailer]));
  await done;
}

// The lowest roll-up level of one weighted element: Σv·w and Σw over the divisions reporting both.
const WEIGHTED_LOWEST = `
  insert into indicator_rollup (element_id, level, division_key, month, total, weight, n)
  select $1::integer, $3::smallint, luoshi_key_at(v.division_key, $3::integer), v.month, sum(v.value * w.value), sum(w.value), count(*)
  from data_values v
  join data_values w on w.element_id = $2::integer and w.division_key = v.division_key and w.month = v.month
  where v.element_id = $1::integer
  group by 3, 4
  order by 3, 4`;

// One level from the level below it (an element's lowest level has nothing below and stays).
const CASCADE = `
  insert into indicator_rollup (element_id, level, division_key, month, total, weight, n)
  select r.element_id, $2::smallint, luoshi_key_at(r.division_key, $2::integer), r.month, sum(r.total), sum(r.weight), sum(r.n)
  from indicator_rollup r where r.element_id = any($1::integer[]) and r.level = $2::integer + 1
  group by 1, 2, 3, 4
  order by 1, 2, 3, 4`;
