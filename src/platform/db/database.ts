import { availableParallelism } from 'node:os';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../env.ts';
import { type DirLock, lockDataDir } from './dir-lock.ts';
import { PGliteDialect, SingleConnectionLock } from './pglite-dialect.ts';
import type { Database } from '../../app/schema.ts';

export type Engine = 'pglite' | 'postgres';
export type Executor = Kysely<Database> | Transaction<Database>;
export type Tx = Transaction<Database>;
export type { Database };

/**
 * One database handle for both engines. Code above this file sees Kysely (`db.kysely`) and never
 * knows which engine runs; the two differ only in how a multi-statement script and bulk loads run.
 */
export interface Db {
  readonly engine: Engine;
  readonly kysely: Kysely<Database>;
  /** Human description without credentials ("PGlite at ./data/pglite", "PostgreSQL at host/db"). */
  readonly description: string;
  /** Runs a multi-statement SQL script as one implicit transaction (simple query protocol). */
  execScript(script: string): Promise<void>;
  /**
   * Runs fn on one dedicated session (connection), for work that needs session state such as an
   * advisory lock. `run` executes a script and returns the rows of its last statement.
   */
  session<T>(fn: (run: (script: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Type parsers shared by both engines so that rows look the same whichever engine produced them:
// int8 (counts, ids) and numeric become numbers, date stays 'YYYY-MM-DD' (no time-zone shift).
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const parsers: Record<number, (v: string) => unknown> = {
  [INT8]: (v) => Number(v),
  [NUMERIC]: (v) => Number(v),
  [DATE]: (v) => v,
};

export interface OpenOptions {
  /** PostgreSQL URL; when absent the embedded database under dataDir is used. */
  databaseUrl?: string;
  /** Directory of the embedded database; 'memory://' for an in-memory one (tests). */
  dataDir?: string;
  /** Pool size for the server engine. */
  poolSize?: number;
  /** In-memory PGlite only: start from this data directory dump (PGlite dumpDataDir), e.g. a migrated snapshot. */
  loadDataDir?: Blob;
}

export async function openDatabase(opts: OpenOptions): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? defaultPoolSize());
  return openPGlite(opts.dataDir ?? 'memory://', opts.loadDataDir);
}

export function openFromConfig(config: Config): Promise<Db> {
  return openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolSize: config.LUOSHI_DB_POOL });
}

/** Twice the cores, at least 4: more connections than the machine can run only queue (LUOSHI_DB_POOL overrides). */
export function defaultPoolSize(): number {
  return Math.max(4, 2 * availableParallelism());
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.hostname}${u.port ? ':' + u.port : ''}${u.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

async function openPostgres(url: string, max: number): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // A server restart (or pg_terminate_backend, or dropping the database) sends FATAL to open
  // connections, which pg emits as an 'error' event; unhandled, that would end the process. The
  // pool discards such clients (it checks them before reuse), and a query in flight still fails.
  pool.on('error', (e) => console.warn(`database connection lost: ${e.message}`));
  pool.on('connect', (client) => client.on('error', () => undefined));
  // A connection error surfaces here, at open, rather than at the first request.
  const client = await pool.connect().catch(async (e: Error) => {
    await pool.end().catch(() => undefined);
    throw new Error(`cannot connect to ${redact(url)}: ${e.message}`);
  });
  client.release();
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    engine: 'postgres',
    kysely,
    description: redact(url),
    async execScript(script) {
      await pool.query(script);
    },
    async session(fn) {
      const c = await pool.connect();
      try {
        return await fn(async (script) => {
          const r = (await c.query(script)) as unknown as pg.QueryResult | pg.QueryResult[];
          const last = Array.isArray(r) ? r.at(-1) : r;
          return (last?.rows ?? []) as Record<string, unknown>[];
        });
      } finally {
        c.release();
      }
    },
    async close() {
      await kysely.destroy();
      // Kysely ends the pool only if it ever ran a query; a handle used only through
      // execScript/session (migrations) would otherwise keep its connections until they idle out.
      if (!pool.ending) await pool.end();
    },
  };
}

async function openPGlite(dataDir: string, loadDataDir?: Blob): Promise<Db> {
  const memory = dataDir.startsWith('memory://');
  let dirLock: DirLock | null = null;
  let pgDir = dataDir;
  if (!memory) {
    dirLock = lockDataDir(dataDir);
    pgDir = join(dataDir, 'pglite');
    mkdirSync(pgDir, { recursive: true });
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(memory ? undefined : pgDir, { parsers, ...(memory && loadDataDir ? { loadDataDir } : {}) });
  } catch (e) {
    dirLock?.release();
    throw e;
  }
  const lock = new SingleConnectionLock();
  const kysely = new Kysely<Database>({ dialect: new PGliteDialect(pglite, lock) });
  return {
    engine: 'pglite',
    kysely,
    description: memory ? 'PGlite in memory' : `PGlite at ${pgDir}`,
    async execScript(script) {
      await lock.run(() => pglite.exec(script));
    },
    session(fn) {
      return lock.run(() =>
        fn(async (script) => {
          const r = await pglite.exec(script);
          return (r.at(-1)?.rows ?? []) as Record<string, unknown>[];
        }),
      );
    },
    async close() {
      await kysely.destroy();
      await pglite.close();
      dirLock?.release();
    },
  };
}

/** Runs fn in a transaction: all of it commits, or none of it does. */
export function transaction<T>(db: Db | Executor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const k = 'kysely' in db ? db.kysely : db;
  if (k.isTransaction) return fn(k as Tx);
  return k.transaction().execute(fn);
}

export { sql };
