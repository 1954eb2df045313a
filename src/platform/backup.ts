import { accessSync, constants, createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'kysely';
import { type Db, type Executor, transaction } from './db/database.ts';
import { listMigrations, migrate, migrationStatus } from './db/migrator.ts';
import { AppError } from './errors.ts';

/**
 * Backup and restore of all luoshi data, engine-neutral: a gzip'd JSON-lines file. Rows travel as
 * PostgreSQL's own `to_jsonb` text and come back through `jsonb_populate_recordset`, so every
 * value (numeric digits, timestamps with zone, arrays, jsonb) round-trips exactly between PGlite
 * and a PostgreSQL server. The schema itself is not in the file: restore re-creates it from the
 * same migrations the backup was taken at.
 */
export const BACKUP_FORMAT = 'luoshi-backup';
export const BACKUP_VERSION = 1;
const BATCH = 5000;

interface TableInfo {
  name: string;
  pk: string[];
  serials: string[];
}

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Base tables of the public schema, parents before children (by foreign keys). */
async function listTables(ex: Executor): Promise<TableInfo[]> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'luoshi_migrations'
    order by table_name`.execute(ex);
  const fks = await sql<{ child: string; parent: string }>`
    select distinct c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where c.contype = 'f' and n.nspname = 'public'`.execute(ex);
  const pks = await sql<{ table: string; col: string; pos: number }>`
    select tc.table_name as table, kcu.column_name as col, kcu.ordinal_position as pos
    from information_schema.table_constraints tc
    join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
    where tc.table_schema = 'public' and tc.constraint_type = 'PRIMARY KEY'
    order by tc.table_name, kcu.ordinal_position`.execute(ex);
  const serials = await sql<{ table: string; col: string }>`
    select table_name as table, column_name as col from information_schema.columns
    where table_schema = 'public' and column_default like 'nextval(%'`.execute(ex);

  const names = tables.rows.map((t) => t.name);
  const deps = new Map(names.map((n) => [n, new Set<string>()]));
  for (const { child, parent } of fks.rows) {
    const c = child.replace(/^public\./, '').replaceAll('"', '');
    const p = parent.replace(/^public\./, '').replaceAll('"', '');
    if (c !== p) deps.get(c)?.add(p);
  }
  const ordered: string[] = [];
  const visit = (n: string, path: Set<string>) => {
    if (ordered.includes(n) || path.has(n)) return;
    path.add(n);
    for (const d of deps.get(n) ?? []) visit(d, path);
    ordered.push(n);
  };
  for (const n of names) visit(n, new Set());
  return ordered.map((name) => ({
    name,
    pk: pks.rows.filter((r) => r.table === name).map((r) => r.col),
    serials: serials.rows.filter((r) => r.table === name).map((r) => r.col),
  }));
}

export interface BackupSummary {
  file: string;
  migration: string | null;
  tables: Record<string, number>;
}

export async function backupTo(db: Db, file: string): Promise<BackupSummary> {
  const status = await migrationStatus(db);
  const tables = await listTables(db.kysely);
  const counts: Record<string, number> = {};
  const gzip = createGzip();
  const out = createWriteStream(file);
  const done = pipeline(gzip, out);
  const write = async (line: string) => {
    if (!gzip.write(line + '\n')) await once(gzip, 'drain');
  };
  await write(
    JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), engine: db.engine, migrations: status.applied }),
  );
  for (const t of tables) {
    await write(JSON.stringify({ table: t.name }));
    let n = 0;
    let last: Record<string, unknown> | null = null;
    // Keyset pages on the primary key keep memory flat on large tables (600k villages).
    for (;;) {
      const order = t.pk.length ? `order by ${t.pk.map(ident).join(', ')}` : '';
      const after =
        last && t.pk.length
          ? `where (${t.pk.map(ident).join(', ')}) > (select ${t.pk.map((c) => `r.${ident(c)}`).join(', ')} from jsonb_populate_record(null::${ident(t.name)}, '${JSON.stringify(last).replaceAll("'", "''")}'::jsonb) r)`
          : '';
      const limit = t.pk.length ? `limit ${BATCH}` : '';
      const r = await sql<{ j: string }>`${sql.raw(`select to_jsonb(t)::text as j from ${ident(t.name)} t ${after} ${order} ${limit}`)}`.execute(db.kysely);
      for (const row of r.rows) await write(row.j);
      n += r.rows.length;
      if (!t.pk.length || r.rows.length < BATCH) break;
      const lastRow = JSON.parse(r.rows.at(-1)!.j) as Record<string, unknown>;
      last = Object.fromEntries(t.pk.map((c) => [c, lastRow[c]]));
    }
    counts[t.name] = n;
  }
  await write(JSON.stringify({ end: true, tables: counts }));
  gzip.end();
  await done;
  return { file, migration: status.version, tables: counts };
}

/**
 * A database is "in use" once anything was written through the application: every such write
 * leaves an audit row, and users and units are the first things an office creates. Reference data
 * written by migrations or the division loader does not count; restore replaces it.
 */
