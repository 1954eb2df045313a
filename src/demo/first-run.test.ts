import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/db.ts';
import { buildDemo, isFreshDatabase } from './first-run.ts';

describeEachEngine('first-run demo', (getDb) => {
  it('builds divisions, active example plans and one account per role', async () => {
    const db = getDb();
    expect(await isFreshDatabase(db)).toBe(true);
    const accounts = await buildDemo(db, () => {});
    expect(accounts.map((a) => a.role).sort()).toEqual(['admin', 'leader', 'reporter', 'viewer']);
    expect(await isFreshDatabase(db)).toBe(false);
    const plans = await db.kysely.selectFrom('plans').select(['title', 'status']).execute();
    expect(plans).toHaveLength(5);
    expect(plans.every((p) => p.status === 'active')).toBe(true);
    const qinghai = await db.kysely.selectFrom('divisions').select('name').where('parent_code', '=', '63').execute();
    expect(qinghai.map((d) => d.name)).toEqual(expect.arrayContaining(['西宁市', '海东市', '海北藏族自治州']));
    const users = await db.kysely.selectFrom('users').select(['username', 'must_change_password']).execute();
    expect(users.every((u) => u.must_change_password)).toBe(true);
  });
});
