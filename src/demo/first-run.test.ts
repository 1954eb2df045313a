import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/db.ts';
import { planStatus } from '../indicators/status.service.ts';
import { completeness } from '../reporting/completeness.service.ts';
import { buildDemo, isFreshDatabase } from './first-run.ts';

describeEachEngine('first-run demo', (getDb) => {
  it('builds divisions, plans, accounts and two years of reports that give every view content', async () => {
    const db = getDb();
    expect(await isFreshDatabase(db)).toBe(true);
    const accounts = await buildDemo(db, () => {});
    expect(accounts.map((a) => a.role).sort()).toEqual(['admin', 'leader', 'reporter', 'viewer']);
    expect(await isFreshDatabase(db)).toBe(false);
    const plans = await db.kysely.selectFrom('plans').select(['id', 'title', 'status', 'division_code', 'published']).orderBy('id').execute();
    expect(plans).toHaveLength(5);
    expect(plans.every((p) => p.status === 'active')).toBe(true);
    const qinghai = await db.kysely.selectFrom('divisions').select('name').where('parent_code', '=', '63').execute();
    expect(qinghai.map((d) => d.name)).toEqual(expect.arrayContaining(['西宁市', '海东市', '海北藏族自治州']));
    const users = await db.kysely.selectFrom('users').select(['username', 'must_change_password']).execute();
    expect(users.every((u) => u.must_change_password)).toBe(true);

    // Targets of the 海北 plan are judged on the replayed data, and not all the same way.
    const haibei = plans.find((p) => p.division_code === '6322')!;
    const status = await planStatus(db, haibei.id, {});
    const judged = status.targets.filter((t) => t.status !== 'no_data');
    expect(judged.length).toBeGreaterThanOrEqual(4);
    expect(new Set(judged.map((t) => t.status)).size).toBeGreaterThanOrEqual(2);
    expect(judged.every((t) => t.series.filter((s) => s.value !== null).length >= 2)).toBe(true);
    expect(status.tasks.length).toBeGreaterThan(5);

    // Reporting has on-time, late and missing reports, and the reporter has one sent back to fix.
    const c = await completeness(db.kysely, { planId: undefined, asOf: '2016-06-30' });
    expect(c.totals.onTime).toBeGreaterThan(0);
    expect(c.totals.late).toBeGreaterThan(0);
    expect(c.totals.missing).toBeGreaterThan(0);
    const statuses = await db.kysely.selectFrom('submissions').select('status').distinct().execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(['approved', 'returned', 'submitted']);

    // Provinces roll up from their counties; the office published some plans and not others.
    const values = await db.kysely.selectFrom('data_values').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(values.n)).toBeGreaterThan(50_000);
    expect(plans.filter((p) => p.published).length).toBeGreaterThan(0);
    expect(plans.filter((p) => !p.published).length).toBeGreaterThan(0);
  });
});
