import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * Versioned migrations: plain SQL files in `src/<domain>/migrations/NNNN_name.sql`, applied in the
 * order of their names across domains. Number ranges per domain keep names from colliding:
 * 0001–0099 platform/auth/audit, 0100 divisions & units, 0200 plans, 0300 reporting,
 * 0400 indicators, 0500 briefings & publishing. SQL must stay valid on PostgreSQL 15.
 *
 * Each file runs as one implicit transaction together with its bookkeeping row, so a failed
 * migration leaves nothing behind. Pending files whose name sorts before an applied one still run
 * (domains are independent), which lets two domains add migrations in parallel.
 */
const SRC = fileURLToPath(new URL('../../', import.meta.url));

export interface MigrationFile {
  name: string;
  path: string;
}

export function listMigrations(srcDir = SRC): MigrationFile[] {
  const files: MigrationFile[] = [];
  for (const domain of readdirSync(srcDir, { withFileTypes: true })) {
    if (!domain.isDirectory()) continue;
    const dir = join(srcDir, domain.name, 'migrations');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      if (/^\d{4}_[a-z0-9_]+\.sql$/.test(f)) files.push({ name: f.replace(/\.sql$/, ''), path: join(dir, f) });
    }
  }
  files.sort((a, b) => a.name.localeCompare(b.name));
  const seen = new Set<string>();
  for (const f of files) {
    const num = f.name.slice(0, 4);
    if (seen.has(num)) throw new Error(`two migrations share the number ${num}: rename one (${f.path})`);
    seen.add(num);
  }
  return files;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Name of the last applied migration, or null on an empty database. */
  version: string | null;
}

const CREATE_TABLE = `create table if not exists luoshi_migrations (
  name text primary key,
  applied_at timestamptz not null default now()
);`;

export async function migrationStatus(db: Db): Promise<MigrationStatus> {
  await db.execScript(CREATE_TABLE);
  const r = await sql<{ name: string }>`select name from luoshi_migrations order by name`.execute(db.kysely);
  const applied = r.rows.map((x) => x.name);
  const pending = listMigrations().filter((m) => !applied.includes(m.name)).map((m) => m.name);
  return { applied, pending, version: applied.at(-1) ?? null };
}

/** Runs a script on one session and returns the rows of its last statement (see Db.session). */
export type SessionRun = (script: string) => Promise<Record<string, unknown>[]>;

/**
 * Applies the given migration files that are not yet recorded, on a session the caller holds.
 * Restore calls it inside its own transaction so that schema and data land together or not at all.
 */
export async function applyMigrations(run: SessionRun, files: MigrationFile[], log: (msg: string) => void = () => {}): Promise<string[]> {
  await run(CREATE_TABLE);
  const applied = new Set((await run('select name from luoshi_migrations')).map((r) => String(r.name)));
  const done: string[] = [];
  for (const m of files) {
    if (applied.has(m.name)) continue;
    log(`migrating ${m.name}`);
    await run(`${readFileSync(m.path, 'utf8')}\n;insert into luoshi_migrations(name) values ('${m.name}');`);
    done.push(m.name);
  }
  return done;
}

/** Applies every pending migration; returns the names applied. Concurrent callers are serialised. */
export async function migrate(
  db: Db,
  log: (msg: string) => void = () => {},
  opts: { only?: ReadonlySet<string> } = {},
): Promise<string[]> {
  // `only` limits the run to the named migrations.
  const files = listMigrations().filter((m) => !opts.only || opts.only.has(m.name));
  return db.session(async (run) => {
    await run(CREATE_TABLE);
    // An advisory lock keeps two servers starting against one PostgreSQL from migrating twice.
    await run(`select pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      return await applyMigrations(run, files, log);
    } finally {
      await run(`select pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  });
}

/** The advisory lock key that serialises schema changes (migrate, restore) on one server. */
export const MIGRATION_LOCK = 764331;
