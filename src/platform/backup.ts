import { createHash } from 'node:crypto';
import { accessSync, constants, createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'kysely';
import { type Db, openDatabase } from './db/database.ts';
import { applyMigrations, listMigrations, MIGRATION_LOCK, type SessionRun } from './db/migrator.ts';
import { AppError } from './errors.ts';

/**
 * Backup and restore of all luoshi data, engine-neutral: a gzip'd JSON-lines file. Rows travel as
 * PostgreSQL's own `to_jsonb` text and come back through `jsonb_populate_recordset`, so every
 * value (numeric digits, timestamps with zone, arrays, jsonb) round-trips exactly between PGlite
 * and a PostgreSQL server. The schema itself is not in the file: restore re-creates it from the
 * same migrations the backup was taken at.
 *
 * File: a header line, then per table a `{"table":…}` line followed by one line per row, then an
 * end line with the row count and digest of every table and the position of every sequence.
 * Version 1 files (no digests, no sequences) are still restored.
 */
export const BACKUP_FORMAT = 'luoshi-backup';
export const BACKUP_VERSION = 2;
const READABLE_VERSIONS = new Set([1, 2]);
const PAGE = 5000;
const LOAD_BATCH = 2000;

interface TableInfo {
  name: string;
  pk: string[];
  serials: string[];
  hasUserTriggers: boolean;
}

interface EndRecord {
  end: true;
  tables: Record<string, number>;
  digests?: Record<string, string>;
  sequences?: Record<string, [number, boolean]>;
}

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
// Standard-conforming string literal: only the quote needs doubling (JSON text has no NUL bytes).
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * An order-independent digest of a table's rows: the sum, modulo 2^128, of the first 16 bytes of
 * each row text's SHA-256. Order-independent because the two engines may sort text keys under
 * different collations; any changed, lost or added row changes it.
 */
class RowDigest {
  private sum = 0n;
  add(rowText: string): void {
    this.sum = (this.sum + BigInt('0x' + createHash('sha256').update(rowText).digest('hex').slice(0, 32))) & ((1n << 128n) - 1n);
  }
  hex(): string {
    return this.sum.toString(16).padStart(32, '0');
  }
}

/** Base tables of the public schema, parents before children (by foreign keys). */
async function listTables(run: SessionRun): Promise<TableInfo[]> {
  const tables = await run(`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'luoshi_migrations'
    order by table_name`);
  const fks = await run(`
    select distinct c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where c.contype = 'f' and n.nspname = 'public'`);
  const pks = await run(`
    select tc.table_name as table, kcu.column_name as col
    from information_schema.table_constraints tc
    join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
    where tc.table_schema = 'public' and tc.constraint_type = 'PRIMARY KEY'
    order by tc.table_name, kcu.ordinal_position`);
  const serials = await run(`
    select table_name as table, column_name as col from information_schema.columns
    where table_schema = 'public' and column_default like 'nextval(%'`);
  const triggers = await run(`
    select distinct c.relname as table from pg_trigger g join pg_class c on c.oid = g.tgrelid
    join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and not g.tgisinternal`);

  const names = tables.map((t) => String(t.name));
  const deps = new Map(names.map((n) => [n, new Set<string>()]));
  for (const r of fks) {
    const c = String(r.child).replace(/^public\./, '').replaceAll('"', '');
    const p = String(r.parent).replace(/^public\./, '').replaceAll('"', '');
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
  const triggered = new Set(triggers.map((r) => String(r.table)));
  return ordered.map((name) => ({
    name,
    pk: pks.filter((r) => r.table === name).map((r) => String(r.col)),
    serials: serials.filter((r) => r.table === name).map((r) => String(r.col)),
    hasUserTriggers: triggered.has(name),
  }));
}

/** Every sequence of the public schema and its position (last_value, is_called). */
async function readSequences(run: SessionRun): Promise<Record<string, [number, boolean]>> {
  const seqs = await run(`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'S' and n.nspname = 'public' order by 1`);
  const out: Record<string, [number, boolean]> = {};
  for (const s of seqs) {
    const r = (await run(`select last_value, is_called from ${ident(String(s.name))}`))[0];
    out[String(s.name)] = [Number(r.last_value), r.is_called === true || r.is_called === 't'];
  }
  return out;
}

/** Streams a table's rows as to_jsonb text, in keyset pages on the primary key (flat memory). */
async function readTable(run: SessionRun, t: TableInfo, onRow: (text: string) => Promise<void> | void): Promise<number> {
  let n = 0;
  let last: Record<string, unknown> | null = null;
  for (;;) {
    const order = t.pk.length ? `order by ${t.pk.map(ident).join(', ')}` : '';
    const after =
      last && t.pk.length
        ? `where (${t.pk.map(ident).join(', ')}) > (select ${t.pk.map((c) => `r.${ident(c)}`).join(', ')} from jsonb_populate_record(null::${ident(t.name)}, ${lit(JSON.stringify(last))}::jsonb) r)`
        : '';
    const limit = t.pk.length ? `limit ${PAGE}` : '';
    const rows = await run(`select to_jsonb(t)::text as j from ${ident(t.name)} t ${after} ${order} ${limit}`);
    for (const row of rows) await onRow(String(row.j));
    n += rows.length;
    if (!t.pk.length || rows.length < PAGE) return n;
    const lastRow = JSON.parse(String(rows.at(-1)!.j)) as Record<string, unknown>;
    last = Object.fromEntries(t.pk.map((c) => [c, lastRow[c]]));
  }
}

/**
 * Opens a read-only snapshot: every table is read as of one instant (a backup of a running server
 * is consistent), and values print the same on both engines whatever the server's settings.
 */
async function beginSnapshot(run: SessionRun): Promise<void> {
  await run(`begin isolation level repeatable read read only;
    set local timezone = 'UTC'; set local datestyle = 'ISO, YMD'; set local intervalstyle = 'postgres'; set local extra_float_digits = 1;`);
}

export interface BackupSummary {
  file: string;
  migration: string | null;
  tables: Record<string, number>;
}

export async function backupTo(db: Db, file: string): Promise<BackupSummary> {
  const gzip = createGzip();
  const out = createWriteStream(file);
  const done = pipeline(gzip, out);
  const write = async (line: string) => {
    if (!gzip.write(line + '\n')) await once(gzip, 'drain');
  };
  try {
    const summary = await db.session(async (run) => {
      await beginSnapshot(run);
      try {
        const hasMigrations = (await run(`select to_regclass('public.luoshi_migrations') is not null as x`))[0].x === true;
        const applied = hasMigrations ? (await run('select name from luoshi_migrations order by name')).map((r) => String(r.name)) : [];
        const tables = await listTables(run);
        await write(JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), engine: db.engine, migrations: applied }));
        const end: EndRecord = { end: true, tables: {}, digests: {} };
        for (const t of tables) {
          await write(JSON.stringify({ table: t.name }));
          const digest = new RowDigest();
          end.tables[t.name] = await readTable(run, t, async (text) => {
            digest.add(text);
            await write(text);
          });
          end.digests![t.name] = digest.hex();
        }
        end.sequences = await readSequences(run);
        await write(JSON.stringify(end));
        return { file, migration: applied.at(-1) ?? null, tables: end.tables };
      } finally {
        await run('rollback');
      }
    });
    gzip.end();
    await done;
    return summary;
  } catch (e) {
    gzip.destroy();
    await done.catch(() => undefined);
    throw e;
  }
}