async function inUse(db: Db): Promise<boolean> {
  const st = await migrationStatus(db);
  if (st.applied.length === 0) return false;
  for (const t of ['audit_log', 'users', 'units']) {
    const r = await sql<{ x: number }>`${sql.raw(`select 1 as x from ${ident(t)} limit 1`)}`.execute(db.kysely).catch(() => ({ rows: [] }));
    if (r.rows.length) return true;
  }
  return false;
}

/** Fails fast, before any database work, when FILE cannot be a backup. */
export function assertReadableBackup(file: string): void {
  let st;
  try {
    st = statSync(file);
  } catch {
    throw new AppError('not_found', `backup file ${file} does not exist`);
  }
  if (!st.isFile()) throw new AppError('unprocessable', `${file} is not a file`);
  try {
    accessSync(file, constants.R_OK);
  } catch {
    throw new AppError('forbidden', `backup file ${file} is not readable`);
  }
}

/**
 * Restores a backup into a database not yet in use (or, with `force`, after dropping all luoshi
 * data). The rows land in one transaction, or none do.
 */
export async function restoreFrom(db: Db, file: string, opts: { force?: boolean; log?: (m: string) => void } = {}): Promise<BackupSummary> {
  const log = opts.log ?? (() => {});
  assertReadableBackup(file);
  const gunzip = createGunzip();
  const raw = createReadStream(file);
  raw.on('error', (e) => gunzip.destroy(e));
  const lines = createInterface({ input: raw.pipe(gunzip), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const next = async (): Promise<string | null> => {
    try {
      const r = await lines.next();
      return r.done ? null : r.value;
    } catch (e) {
      throw new AppError('unprocessable', `${file} is not a readable luoshi backup (${(e as Error).message})`);
    }
  };
  let header: { format?: string; version?: number; migrations?: string[] };
  try {
    header = JSON.parse((await next()) ?? '{}');
  } catch {
    throw new AppError('unprocessable', `${file} is not a luoshi backup`);
  }
  if (header.format !== BACKUP_FORMAT || header.version !== BACKUP_VERSION || !Array.isArray(header.migrations)) {
    throw new AppError('unprocessable', `${file} is not a luoshi backup of format version ${BACKUP_VERSION}`);
  }
  const known = new Set(listMigrations().map((m) => m.name));
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length) throw new AppError('unprocessable', `the backup comes from a newer luoshi (unknown migrations: ${unknown.join(', ')}); upgrade first`);

  if ((await inUse(db)) && !opts.force) {
    throw new AppError('conflict', 'the target database is not empty: restore into an empty database, or pass --force to replace all its data');
  }
  // Start from nothing so that the backup's rows, not migration-seeded reference rows, are what lands.
  await db.execScript('drop schema public cascade; create schema public;');
  // Rebuild exactly the backup's schema, load the rows, then bring the schema up to date.
  await migrate(db, log, { only: new Set(header.migrations) });

  const counts: Record<string, number> = {};
  await transaction(db, async (tx) => {
    await sql`set constraints all deferred`.execute(tx);
    const tables = new Map((await listTables(tx)).map((t) => [t.name, t]));
    // Migrations may have seeded reference rows; the backup carries its own copy of them.
    const seeded = [...tables.keys()].filter((t) => t !== 'audit_log');
    if (seeded.length) await sql`${sql.raw(`truncate ${seeded.map(ident).join(', ')}`)}`.execute(tx);
    let table: TableInfo | null = null;
    let batch: string[] = [];
    const flush = async () => {
      if (!table || batch.length === 0) return;
      await sql`${sql.raw(`insert into ${ident(table.name)} select * from jsonb_populate_recordset(null::${ident(table.name)}, `)}${'[' + batch.join(',') + ']'}::jsonb)`.execute(tx);
      counts[table.name] = (counts[table.name] ?? 0) + batch.length;
      batch = [];
    };
    let ended = false;
    for (let line = await next(); line !== null; line = await next()) {
      if (!line) continue;
      if (line.startsWith('{"table":') || line.startsWith('{"end":')) {
        const meta = JSON.parse(line) as { table?: string; end?: boolean; tables?: Record<string, number> };
        await flush();
        if (meta.end) {
          ended = true;
          for (const [t, n] of Object.entries(meta.tables ?? {})) {
            if ((counts[t] ?? 0) !== n) throw new AppError('unprocessable', `backup is inconsistent: table ${t} has ${counts[t] ?? 0} rows, expected ${n}`);
          }
          break;
        }
        table = tables.get(meta.table!) ?? null;
        if (!table) throw new AppError('unprocessable', `the backup has a table ${meta.table} that this schema lacks`);
        log(`restoring ${table.name}`);
        continue;
      }
      batch.push(line);
      if (batch.length >= BATCH) await flush();
    }
    if (!ended) throw new AppError('unprocessable', 'the backup is truncated (no end marker): nothing was restored');
    for (const t of tables.values()) {
      for (const col of t.serials) {
        await sql`${sql.raw(`select setval(pg_get_serial_sequence('${t.name}', '${col}'), coalesce((select max(${ident(col)}) from ${ident(t.name)}), 0) + 1, false)`)}`.execute(tx);
      }
    }
  });
  await migrate(db, log);
  const st = await migrationStatus(db);
  return { file, migration: st.version, tables: counts };
}
