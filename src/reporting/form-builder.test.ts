import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { HAIBEI_COUNTIES, makeBroadbandElements, makeUnit, monthsAgo, monthsAhead, seedHaibei, uniq } from '../../test/reporting-fixtures.ts';
import { SYSTEM } from '../platform/audit.ts';
import { getSubmission, openSubmission, saveDraft } from './submission.service.ts';

/**
 * The form builder's server side: a form built from a plan's reporting duty asks progress on the
 * tasks chosen; the preview shows the cells a unit would owe before saving; and a form in use
 * refuses the edits that would strand what its reports hold (decision 0520), naming the field.
 */
describeEachEngine('form builder', (getDb) => {
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let reporterH: Record<string, string>;
  let reporterId: number;
  let unitId: number;
  let otherUnit: number;
  let planId: number;
  let dutyId: number;
  const tasks: number[] = [];
  let els: Awaited<ReturnType<typeof makeBroadbandElements>>;

  beforeAll(async () => {
    const db = getDb();
    await seedHaibei(db);
    els = await makeBroadbandElements(db);
    unitId = await makeUnit(db, '海北州工信局', '6322');
    otherUnit = await makeUnit(db, '门源县工信局', '632221');
    const plan = await db.kysely
      .insertInto('plans')
      .values({ title: '海北州宽带实施方案', division_code: '6322', status: 'active', source_text: '……', activated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    planId = Number(plan.id);
    for (const [i, title] of ['推进光纤到户改造', '实施宽带乡村工程'].entries()) {
      const t = await db.kysely.insertInto('plan_items').values({ plan_id: planId, kind: 'task', ord: i + 1, data: JSON.stringify({ title }), review_status: 'accepted' }).returning('id').executeTakeFirstOrThrow();
      tasks.push(Number(t.id));
      await db.kysely.insertInto('plan_item_units').values({ item_id: t.id, role: 'lead', name_as_written: '州工信局', unit_id: unitId }).execute();
    }
    const duty = await db.kysely
      .insertInto('reporting_duties')
      .values({ plan_id: planId, what: '宽带建设进展月报', frequency: 'monthly', period_type: 'M', due_rule: JSON.stringify({ kind: 'offset', days: 10 }), grace_days: 60, starts_on: monthsAgo(3).start, ends_on: monthsAhead(6).end })
      .returning('id')
      .executeTakeFirstOrThrow();
    dutyId = Number(duty.id);
    app = await buildTestApp(db);
    const a = await createUser(db, { role: 'admin' });
    admin = (await login(app, a.username, a.password)).headers;
    const r = await createUser(db, { role: 'reporter', unitId });
    reporterId = r.id;
    reporterH = (await login(app, r.username, r.password)).headers;
  });
  afterAll(async () => app?.close());

  const build = (over: object = {}) => ({
    code: uniq('HB-DUTY-'),
    name: uniq('宽带建设进展月报'),
    dutyId,
    elements: [{ elementId: els.users.id, required: true }, { elementId: els.households.id, required: true }],
    assignments: [{ unitId, divisionCode: '6322' }],
    taskIds: [tasks[0]],
    ...over,
  });

  it('previews the cells a unit would owe before the form exists; only the office may; a bad division is named', async () => {
    const payload = { elements: [{ elementId: els.users.id, required: true }], divisionCodes: ['6322'] };
    const r = await app.inject({ method: 'POST', url: '/api/reporting/forms/preview', headers: admin, payload });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items.map((x: { divisionCode: string }) => x.divisionCode)).toEqual([...HAIBEI_COUNTIES]);
    expect(r.json().items[0]).toMatchObject({ divisionName: '门源回族自治县', elementCode: els.users.code, unit: '户', required: true });
    expect((await app.inject({ method: 'POST', url: '/api/reporting/forms/preview', headers: reporterH, payload })).statusCode).toBe(403);
    const bad = await app.inject({ method: 'POST', url: '/api/reporting/forms/preview', headers: admin, payload: { ...payload, divisionCodes: ['639999'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('divisionCodes.0');
  });

  it('builds a form from a duty: schedule and plan copied, progress asked only on the tasks chosen', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/reporting/forms', headers: admin, payload: build() });
    expect(r.statusCode, r.body).toBe(201);
    const form = r.json();
    expect(form).toMatchObject({ planId, dutyId, periodType: 'M', graceDays: 60, dueRule: { kind: 'offset', days: 10 }, taskIds: [tasks[0]] });
    const reporter = { id: reporterId, role: 'reporter' as const, unitId, divisionCode: null };
    const sub = await openSubmission(getDb(), SYSTEM, reporter, { formId: form.id, unitId, period: monthsAgo(0).code });
    const detail = await getSubmission(getDb(), reporter, sub.id);
    expect(detail.progress.map((p) => p.itemId)).toEqual([tasks[0]]);

    const notATask = await app.inject({ method: 'POST', url: '/api/reporting/forms', headers: admin, payload: build({ taskIds: [999999] }) });
    expect(notATask.statusCode).toBe(400);
    expect(notATask.json().error.fields[0].field).toBe('taskIds.0');
  });

  it('refuses the edits of a form in use that would strand its reports, and allows the others', async () => {
    const created = (await app.inject({ method: 'POST', url: '/api/reporting/forms', headers: admin, payload: build({ assignments: [{ unitId, divisionCode: '6322' }, { unitId: otherUnit, divisionCode: '632221' }] }) })).json();
    const reporter = { id: reporterId, role: 'reporter' as const, unitId, divisionCode: null };
    const period = monthsAgo(1).code;
    const sub = await openSubmission(getDb(), SYSTEM, reporter, { formId: created.id, unitId, period });
    await saveDraft(getDb(), SYSTEM, reporter, sub.id, { version: sub.version, values: [{ elementId: els.users.id, divisionCode: '632222', value: 1200 }] });

    const usage = await app.inject({ method: 'GET', url: `/api/reporting/forms/${created.id}/usage`, headers: admin });
    expect(usage.statusCode, usage.body).toBe(200);
    expect(usage.json()).toMatchObject({ submissions: 1, periods: [period], units: [{ unitId, submissions: 1 }], elementIds: [els.users.id] });
    expect((await app.inject({ method: 'GET', url: `/api/reporting/forms/${created.id}/usage`, headers: reporterH })).statusCode).toBe(403);

    const patch = (body: object) => app.inject({ method: 'PATCH', url: `/api/reporting/forms/${created.id}`, headers: admin, payload: { version: created.version, ...body } });
    const refused = async (body: object, field: string) => {
      const r = await patch(body);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    };
    await refused({ elements: [{ elementId: els.households.id, required: true }] }, 'elements');
    await refused({ periodType: 'Q' }, 'periodType');
    await refused({ startsOn: monthsAgo(0).start }, 'startsOn');
    await refused({ exempt: [period] }, 'exempt');
    await refused({ assignments: [{ unitId: otherUnit, divisionCode: '632221' }] }, 'assignments');

    // Adding an element, dropping the element without values, dropping the unit without reports, moving the due date: fine.
    const ok = await patch({
      elements: [{ elementId: els.users.id, required: true }, { elementId: els.investment.id, required: false }],
      assignments: [{ unitId, divisionCode: '6322' }],
      dueRule: { kind: 'offset', days: 15 },
      taskIds: [tasks[0], tasks[1]],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ templateVersion: 2, taskIds: [tasks[0], tasks[1]], dueRule: { days: 15 } });
    const after = await getSubmission(getDb(), reporter, sub.id);
    expect(after.values.find((v) => v.elementId === els.users.id && v.divisionCode === '632222')?.value).toBe(1200);
    expect(after.progress.map((p) => p.itemId).sort()).toEqual([...tasks].sort());

    // The element itself keeps what its reported values mean; its name may change.
    const el = (await app.inject({ method: 'GET', url: `/api/reporting/data-elements/${els.users.id}`, headers: admin })).json();
    const level = await app.inject({ method: 'PATCH', url: `/api/reporting/data-elements/${els.users.id}`, headers: admin, payload: { version: el.version, divisionLevel: 2, periodType: 'Q' } });
    expect(level.statusCode, level.body).toBe(400);
    expect(level.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['divisionLevel', 'periodType']);
    const renamed = await app.inject({ method: 'PATCH', url: `/api/reporting/data-elements/${els.users.id}`, headers: admin, payload: { version: el.version, name: uniq('固定宽带家庭用户数（户）') } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const unused = (await app.inject({ method: 'GET', url: `/api/reporting/data-elements/${els.investment.id}`, headers: admin })).json();
    const moved = await app.inject({ method: 'PATCH', url: `/api/reporting/data-elements/${els.investment.id}`, headers: admin, payload: { version: unused.version, divisionLevel: 2 } });
    expect(moved.statusCode, moved.body).toBe(200);
  });
});
