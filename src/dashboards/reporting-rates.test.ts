/**
 * One definition of each reporting rate, the same number in the dashboard and the briefing.
 * Defects: the briefing said 70.0% on time and the dashboard 71% for the same quarter (the
 * dashboard read quarterly reports only, as of today; the briefing the quarter's monthly reports
 * too, as of the day after they fell due); and a form created today made every period that had
 * locked long before it existed count as 未报.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { makeBroadbandElements, makeMonthlyForm, makeUnit, seedHaibei, uniq } from '../../test/reporting-fixtures.ts';
import { assembleBriefing } from '../briefings/briefing.assemble.ts';
import { today } from '../kernel/clock.ts';
import { ON_TIME_RATE } from '../kernel/rates.ts';
import { SYSTEM } from '../platform/audit.ts';
import { createForm } from '../reporting/form.service.ts';
import { completeness, planReporting } from '../reporting/completeness.service.ts';
import { addDays, endOfChinaDay } from '../kernel/day.ts';
import { parsePeriod } from '../kernel/period.ts';

describeEachEngine('reporting rates: one definition', (getDb) => {
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let planId: number;

  beforeAll(async () => {
    const db = getDb();
    await seedHaibei(db);
    const plan = await db.kysely.insertInto('plans').values({ title: uniq('海北宽带方案'), source_text: '', division_code: '6322', period_start: 2014, period_end: 2015, status: 'active' }).returning('id').executeTakeFirstOrThrow();
    planId = Number(plan.id);
    const units = [await makeUnit(db, uniq('电信海北'), '632221'), await makeUnit(db, uniq('移动海北'), '632222'), await makeUnit(db, uniq('联通海北'), '632223')];
    const els = await makeBroadbandElements(db);
    const common = { planId, elements: [{ elementId: els.users.id, required: true }], rules: [], startsOn: '2014-01-01', endsOn: '2014-12-31' };
    const quarterly = await createForm(db, SYSTEM, {
      ...common, code: uniq('HB-Q-'), name: uniq('季报'), periodType: 'Q', dueRule: { kind: 'offset', days: 8 }, graceDays: 60,
      assignments: units.map((u, i) => ({ unitId: u, divisionCode: `63222${i + 1}` })),
    });
    const monthly = await createForm(db, SYSTEM, {
      ...common, code: uniq('HB-M-'), name: uniq('月报'), periodType: 'M', dueRule: { kind: 'offset', days: 10 }, graceDays: 60,
      assignments: units.slice(0, 2).map((u, i) => ({ unitId: u, divisionCode: `63222${i + 1}` })),
    });
    const sent = async (formId: number, unitId: number, period: string, at: string) => {
      await db.kysely.insertInto('submissions').values({ form_id: formId, unit_id: unitId, period, status: 'submitted', submitted_at: new Date(at), first_submitted_at: new Date(at) }).execute();
    };
    // 2014Q2 (due 07-08): 电信 on time, 移动 late (07-20), 联通 never.
    await sent(quarterly.id, units[0], '2014Q2', '2014-07-05T10:00:00+08:00');
    await sent(quarterly.id, units[1], '2014Q2', '2014-07-20T10:00:00+08:00');
    // Months of Q2 (due the 10th after): 电信 on time; 移动 April on time, May late, June on 07-25.
    for (const m of ['2014M04', '2014M05', '2014M06']) await sent(monthly.id, units[0], m, `2014-${m.slice(-2)}-28T10:00:00+08:00`);
    await sent(monthly.id, units[1], '2014M04', '2014-05-09T10:00:00+08:00');
    await sent(monthly.id, units[1], '2014M05', '2014-06-15T10:00:00+08:00');
    await sent(monthly.id, units[1], '2014M06', '2014-07-25T10:00:00+08:00');
    app = await buildTestApp(db);
    const a = await createUser(db, { role: 'admin' });
    admin = (await login(app, a.username, a.password)).headers;
  }, 120_000);
  afterAll(() => app?.close());

  it('shows the dashboard the same on-time rate as the briefing for the same quarter, with its definition', async () => {
    const briefing = await assembleBriefing(getDb().kysely, planId, '2014Q2', { extras: false });
    // the day after the quarter's last report fell due (2014M06: 07-10)
    expect(briefing.asOf).toBe('2014-07-11');
    const r = await app.inject({ method: 'GET', url: `/api/plans/${planId}/reporting?period=2014Q2`, headers: admin });
    expect(r.statusCode, r.body).toBe(200);
    const dash = r.json();
    expect(dash.asOf).toBe('2014-07-11');
    // owed: 3 quarterly + 6 monthly = 9; on time: 电信 4, 移动 April = 5; submitted by 07-11: 6
    expect(dash.totals).toMatchObject({ expected: 9, onTime: 5, submitted: 6, late: 1, missing: 3 });
    expect(dash.totals.onTimeRate).toBeCloseTo(5 / 9, 4);
    expect(briefing.completeness!.onTimeRate.value).toBeCloseTo(dash.totals.onTimeRate * 100, 9);
    expect(briefing.completeness!.submissionRate.value).toBeCloseTo(dash.totals.submittedRate * 100, 9);
    expect(dash.definitions.onTimeRate.definition).toEqual(ON_TIME_RATE.definition);
    expect(briefing.completeness!.definitions?.onTimeRate).toBe(ON_TIME_RATE.definition.zh);
    // An explicit as-of day moves both the same way.
    const later = (await app.inject({ method: 'GET', url: `/api/plans/${planId}/reporting?period=2014Q2&asOf=2014-07-31`, headers: admin })).json();
    const laterBriefing = await assembleBriefing(getDb().kysely, planId, '2014Q2', { asOf: '2014-07-31', extras: false });
    expect(later.totals).toMatchObject({ expected: 9, submitted: 8, onTime: 5, late: 3, missing: 1 });
    expect(laterBriefing.completeness!.onTimeRate.value).toBeCloseTo(later.totals.onTimeRate * 100, 9);
    expect((await app.inject({ method: 'GET', url: `/api/plans/${planId}/reporting?period=2014Q5`, headers: admin })).statusCode).toBe(400);
  });

  it('owes only reports due by the as-of day: an early report of a period not yet due is not in the rate', async () => {
    const r = await completeness(getDb().kysely, { planId, asOf: '2014-07-09' });
    expect(r.rows.every((x) => x.dueOn <= '2014-07-09')).toBe(true);
    expect(r.rows.some((x) => x.period === '2014M06')).toBe(false);
  });

  it('property: reports submitted after the as-of day or of later periods never change a period\'s rates', async () => {
    const db = getDb();
    const forms = await db.kysely.selectFrom('forms').select(['id', 'period_type']).where('plan_id', '=', planId).execute();
    const units = (await db.kysely.selectFrom('form_assignments').select(['form_id', 'unit_id']).where('form_id', 'in', forms.map((f) => f.id)).execute()).map((a) => ({ formId: Number(a.form_id), unitId: Number(a.unit_id) }));
    const used = new Set((await db.kysely.selectFrom('submissions').select(['form_id', 'unit_id', 'period']).execute()).map((x) => `${x.form_id}|${x.unit_id}|${x.period}`));
    let seed = 20140711;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
    const periodsOf = (type: string) => (type === 'Q' ? ['2014Q1', '2014Q2', '2014Q3', '2014Q4'] : Array.from({ length: 12 }, (_, i) => `2014M${String(i + 1).padStart(2, '0')}`));
    for (let i = 0; i < 6; i++) {
      const period = pick(['2014Q1', '2014Q2', '2014Q3', '2014H1', '2014M05']);
      const p = parsePeriod(period);
      const asOf = addDays(p.start, Math.floor(next() * 150));
      const before = await planReporting(db.kysely, { planId, period, asOf }, '2016-03-20');
      // a report of any period first submitted just after the as-of day ends (Beijing)
      const late = new Date(endOfChinaDay(asOf).getTime() + Math.floor(next() * 5) * 3_600_000);
      const free = units.flatMap((u) => periodsOf(forms.find((f) => Number(f.id) === u.formId)!.period_type).map((code) => ({ ...u, code }))).filter((x) => !used.has(`${x.formId}|${x.unitId}|${x.code}`));
      const a = pick(free);
      used.add(`${a.formId}|${a.unitId}|${a.code}`);
      await db.kysely.insertInto('submissions').values({ form_id: a.formId, unit_id: a.unitId, period: a.code, status: 'submitted', submitted_at: late, first_submitted_at: late }).execute();
      // a report of a period after the one asked for, submitted early
      const laterFree = free.filter((x) => parsePeriod(x.code).start > p.end && !used.has(`${x.formId}|${x.unitId}|${x.code}`));
      if (laterFree.length) {
        const b = pick(laterFree);
        used.add(`${b.formId}|${b.unitId}|${b.code}`);
        await db.kysely.insertInto('submissions').values({ form_id: b.formId, unit_id: b.unitId, period: b.code, status: 'approved', submitted_at: new Date(`${p.start}T10:00:00+08:00`), first_submitted_at: new Date(`${p.start}T10:00:00+08:00`) }).execute();
      }
      const after = await planReporting(db.kysely, { planId, period, asOf }, '2016-03-20');
      expect({ i, period, asOf, after }).toEqual({ i, period, asOf, after: before });
    }
  });

  it('does not owe periods that locked before the form existed', async () => {
    const db = getDb();
    const unit = await makeUnit(db, uniq('州统计局'), '632221');
    const els = await makeBroadbandElements(db);
    const now = today();
    const twoYearsAgo = `${Number(now.slice(0, 4)) - 2}-01-01`;
    const form = await makeMonthlyForm(db, els, [{ unitId: unit, divisionCode: '632221' }], { startsOn: twoYearsAgo, graceDays: 15 });
    const r = await completeness(db.kysely, { formId: form.id, asOf: now });
    // Before: every month since two years ago was 未报. Now only months still open when the form was created.
    expect(r.totals.expected).toBeLessThanOrEqual(1);
    expect(r.rows.every((x) => x.state === 'missing')).toBe(true);
  });
});
