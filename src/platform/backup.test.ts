import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { engineVariants } from '../../test/db.ts';
import { recordAudit, SYSTEM } from './audit.ts';
import { backupTo, restoreFrom } from './backup.ts';
import type { Db } from './db/database.ts';

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
      });
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
});