/**
 * A database is "in use" once anything was written through the application: every such write
 * leaves an audit row, and users and units are the first things an office creates. Reference data
 * written by migrations or the division loader does not count; restore replaces it.
 */
async function inUse(db: Db): Promise<boolean> {
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

interface BackupHeader {
  format: string;
  version: number;
  migrations: string[];
  createdAt?: string;
  engine?: string;
}

function openBackup(file: string): { header: () => Promise<BackupHeader>; next: () => Promise<string | null> } {
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
  const header = async (): Promise<BackupHeader> => {
    let h: Partial<BackupHeader>;
    try {
      h = JSON.parse((await next()) ?? '{}');
    } catch {
      throw new AppError('unprocessable', `${file} is not a luoshi backup`);
    }
    if (h.format !== BACKUP_FORMAT || !READABLE_VERSIONS.has(h.version ?? -1) || !Array.isArray(h.migrations)) {
      throw new AppError('unprocessable', `${file} is not a luoshi backup of format version ${[...READABLE_VERSIONS].join(' or ')}`);
    }
    const known = new Set(listMigrations().map((m) => m.name));
    const unknown = h.migrations.filter((m) => !known.has(m));
    if (unknown.length) {
      throw new AppError(
        'unprocessable',
        `the backup comes from a newer luoshi: its schema has migrations this version lacks (${unknown.join(', ')}). Upgrade luoshi, then restore; nothing was changed`,
      );
    }
    return h as BackupHeader;
  };
  return { header, next };
}

export interface RestoreOptions {
  /** Replace a database already in use (only once the whole restore succeeded). */
  force?: boolean;
  log?: (m: string) => void;
  /**
   * Apply the migrations newer than the backup after loading (default). Verification turns this off
   * to compare the restored rows with the file as they were.
   */
  migrateForward?: boolean;
}

/**
 * Restores a backup into a database not yet in use (or, with `force`, replacing all its data).
 * Everything — dropping the old schema, re-creating the backup's schema, loading the rows,
 * migrating forward — is one transaction: on any failure the target is exactly as it was.
 */
export async function restoreFrom(db: Db, file: string, opts: RestoreOptions = {}): Promise<BackupSummary> {
  const log = opts.log ?? (() => {});
  const { header: readHeader, next } = openBackup(file);
  const header = await readHeader();

  if ((await inUse(db)) && !opts.force) {
    throw new AppError('conflict', 'the target database is not empty: restore into an empty database, or pass --force to replace all its data');
  }
  const inBackup = new Set(header.migrations);
  const all = listMigrations();

  return db.session(async (run) => {
    await run('begin');
    try {
      // Serialises with a server migrating the same database at start.
      await run(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      // Start from nothing so that the backup's rows, not migration-seeded reference rows, are what
      // lands. DDL is transactional: a failure below rolls this back too.
      await run('drop schema public cascade; create schema public;');
      await applyMigrations(run, all.filter((m) => inBackup.has(m.name)), log);

      const tables = new Map((await listTables(run)).map((t) => [t.name, t]));
      // Rows are copied as they were: the roll-up maintained by triggers on data_values is in the
      // backup already (firing the trigger would add it twice), and the audit log's append-only
      // guard must not see the load. Internal (foreign key) triggers stay on.
      for (const t of tables.values()) if (t.hasUserTriggers) await run(`alter table ${ident(t.name)} disable trigger user`);
      if (tables.size) await run(`truncate ${[...tables.keys()].map(ident).join(', ')}`);
      await run('set constraints all deferred');

      const counts: Record<string, number> = {};
      const digests: Record<string, RowDigest> = {};
      let table: TableInfo | null = null;
      let batch: string[] = [];
      const flush = async () => {
        if (!table || batch.length === 0) return;
        await run(`insert into ${ident(table.name)} select * from jsonb_populate_recordset(null::${ident(table.name)}, ${lit('[' + batch.join(',') + ']')}::jsonb)`);
        counts[table.name] = (counts[table.name] ?? 0) + batch.length;
        batch = [];
      };
      let end: EndRecord | null = null;
      for (let line = await next(); line !== null; line = await next()) {
        if (!line) continue;
        if (line.startsWith('{"table":') || line.startsWith('{"end":')) {
          await flush();
          const meta = JSON.parse(line) as { table?: string } | EndRecord;
          if ('end' in meta) {
            end = meta;
            break;
          }
          table = tables.get(meta.table!) ?? null;
          if (!table) throw new AppError('unprocessable', `the backup has a table ${meta.table} that this schema lacks`);
          digests[table.name] = new RowDigest();
          log(`restoring ${table.name}`);
          continue;
        }
        if (!table) throw new AppError('unprocessable', 'the backup has rows before any table');
        digests[table.name].add(line);
        batch.push(line);
        if (batch.length >= LOAD_BATCH) await flush();
      }
      if (!end) throw new AppError('unprocessable', 'the backup is truncated (no end marker): nothing was restored');
      for (const [t, n] of Object.entries(end.tables ?? {})) {
        if ((counts[t] ?? 0) !== n) throw new AppError('unprocessable', `the backup is inconsistent: table ${t} has ${counts[t] ?? 0} rows, expected ${n}; nothing was restored`);
      }
      for (const [t, d] of Object.entries(end.digests ?? {})) {
        if ((digests[t]?.hex() ?? new RowDigest().hex()) !== d) throw new AppError('unprocessable', `the backup is damaged: the rows of table ${t} do not match their digest; nothing was restored`);
      }

      // Deferred foreign keys are checked here, so a violation fails before anything is committed
      // (and ALTER TABLE below refuses to run while their checks are pending).
      await run('set constraints all immediate');
      for (const t of tables.values()) if (t.hasUserTriggers) await run(`alter table ${ident(t.name)} enable trigger user`);
      // Sequences resume where the source stood (ids of deleted rows are not reused), and never
      // below the largest restored id, whatever the file says.
      const present = await readSequences(run);
      for (const [name, [value, called]] of Object.entries(end.sequences ?? {})) {
        if (present[name]) await run(`select setval(${lit(ident(name))}::regclass, ${Number(value)}, ${called ? 'true' : 'false'})`);
      }
      for (const t of tables.values()) {
        for (const col of t.serials) {
          const seq = (await run(`select pg_get_serial_sequence(${lit(ident(t.name))}, ${lit(col)}) as s`))[0]?.s;
          if (!seq) continue;
          const [{ m }] = await run(`select max(${ident(col)}) as m from ${ident(t.name)}`);
          const [pos] = await run(`select last_value, is_called from ${String(seq)}`);
          const used = pos.is_called === true ? Number(pos.last_value) : Number(pos.last_value) - 1;
          if (m !== null && Number(m) > used) await run(`select setval(${lit(String(seq))}, ${Number(m)}, true)`);
        }
      }
      if (opts.migrateForward !== false) await applyMigrations(run, all, log);
      const applied = (await run('select name from luoshi_migrations order by name')).map((r) => String(r.name));
      await run('commit');
      return { file, migration: applied.at(-1) ?? null, tables: counts };
    } catch (e) {
      await run('rollback').catch(() => undefined);
      throw e;
    }
  });
}

export interface VerifyReport {
  ok: boolean;
  file: string;
  migration: string | null;
  tables: { table: string; rows: number; restored: number; same: boolean }[];
  problems: string[];
}

/**
 * Proves a backup restorable: restores it into a scratch in-memory database (never the configured
 * one) and compares every table's rows, re-read from that database, and every sequence with the
 * counts and digests the file recorded when it was written.
 */
export async function verifyBackup(file: string, log: (m: string) => void = () => {}): Promise<VerifyReport> {
  const { header: readHeader, next } = openBackup(file);
  const header = await readHeader();
  let end: EndRecord | null = null;
  for (let line = await next(); line !== null; line = await next()) {
    if (line.startsWith('{"end":')) end = JSON.parse(line) as EndRecord;
  }
  const report: VerifyReport = { ok: false, file, migration: header.migrations.at(-1) ?? null, tables: [], problems: [] };
  if (!end) {
    report.problems.push('the file is truncated (no end marker)');
    return report;
  }
  if (!end.digests) report.problems.push('the file is of format version 1 (no digests): only row counts are compared');
  const scratch = await openDatabase({ dataDir: 'memory://' });
  try {
    try {
      await restoreFrom(scratch, file, { log, migrateForward: false });
    } catch (e) {
      report.problems.push(`restore failed: ${(e as Error).message}`);
      return report;
    }
    await scratch.session(async (run) => {
      await beginSnapshot(run);
      try {
        const tables = await listTables(run);
        const expected = new Set(Object.keys(end!.tables));
        for (const t of tables) {
          const digest = new RowDigest();
          const restored = await readTable(run, t, (text) => digest.add(text));
          const rows = end!.tables[t.name];
          if (rows === undefined) {
            report.problems.push(`table ${t.name} is not in the backup`);
            continue;
          }
          expected.delete(t.name);
          const same = restored === rows && (!end!.digests || end!.digests[t.name] === digest.hex());
          if (!same) report.problems.push(`table ${t.name}: ${restored} rows restored of ${rows}${restored === rows ? ', contents differ' : ''}`);
          report.tables.push({ table: t.name, rows, restored, same });
        }
        for (const t of expected) report.problems.push(`table ${t} of the backup was not restored`);
        const seqs = await readSequences(run);
        for (const [name, [value, called]] of Object.entries(end!.sequences ?? {})) {
          const got = seqs[name];
          if (!got || got[0] !== value || got[1] !== called) report.problems.push(`sequence ${name}: ${got ? got.join('/') : 'missing'}, expected ${value}/${called}`);
        }
      } finally {
        await run('rollback');
      }
    });
  } finally {
    await scratch.close();
  }
  report.ok = report.problems.filter((p) => !p.includes('format version 1')).length === 0;
  return report;
}
