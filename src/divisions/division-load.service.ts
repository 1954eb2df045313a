import { sql } from 'kysely';
import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import { packagedDivisions } from './division.data.ts';
import { loadDivisions } from './division.loader.ts';

/**
 * Loading divisions from the packaged data while the server runs (the admin page's "load a
 * province"): a job row records what was asked and how far it got; the rows are written in small
 * transactions, parents first, so reads go on between them and every committed state is whole.
 */
export interface DivisionLoadJob {
  id: number;
  scope: string[];
  status: 'running' | 'done' | 'failed' | 'interrupted';
  totalRows: number | null;
  doneRows: number;
  error: string | null;
  createdByName: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface PackagedDivision {
  code: string;
  name: string;
  level: 1 | 2;
  loaded: boolean;
}

/** Rows per transaction: small enough that a read waits at most a few tens of milliseconds. */
const CHUNK = 1000;
const running = new Map<number, Promise<void>>();

type JobRow = {
  id: number;
  scope: string[];
  status: DivisionLoadJob['status'];
  total_rows: number | null;
  done_rows: number;
  error: string | null;
  created_by_name: string;
  started_at: Date | string;
  finished_at: Date | string | null;
};

const iso = (d: Date | string) => new Date(d).toISOString();
const toJob = (r: JobRow): DivisionLoadJob => ({
  id: Number(r.id),
  scope: r.scope,
  status: r.status,
  totalRows: r.total_rows,
  doneRows: r.done_rows,
  error: r.error,
  createdByName: r.created_by_name,
  startedAt: iso(r.started_at),
  finishedAt: r.finished_at ? iso(r.finished_at) : null,
});

const JOB_COLUMNS = ['id', 'scope', 'status', 'total_rows', 'done_rows', 'error', 'created_by_name', 'started_at', 'finished_at'] as const;

export async function getDivisionLoad(ex: Executor, id: number): Promise<DivisionLoadJob> {
  const r = await ex.selectFrom('division_load_jobs').select(JOB_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('division load', id);
  return toJob(r as JobRow);
}

export async function listDivisionLoads(ex: Executor, limit = 10): Promise<DivisionLoadJob[]> {
  const rows = await ex.selectFrom('division_load_jobs').select(JOB_COLUMNS).orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => toJob(r as JobRow));
}

/** Provinces and prefectures of the packaged data, with whether each is in the database. */
export async function packagedDivisionList(ex: Executor): Promise<PackagedDivision[]> {
  const all = packagedDivisions();
  const present = await ex
    .selectFrom('divisions')
    .select('code')
    .where('level', '<=', 2)
    .execute();
  const have = new Set(present.map((r) => r.code));
  // A prefecture counts as loaded when its counties are there, not just its own row.
  const withChildren = await sql<{ p: string }>`select distinct substr(code, 1, 4) as p from divisions where level = 3`.execute(ex);
  const loadedPrefectures = new Set(withChildren.rows.map((r) => r.p));
  const loadedProvinces = new Set([...loadedPrefectures].map((p) => p.slice(0, 2)));
  return all.map((d) => ({
    code: d.code,
    name: d.name,
    level: d.code.length === 2 ? 1 : 2,
    loaded: d.code.length === 2 ? loadedProvinces.has(d.code) && have.has(d.code) : loadedPrefectures.has(d.code),
  }));
}

/**
 * How long a running load may stay silent before it counts as dead. Reading the whole country's
 * data files before the first batch takes up to a minute on a busy machine.
 */
export const LOAD_SILENCE_MINUTES = 10;

/**
 * Marks jobs that a stopped process left 'running' (at server start and before a new load): those
 * silent for LOAD_SILENCE_MINUTES, so a live load of another process sharing the database stays.
 */
export async function markInterruptedLoads(ex: Executor): Promise<void> {
  await ex
    .updateTable('division_load_jobs')
    .set({ status: 'interrupted', finished_at: new Date(), error: 'server stopped during the load' })
    .where('status', '=', 'running')
    .where('heartbeat_at', '<', sql<Date>`now() - make_interval(mins => ${LOAD_SILENCE_MINUTES})`)
    .execute();
}

function checkScope(scope: string[] | 'all'): string[] {
  if (scope === 'all') return ['all'];
  if (scope.length === 0) throw invalid('scope', 'choose at least one province or prefecture');
  const known = new Set(packagedDivisions().map((d) => d.code));
  const unknown = scope.filter((c) => !known.has(c));
  if (unknown.length > 0) throw invalid('scope', `unknown province or prefecture code: ${unknown.join(', ')}`);
  // A prefecture inside a province also chosen adds nothing.
  const set = new Set(scope);
  return [...set].filter((c) => c.length === 2 || !set.has(c.slice(0, 2))).sort();
}

/**
 * Starts a load and returns at once; poll getDivisionLoad for progress. One load at a time
 * (409 while another runs). Audited when it starts and when it ends.
 */
export async function startDivisionLoad(db: Db, actor: Actor, scope: string[] | 'all'): Promise<DivisionLoadJob> {
  const codes = checkScope(scope);
  let job: DivisionLoadJob;
  try {
    job = await transaction(db, async (tx) => {
      await markInterruptedLoads(tx);
      const row = await tx
        .insertInto('division_load_jobs')
        .values({ scope: codes, created_by: actor.id, created_by_name: actor.name })
        .returning(JOB_COLUMNS)
        .executeTakeFirstOrThrow();
      await recordAudit(tx, actor, { action: 'divisions.load.start', entity: 'division_load_job', entityId: row.id, after: { scope: codes } });
      return toJob(row as JobRow);
    });
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw new AppError('conflict', 'another division load is running', { fields: [{ field: 'scope', reason: 'another load is running' }] });
    throw e;
  }
  const work = runLoad(db, actor, job.id, codes).finally(() => running.delete(job.id));
  running.set(job.id, work);
  return job;
}

async function runLoad(db: Db, actor: Actor, id: number, codes: string[]): Promise<void> {
  try {
    const result = await loadDivisions(db, {
      provinces: codes[0] === 'all' ? 'all' : codes,
      chunked: true,
      batchSize: CHUNK,
      onTotal: async (rows) => {
        await db.kysely.updateTable('division_load_jobs').set({ total_rows: rows, heartbeat_at: sql`now()` }).where('id', '=', id).execute();
      },
      onBatch: async (tx, written) => {
        await tx.updateTable('division_load_jobs').set({ done_rows: written, heartbeat_at: sql`now()` }).where('id', '=', id).execute();
      },
    });
    await transaction(db, async (tx) => {
      await tx.updateTable('division_load_jobs').set({ status: 'done', finished_at: new Date(), done_rows: result.rows }).where('id', '=', id).execute();
      await recordAudit(tx, actor, {
        action: 'divisions.load.finish',
        entity: 'division_load_job',
        entityId: id,
        after: { scope: codes, rows: result.rows, byLevel: result.byLevel, seconds: Math.round(result.seconds) },
      });
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await transaction(db, async (tx) => {
      await tx.updateTable('division_load_jobs').set({ status: 'failed', finished_at: new Date(), error: message.slice(0, 500) }).where('id', '=', id).execute();
      await recordAudit(tx, actor, { action: 'divisions.load.fail', entity: 'division_load_job', entityId: id, after: { scope: codes, error: message.slice(0, 500) } });
    }).catch(() => undefined);
  }
}

/** Resolves when the job ends (tests, CLI); immediately when it is not running here. */
export async function waitForDivisionLoad(id: number): Promise<void> {
  await running.get(id);
}
