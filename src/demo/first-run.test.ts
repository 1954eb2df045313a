import { afterAll, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { planInvestments } from '../dashboards/investments.service.ts';
import { planStatus } from '../indicators/status.service.ts';
import { configureClock, today } from '../kernel/clock.ts';
import { compareWithRelated, getItems, relatedPlans } from '../plans/plan.service.ts';
import { completeness, myDue } from '../reporting/completeness.service.ts';
import { DEMO_TODAY } from './example-plans.ts';
import { buildDemo, isFreshDatabase } from './first-run.ts';

describeEachEngine('first-run demo', (getDb) => {
  afterAll(() => configureClock({ today: null }));

  it('builds divisions, plans, accounts and two years of reports that give every view content', async () => {
    const db = getDb();
    expect(await isFreshDatabase(db)).toBe(true);
    const accounts = await buildDemo(db, () => {});
    expect(accounts.map((a) => a.role).sort()).toEqual(['admin', 'leader', 'reporter', 'viewer']);
    expect(await isFreshDatabase(db)).toBe(false);
    const plans = await db.kysely.selectFrom('plans').select(['id', 'title', 'status', 'division_code', 'published', 'doc_number']).orderBy('id').execute();
    expect(plans).toHaveLength(6);
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
  }, 300_000);

  it("shows 海北's operators' completed investment each for itself beside what the plan commits them to", async () => {
    const db = getDb();
    const haibei = await db.kysely.selectFrom('plans').select(['id']).where('division_code', '=', '6322').where('status', '=', 'active').orderBy('id').executeTakeFirstOrThrow();
    const inv = await planInvestments(db, Number(haibei.id));
    const operators = inv.items.filter((u) => /电信|移动|联通/.test(u.unitName) && u.planned > 0);
    expect(operators.length).toBeGreaterThanOrEqual(2);
    // Before values by unit, every operator showed 0 done (each approval replaced the last).
    for (const u of operators) expect(u.done, u.unitName).toBeGreaterThan(0);
    expect(new Set(operators.map((u) => Math.round((u.done / u.planned) * 100))).size).toBe(operators.length);
    expect(inv.totals.done).toBeCloseTo(operators.reduce((s, u) => s + u.done, 0) + inv.items.filter((u) => !operators.includes(u)).reduce((s, u) => s + u.done, 0), 1);
  }, 60_000);

  // Before: the story was judged against the real date (逾期 3919 天, the reporter's report locked).
  it('declares its own today, on which the reporter has an open report to correct', async () => {
    const db = getDb();
    expect(today()).toBe(DEMO_TODAY);
    const app = await buildTestApp(db);
    try {
      const clock = await app.inject({ method: 'GET', url: '/api/clock' });
      expect(clock.json()).toEqual({ today: DEMO_TODAY, declared: true, demo: true });
    } finally {
      await app.close();
    }
    const reporter = await db.kysely.selectFrom('users').select(['unit_id']).where('username', '=', 'reporter').executeTakeFirstOrThrow();
    const due = await myDue(db.kysely, { unitId: Number(reporter.unit_id) }, today());
    const open = due.reports.filter((r) => r.status === 'returned' || r.status === 'draft' || r.status === 'not_started');
    expect(open.length).toBeGreaterThan(0);
    for (const r of open) {
      expect(r.locksOn === null || r.locksOn > today() || r.unlocked).toBe(true);
      const daysLate = (Date.parse(today()) - Date.parse(r.dueOn)) / 86_400_000;
      expect(daysLate).toBeLessThan(30);
    }
  });

  // Before: the portal showed `../shared/domain/indicators.md §2` as every indicator's source.
  it('names each indicator source by its document, never a repository path', async () => {
    const rows = await getDb()
      .kysely.selectFrom('indicator_versions as v')
      .innerJoin('indicators as i', 'i.id', 'v.indicator_id')
      .select(['i.code', 'v.source'])
      .execute();
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) expect(String(r.source)).not.toMatch(/\.md|\.\.\/|§/);
    expect(rows.find((r) => r.code === 'FBB_HH_PEN')?.source).toBe('《“宽带中国”战略及实施方案》（国发〔2013〕31号）');
  });

  // Before: 海北's tasks were titled by their unit (州政府电子政务中心) on every list.
  it('titles 海北 tasks by what is to be done, not by their unit', async () => {
    const db = getDb();
    const haibei = await db.kysely.selectFrom('plans').select('id').where('division_code', '=', '6322').executeTakeFirstOrThrow();
    const tasks = (await getItems(db, haibei.id, 'task')).filter((t) => t.reviewStatus !== 'deleted');
    expect(tasks.length).toBeGreaterThan(10);
    for (const t of tasks) {
      const leads = (t.data.leadUnits as string[]) ?? [];
      expect(leads).not.toContain(t.data.title);
      expect(String(t.data.title)).not.toMatch(/^(州|各)[^，、]{1,12}(局|委|中心|公司|部门)$/);
    }
    expect(tasks.map((t) => t.data.title)).toContain('履行领导小组办公室职责，通报进展、督促落实投资计划');
  });

  // Before: no national plan, so 湖南's plan implemented nothing the tracker knew.
  it('links 湖南 to the national strategy it implements and compares their targets', async () => {
    const db = getDb();
    const national = await db.kysely.selectFrom('plans').select(['id', 'division_code', 'status', 'issuer']).where('doc_number', '=', '国发〔2013〕31号').executeTakeFirstOrThrow();
    expect(national).toMatchObject({ division_code: null, status: 'active', issuer: '国务院' });
    const hunan = await db.kysely.selectFrom('plans').select('id').where('division_code', '=', '43').executeTakeFirstOrThrow();
    expect(await relatedPlans(db, hunan.id)).toContainEqual(expect.objectContaining({ id: national.id, relation: 'implements' }));
    const cmp = await compareWithRelated(db, hunan.id, async () => true);
    const fbb = cmp.find((c) => c.target.indicator === '固定宽带家庭普及率' && c.target.deadline === '2015');
    expect(fbb?.target.value).toBe(45);
    expect(fbb?.counterparts.find((o) => o.planId === national.id && o.deadline === '2015')?.value).toBe(50);
    const targets = (await getItems(db, national.id, 'target')).filter((t) => t.reviewStatus !== 'deleted');
    const speeds = targets.filter((t) => t.data.indicator === '家庭宽带接入能力').map((t) => `${t.data.scope} ${t.data.value} ${t.data.deadline}`);
    expect(speeds.sort()).toEqual(['农村 12 2020', '农村 4 2015', '城市 20 2015', '城市 50 2020', '部分发达城市 100 2015']);
  });
});
