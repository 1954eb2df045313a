import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/db.ts';
import { recordAudit, SYSTEM } from '../audit.ts';
import { openDatabase, transaction } from './database.ts';
import { listMigrations, migrate, migrationStatus } from './migrator.ts';

describeEachEngine('database', (getDb, engine) => {
  it('is fully migrated and a second migrate is a no-op', async () => {
    const db = getDb();
    const status = await migrationStatus(db);
    expect(status.pending).toEqual([]);
    expect(status.version).toBe(listMigrations().at(-1)!.name);
    expect(await migrate(db)).toEqual([]);
  });

  it('rolls a failed transaction back whole', async () => {
    const db = getDb();
    const before = await db.kysely.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    await expect(
      transaction(db, async (tx) => {
        await recordAudit(tx, SYSTEM, { action: 'test', entity: 'thing', entityId: 1, after: { a: 1 } });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const after = await db.kysely.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('keeps the audit log append-only', async () => {
    const db = getDb();
    await recordAudit(db.kysely, SYSTEM, { action: 'create', entity: 'thing', entityId: 'x1', after: { name: '海北' } });
    const row = await db.kysely.selectFrom('audit_log').selectAll().where('entity_id', '=', 'x1').executeTakeFirstOrThrow();
    expect(row.after).toEqual({ name: '海北' });
    await expect(db.kysely.updateTable('audit_log').set({ action: 'x' }).where('id', '=', row.id).execute()).rejects.toThrow(/append-only/);
    await expect(db.kysely.deleteFrom('audit_log').where('id', '=', row.id).execute()).rejects.toThrow(/append-only/);
  });

  it.runIf(engine === 'postgres')('survives the server closing its idle connections (restart, terminate) and reconnects', async () => {
    const db = getDb();
    await sql`select 1`.execute(db.kysely); // leaves an idle connection in the pool
    // Another session ends every other connection to this database, as a server restart would.
    await db.session((run) => run('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()'));
    await new Promise((r) => setTimeout(r, 200));
    const r = await sql<{ n: number }>`select 41 + 1 as n`.execute(db.kysely);
    expect(r.rows[0].n).toBe(42);
  });

  it('serialises concurrent transactions without interleaving', async () => {
    const db = getDb();
    await db.execScript('create table if not exists counter_test (n integer not null); insert into counter_test values (0);');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        transaction(db, async (tx) => {
          const { n } = await sql<{ n: number }>`select n from counter_test for update`.execute(tx).then((r) => r.rows[0]);
          await sql`update counter_test set n = ${n + 1}`.execute(tx);
        }),
      ),
    );
    const r = await sql<{ n: number }>`select n from counter_test`.execute(db.kysely);
    expect(r.rows[0].n).toBe(20);
  });
});

describe('embedded data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'luoshi-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second opener of the same directory with a clear message, and frees it on close', async () => {
    const first = await openDatabase({ dataDir: dir });
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/in use by another luoshi process/);
    await first.close();
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  });
});
