import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineVariant, engineVariants } from '../../test/db.ts';
import { buildDemo } from '../demo/first-run.ts';
import { backupTo, restoreFrom } from './backup.ts';
import type { Db, Engine } from './db/database.ts';

/**
 * Every table's rows (an md5 over the sorted md5 of each row's to_jsonb text, with the time zone
 * fixed so timestamps print alike) and every sequence's position. Written here, independent of
 * backup.ts, so the test does not grade the code with its own ruler.
 */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  return db.kysely.transaction().execute(async (tx) => {
    await sql`set local timezone = 'UTC'`.execute(tx);
    const tables = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'luoshi_migrations' order by 1`.execute(tx);
    const out: Record<string, string> = {};
    for (const { name } of tables.rows) {
      const r = await sql<{ n: number; d: string }>`${sql.raw(
        `select count(*)::int as n, md5(coalesce(string_agg(h, '' order by h collate "C"), '')) as d from (select md5(to_jsonb(t)::text) as h from "${name}" t) x`,
      )}`.execute(tx);
      out[name] = `${r.rows[0].n} ${r.rows[0].d}`;
    }
    const seqs = await sql<{ name: string; v: string | null }>`
      select sequencename as name, last_value::text as v from pg_sequences where schemaname = 'public' order by 1`.execute(tx);
    for (const s of seqs.rows) out[`sequence ${s.name}`] = String(s.v);
    return out;
  });
}

describe('backup and restore of the full demo, every direction between the engines', () => {
  const variants = engineVariants();
  const dir = mkdtempSync(join(tmpdir(), 'luoshi-backup-demo-'));
  const sources = new Map<Engine, { file: string; print: Record<string, string> }>();

  beforeAll(async () => {
    // The demo takes ~30 s per engine: build it once per engine and back it up once.
    for (const v of variants) {
      const db = await v.open();
      try {
        await buildDemo(db, () => {});
        const file = join(dir, `demo-${v.engine}.jsonl.gz`);
        await backupTo(db, file);
        sources.set(v.engine, { file, print: await fingerprint(db) });
      } finally {
        await db.close();
      }
    }
  }, 900_000);
  afterAll(() => sources.clear());

  const pairs: [Engine, EngineVariant][] = [];
  for (const from of variants) for (const to of variants) pairs.push([from.engine, to]);
  for (const [from, to] of pairs) {
    it(`restores the demo ${from} → ${to.engine} with every row and sequence equal`, async () => {
      const src = sources.get(from)!;
      expect(Number(src.print.data_values.split(' ')[0])).toBeGreaterThan(10_000);
      expect(Number(src.print.indicator_rollup.split(' ')[0])).toBeGreaterThan(1_000);
      const db = await to.open();
      try {
        await restoreFrom(db, src.file);
        expect(await fingerprint(db)).toEqual(src.print);
        // New rows take ids after the restored ones.
        const max = await sql<{ m: number }>`select max(id)::int as m from audit_log`.execute(db.kysely);
        const next = await sql<{ id: number }>`insert into audit_log (action, entity, entity_id) values ('test', 'test', 'x') returning id`.execute(db.kysely);
        expect(Number(next.rows[0].id)).toBeGreaterThan(max.rows[0].m);
      } finally {
        await db.close();
      }
    }, 120_000);
  }
});
