import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main.ts';
import { engineVariants } from '../../test/db.ts';
import { recordAudit, SYSTEM } from './audit.ts';
import { backupTo, restoreFrom, verifyBackup } from './backup.ts';
import { type Db, openDatabase } from './db/database.ts';
import { listMigrations, migrate, migrationStatus } from './db/migrator.ts';

async function seed(db: Db) {
  await db.kysely
    .insertInto('divisions')
    .values([
      { code: '63', name: '青海省', level: 1, parent_code: null, full_name: '青海省' },
      { code: '6322', name: '海北藏族自治州', level: 2, parent_code: '63', full_name: '青海省海北藏族自治州' },
    ])
    .execute();
  const u = await db.kysely
    .insertInto('units')
    .values({ name: `州经济和商务委员会'; drop table units;--<b>`, division_code: '6322', kind: 'department', aliases: ['州经商委', '经商委'], contact_email: 'a@b.cn' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(db.kysely, SYSTEM, { action: 'create', entity: 'unit', entityId: u.id, after: { amount: 0.1, big: '12345678901234567890.12' } });
}

async function snapshot(db: Db) {
  const out: Record<string, unknown> = {};
  for (const t of ['divisions', 'units', 'audit_log']) {
    out[t] = (await sql<{ j: string }>`${sql.raw(`select to_jsonb(t)::text as j from ${t} t order by 1`)}`.execute(db.kysely)).rows.map((r) => r.j);
  }
  return out;
}

describe('backup and restore', () => {
  const variants = engineVariants();
  const dir = mkdtempSync(join(tmpdir(), 'luoshi-backup-'));

  for (const from of variants) {
    for (const to of variants) {
      it(`round-trips ${from.engine} → ${to.engine} losslessly`, async () => {
        const a = await from.open();
        const b = await to.open();
        try {
          await seed(a);
          const file = join(dir, `${from.engine}-${to.engine}.luoshi.gz`);
          const s = await backupTo(a, file);
          expect(s.tables.units).toBe(1);
          // The target is freshly migrated but empty, so restore is allowed.
          await restoreFrom(b, file);
          expect(await snapshot(b)).toEqual(await snapshot(a));
          // Sequences continue after the restored ids.
          const next = await b.kysely.insertInto('units').values({ name: '新单位', division_code: '63', kind: 'other' }).returning('id').executeTakeFirstOrThrow();
          expect(next.id).toBeGreaterThan(1);
          // A second restore into the now non-empty database is refused.
          await expect(restoreFrom(b, file)).rejects.toThrow(/not empty/);
        } finally {
          await a.close();
          await b.close();
        }
      }, 180_000);
    }
  }

  it('refuses a file that is not a backup, and a truncated one, restoring nothing', async () => {
    const db = await variants[0].open();
    try {
      const junk = join(dir, 'junk.gz');
      writeFileSync(junk, 'not gzip at all');
      await expect(restoreFrom(db, junk)).rejects.toThrow(/not a (readable )?luoshi backup/);
    } finally {
      await db.close();
    }
  });

  /** Rewrites a backup's lines (to damage it on purpose). */
  const rewrite = (from: string, to: string, edit: (lines: string[]) => string[]) =>
    writeFileSync(to, gzipSync(edit(gunzipSync(readFileSync(from)).toString('utf8').split('\n')).join('\n')));

  for (const v of variants) {
    it(`restore --force that fails leaves the target exactly as it was [${v.engine}]`, async () => {
      const src = await variants[0].open();
      const target = await v.open();
      try {
        await seed(src);
        const good = join(dir, `force-${v.engine}.gz`);
        await backupTo(src, good);
        // The target holds other data, audit rows included.
        await target.kysely.insertInto('divisions').values({ code: '43', name: '湖南省', level: 1, parent_code: null, full_name: '湖南省' }).execute();
        await recordAudit(target.kysely, SYSTEM, { action: 'create', entity: 'division', entityId: '43' });
        const before = await snapshot(target);

        const truncated = join(dir, `truncated-${v.engine}.gz`);
        rewrite(good, truncated, (l) => l.filter((x) => !x.startsWith('{"end":')));
        await expect(restoreFrom(target, truncated, { force: true })).rejects.toThrow(/truncated/);
        expect(await snapshot(target)).toEqual(before);

        // A row the schema refuses (a unit in a division that does not exist) fails mid-load.
        const refused = join(dir, `refused-${v.engine}.gz`);
        rewrite(good, refused, (l) => l.map((x) => x.replace('"division_code": "6322"', '"division_code": "9999"')));
        await expect(restoreFrom(target, refused, { force: true })).rejects.toThrow();
        expect(await snapshot(target)).toEqual(before);

        const future = join(dir, `future-${v.engine}.gz`);
        rewrite(good, future, (l) => [l[0].replace('"migrations":[', '"migrations":["9999_from_the_future",'), ...l.slice(1)]);
        await expect(restoreFrom(target, future, { force: true })).rejects.toThrow(/newer luoshi.*9999_from_the_future.*nothing was changed/);
        expect(await snapshot(target)).toEqual(before);

        // And the good file replaces everything.
        await restoreFrom(target, good, { force: true });
        expect(await snapshot(target)).toEqual(await snapshot(src));
      } finally {
        await src.close();
        await target.close();
      }
    }, 180_000);
  }

  it('verify restores a backup into a scratch database and reports a damaged one (CLI exit 0/1)', async () => {
    const db = await variants.at(-1)!.open();
    try {
      await seed(db);
      const good = join(dir, 'verify-good.gz');
      await backupTo(db, good);
      const r = await verifyBackup(good);
      expect(r.problems).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.tables.find((t) => t.table === 'units')).toEqual({ table: 'units', rows: 1, restored: 1, same: true });

      const damaged = join(dir, 'verify-damaged.gz');
      rewrite(good, damaged, (l) => l.map((x) => x.replace('州经商委', '州经信委')));
      const bad = await verifyBackup(damaged);
      expect(bad.ok).toBe(false);
      expect(bad.problems.join('\n')).toMatch(/units/);

      const out: string[] = [];
      const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
      const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        expect(await main(['backup', '--verify', good])).toBe(0);
        expect(out.join('\n')).toMatch(/verified .* restore identically/);
        expect(await main(['backup', '--verify', damaged])).toBe(1);
        expect(out.join('\n')).toMatch(/problem: .*units/);
      } finally {
        spy.mockRestore();
        err.mockRestore();
      }
    } finally {
      await db.close();
    }
  }, 240_000);

  it('restores a backup of an older schema and migrates it forward in the same transaction', async () => {
    // An installation that stopped at the divisions/units migrations (before plans existed).
    const old = await openDatabase({ dataDir: 'memory://' });
    const target = await variants.at(-1)!.open();
    try {
      const early = new Set(listMigrations().map((m) => m.name).filter((n) => n < '0150'));
      await migrate(old, () => {}, { only: early });
      await seed(old);
      const file = join(dir, 'older-schema.gz');
      await backupTo(old, file);
      const s = await restoreFrom(target, file);
      const st = await migrationStatus(target);
      expect(st.pending).toEqual([]);
      expect(s.migration).toBe(st.version);
      expect(await snapshot(target)).toEqual(await snapshot(old));
      // Tables of the later migrations exist (empty) and work.
      const n = await sql<{ n: number }>`select count(*)::int as n from plans`.execute(target.kysely);
      expect(n.rows[0].n).toBe(0);
    } finally {
      await old.close();
      await target.close();
    }
  }, 180_000);
});
