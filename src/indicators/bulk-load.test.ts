import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/db.ts';
import type { Db } from '../platform/db/database.ts';
import { bulkLoadValues, bulkRow, type BulkRow } from './bulk-load.ts';
import { elementValues } from './query.service.ts';
import { rebuildRollup } from './rollup.repository.ts';

let seq = 0;
const uniq = (s: string) => `${s}_${process.pid}_${++seq}`;

/** The URL of this test database (PostgreSQL variant), so the COPY path is the one tested. */
async function urlOf(db: Db): Promise<string | undefined> {
  if (db.engine !== 'postgres' || !process.env.TEST_DATABASE_URL) return undefined;
  const name = (await sql<{ n: string }>`select current_database() as n`.execute(db.kysely)).rows[0].n;
  const u = new URL(process.env.TEST_DATABASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

describeEachEngine('bulk value load', (getDb) => {
  let users: number;
  let speed: number;
  let url: string | undefined;

  beforeAll(async () => {
    const db = getDb();
    url = await urlOf(db);
    const el = async (code: string, o: { spatial?: 'sum' | 'weighted'; weight?: number } = {}) =>
      Number(
        (
          await db.kysely
            .insertInto('data_elements')
            .values({ code, name: code, value_type: 'number', temporal: 'stock', division_level: 5, spatial: o.spatial ?? 'sum', weight_element_id: o.weight ?? null })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
    users = await el(uniq('USERS'));
    speed = await el(uniq('SPEED'), { spatial: 'weighted', weight: users });
  });

  it('loads values whole and rebuilds their roll-up once', async () => {
    const rows: BulkRow[] = [];
    // 2 towns × 3 villages × 12 months
    for (const town of ['630102001', '630102002'])
      for (let v = 1; v <= 3; v++)
        for (let m = 1; m <= 12; m++) {
          const code = `${town}00${v}`;
          const period = `2016M${String(m).padStart(2, '0')}`;
          rows.push(bulkRow({ elementId: users, divisionCode: code, period, value: v * 10 + m }));
          rows.push(bulkRow({ elementId: speed, divisionCode: code, period, value: v * 2.5, unitId: null }));
        }
    const r = await bulkLoadValues(getDb(), [rows.slice(0, 50), rows.slice(50)], { databaseUrl: url, batchSize: 7 });
    expect(r.rows).toBe(144);
    expect(new Set(r.elements)).toEqual(new Set([users, speed]));
    const [county] = await elementValues(getDb().kysely, { element: users, divisionCodes: ['630102'], periods: ['2016M12'] });
    // villages 1..3 in 2 towns: 2 × ((10+12) + (20+12) + (30+12))
    expect(county).toMatchObject({ value: 2 * (22 + 32 + 42), contributors: 6 });
    const [s] = await elementValues(getDb().kysely, { element: speed, divisionCodes: ['63'], periods: ['2016M12'] });
    const w = [22, 32, 42];
    expect(s.value).toBeCloseTo((2 * (w[0] * 2.5 + w[1] * 5 + w[2] * 7.5)) / (2 * (22 + 32 + 42)), 10);

    // whichever way the load built the roll-up, it is the one a full rebuild gives
    const snapshot = async () =>
      (await getDb().kysely.selectFrom('indicator_rollup').selectAll().where('element_id', 'in', [users, speed]).orderBy('element_id').orderBy('level').orderBy('division_key').orderBy('month').execute()).map((x) => ({
        ...x,
        total: Math.round(x.total * 1e6) / 1e6,
        weight: Math.round(x.weight * 1e6) / 1e6,
      }));
    const loaded = await snapshot();
    expect(loaded.length).toBe(2 * (2 + 1 + 1 + 1 + 1) * 12);
    await rebuildRollup(getDb().kysely, [users, speed]);
    expect(await snapshot()).toEqual(loaded);
  });

  it('a duplicate key fails the whole load: nothing of it stays', async () => {
    const before = await getDb().kysely.selectFrom('data_values').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const fresh = bulkRow({ elementId: users, divisionCode: '630102003001', period: '2016M01', value: 1 });
    const dup = bulkRow({ elementId: users, divisionCode: '630102001001', period: '2016M01', value: 2 });
    await expect(bulkLoadValues(getDb(), [[fresh, dup]], { databaseUrl: url })).rejects.toMatchObject({ code: 'duplicate' });
    const after = await getDb().kysely.selectFrom('data_values').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const [town] = await elementValues(getDb().kysely, { element: users, divisionCodes: ['630102003'], periods: ['2016M01'] });
    expect(town.value).toBeNull();
    // the insert trigger is on again: an approval after a bulk load still rolls up
    const t = await sql<{ n: number }>`select count(*)::integer as n from pg_trigger where tgname = 'data_values_rollup_ins' and tgenabled = 'O'`.execute(getDb().kysely);
    expect(t.rows[0].n).toBe(1);
  });
});
