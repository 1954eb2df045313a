import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { HAIBEI_COUNTIES, makeBroadbandElements, makeMonthlyForm, makeUnit, monthsAgo, monthsAhead, seedHaibei, uniq } from '../../test/reporting-fixtures.ts';
import { divisionKey, periodMonth } from '../indicators/keys.ts';
import { today as chinaDay } from '../kernel/clock.ts';

type Headers = Record<string, string>;
const P = '/api/reporting';

describeEachEngine('reporting API', (getDb) => {
  let app: FastifyInstance;
  let admin: Headers;
  let leader: Headers;
  let viewerHaibei: Headers;
  let viewerXining: Headers;
  let reporter: Headers;
  let reporter2: Headers;
  let otherReporter: Headers;
  let unitId: number;
  let otherUnitId: number;
  let els: Awaited<ReturnType<typeof makeBroadbandElements>>;

  const as = async (role: 'admin' | 'leader' | 'viewer' | 'reporter', opts: { unitId?: number; divisionCode?: string } = {}) => {
    const u = await createUser(getDb(), { role, ...opts });
    return (await login(app, u.username, u.password)).headers;
  };
  const req = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: unknown) =>
    app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const fullValues = (users: number, households = 2000) =>
    HAIBEI_COUNTIES.flatMap((c) => [
      { elementCode: els.users.code, divisionCode: c, value: users },
      { elementCode: els.households.code, divisionCode: c, value: households },
    ]);

  beforeAll(async () => {
    const db = getDb();
    await seedHaibei(db);
    app = await buildTestApp(db);
    els = await makeBroadbandElements(db);
    unitId = await makeUnit(db, '海北州工业和信息化局', '6322');
    otherUnitId = await makeUnit(db, '西宁市工信局', '6301');
    admin = await as('admin');
    leader = await as('leader');
    viewerHaibei = await as('viewer', { divisionCode: '6322' });
    viewerXining = await as('viewer', { divisionCode: '6301' });
    reporter = await as('reporter', { unitId });
    reporter2 = await as('reporter', { unitId });
    otherReporter = await as('reporter', { unitId: otherUnitId });
  });
  afterAll(async () => app?.close());

  async function openFor(formId: number, headers = reporter, period = monthsAgo(0).code, unit = unitId) {
    const r = await req('POST', `${P}/submissions`, headers, { formId, unitId: unit, period });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { id: number; version: number; status: string; values: { elementCode: string; divisionCode: string; value: number | null; previous: number | null }[] };
  }

  describe('data elements and forms', () => {
    it('documents every endpoint in OpenAPI under the reporting tag', async () => {
      const doc = (await req('GET', '/api/openapi.json', {})).json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
      const mine = Object.entries(doc.paths).filter(([path]) => path.startsWith(P));
      expect(mine.map(([path]) => path)).toEqual(expect.arrayContaining([`${P}/submissions/{id}/draft`, `${P}/submissions/{id}/values`, `${P}/forms/{id}/rows`, `${P}/completeness`, `${P}/late`, `${P}/my`]));
      for (const [, ops] of mine) for (const op of Object.values(ops)) expect(op.tags).toEqual(['reporting']);
    });

    it('admin creates elements and a form through the API; stale updates are 409; others may read but not write', async () => {
      const code = uniq('new_4g_bs_');
      const created = await req('POST', `${P}/data-elements`, admin, { code, name: uniq('新建4G基站数'), valueType: 'integer', unit: '个', temporal: 'flow', divisionLevel: 3, min: 0 });
      expect(created.statusCode, created.body).toBe(201);
      const el = created.json();
      expect(el).toMatchObject({ code, periodType: 'M', spatial: 'sum', version: 1 });

      const patched = await req('PATCH', `${P}/data-elements/${el.id}`, admin, { version: 1, maxJumpShare: 0.3 });
      expect(patched.json()).toMatchObject({ version: 2, maxJumpShare: 0.3 });
      const stale = await req('PATCH', `${P}/data-elements/${el.id}`, admin, { version: 1, unit: '座' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.fields[0].field).toBe('version');

      expect((await req('GET', `${P}/data-elements?q=${encodeURIComponent(code)}`, reporter)).json().items).toHaveLength(1);
      expect((await req('POST', `${P}/data-elements`, reporter, { code: uniq('x'), name: uniq('x'), valueType: 'integer', temporal: 'flow', divisionLevel: 3 })).statusCode).toBe(403);
      expect((await req('GET', `${P}/data-elements`, {})).statusCode).toBe(401);

      const form = await req('POST', `${P}/forms`, admin, {
        code: uniq('HB4G-'), name: '基站月报', periodType: 'M', dueRule: { kind: 'offset', days: 10 }, startsOn: '2026-01-01', endsOn: '2026-12-31',
        elements: [{ elementId: el.id }], assignments: [{ unitId, divisionCode: '6322' }],
      });
      expect(form.statusCode, form.body).toBe(201);
      const f = form.json();
      expect(f.elements.map((e: { code: string }) => e.code)).toEqual([code]);
      const rows = await req('GET', `${P}/forms/${f.id}/rows?unitId=${unitId}`, reporter);
      expect(rows.json().items.map((r: { divisionCode: string }) => r.divisionCode)).toEqual([...HAIBEI_COUNTIES]);
      expect((await req('GET', `${P}/forms/${f.id}/rows?unitId=${unitId}`, otherReporter)).statusCode).toBe(403);
      expect((await req('GET', `${P}/forms/${f.id}/rows?unitId=${unitId}`, viewerHaibei)).statusCode).toBe(200);

      const changed = await req('PATCH', `${P}/forms/${f.id}`, admin, { version: 1, elements: [{ elementId: el.id }, { elementId: els.households.id }] });
      expect(changed.json()).toMatchObject({ version: 2, templateVersion: 2 });
      expect((await req('PATCH', `${P}/forms/${f.id}`, admin, { version: 1, name: 'x' })).statusCode).toBe(409);
      expect((await req('PATCH', `${P}/forms/${f.id}`, viewerHaibei, { version: 2, name: 'x' })).statusCode).toBe(403);
    });

    it('refuses a duplicate code, deleting an element in use, and a form change that leaves a rule without its element', async () => {
      const dup = await req('POST', `${P}/data-elements`, admin, { code: els.users.code, name: uniq('别名'), valueType: 'integer', temporal: 'stock', divisionLevel: 3 });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.fields[0].field).toBe('code');
      const form = await makeMonthlyForm(getDb(), els, [{ unitId, divisionCode: '632221' }]);
      const inUse = await req('DELETE', `${P}/data-elements/${els.investment.id}`, admin);
      expect(inUse.statusCode).toBe(409);
      const dropped = await req('PATCH', `${P}/forms/${form.id}`, admin, { version: form.version, elements: [{ elementId: els.households.id }, { elementId: els.investment.id }] });
      expect(dropped.statusCode).toBe(400);
      expect(dropped.json().error.fields[0].field).toBe('rules.0.leftElementId');
      const spare = (await req('POST', `${P}/data-elements`, admin, { code: uniq('spare_'), name: uniq('备用'), valueType: 'number', temporal: 'flow', divisionLevel: 3 })).json();
      expect((await req('DELETE', `${P}/data-elements/${spare.id}`, admin)).statusCode).toBe(204);
      expect((await req('GET', `${P}/data-elements/${spare.id}`, admin)).statusCode).toBe(404);
    });

    it('refuses bad definitions with 400 naming the field', async () => {
      const bad = await req('POST', `${P}/data-elements`, admin, { code: '1abc', name: '', valueType: 'text', temporal: 'stock', divisionLevel: 9 });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['body.code', 'body.name', 'body.valueType', 'body.divisionLevel']));
      const range = await req('POST', `${P}/data-elements`, admin, { code: uniq('r'), name: uniq('r'), valueType: 'number', temporal: 'stock', divisionLevel: 3, min: 10, max: 1 });
      expect(range.json().error.fields).toEqual([{ field: 'min', reason: 'must not exceed max (1)' }]);

      const form = await req('POST', `${P}/forms`, admin, {
        code: uniq('BAD-'), name: 'x', periodType: 'Q', dueRule: { kind: 'offset', days: 10 }, startsOn: '2026-01-01', endsOn: '2026-12-31',
        elements: [{ elementId: els.investment.id }, { elementId: 99_999_999 }],
        assignments: [{ unitId, divisionCode: '999999' }],
      });
      expect(form.statusCode).toBe(400);
      const fields = form.json().error.fields.map((f: { field: string }) => f.field);
      // investment is a monthly flow: it cannot go on a quarterly form
      expect(fields).toEqual(expect.arrayContaining(['elements.0.elementId', 'elements.1.elementId', 'assignments.0.divisionCode']));
      const noSchedule = await req('POST', `${P}/forms`, admin, { code: uniq('NS-'), name: 'x' });
      expect(noSchedule.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['periodType', 'dueRule', 'startsOn', 'endsOn']);
    });

    it('creates a form from a plan duty (schedule copied) whose progress part lists the unit’s tasks and their milestones', async () => {
      const db = getDb().kysely;
      const plan = await db.insertInto('plans').values({ title: uniq('海北州宽带实施方案'), source_text: '', status: 'active', division_code: '6322' }).returning('id').executeTakeFirstOrThrow();
      const planId = Number(plan.id);
      const task = await db.insertInto('plan_items').values({ plan_id: planId, kind: 'task', ord: 1, data: JSON.stringify({ title: '推进光纤到户改造', section: null, leadUnits: [], responsibleUnits: [], text: '' }) }).returning('id').executeTakeFirstOrThrow();
      const other = await db.insertInto('plan_items').values({ plan_id: planId, kind: 'task', ord: 2, data: JSON.stringify({ title: '别人的任务', section: null, leadUnits: [], responsibleUnits: [], text: '' }) }).returning('id').executeTakeFirstOrThrow();
      const ms = await db.insertInto('plan_items').values({ plan_id: planId, kind: 'milestone', parent_id: task.id, ord: 3, data: JSON.stringify({ task: null, due: '2026-06', text: '完成县城光纤改造' }) }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('plan_item_units').values([
        { item_id: task.id, role: 'lead', name_as_written: '州工信局', unit_id: unitId },
        { item_id: other.id, role: 'lead', name_as_written: '西宁', unit_id: otherUnitId },
      ]).execute();
      const year = Number(chinaDay().slice(0, 4));
      const duty = await db.insertInto('reporting_duties').values({
        plan_id: planId, item_id: null, what: '季度进展', frequency: 'quarterly', period_type: 'Q',
        due_rule: JSON.stringify({ kind: 'fixed', dates: ['04-08', '07-08', '10-08', null] }), grace_days: 365, starts_on: `${year}-01-01`, ends_on: `${year}-12-31`,
      }).returning('id').executeTakeFirstOrThrow();

      const created = await req('POST', `${P}/forms`, admin, { code: uniq('HBQ-'), name: '季度进展表', dutyId: Number(duty.id), assignments: [{ unitId, divisionCode: '6322' }] });
      expect(created.statusCode, created.body).toBe(201);
      const form = created.json();
      expect(form).toMatchObject({ planId, periodType: 'Q', graceDays: 365, startsOn: `${year}-01-01`, dueRule: { kind: 'fixed' } });
      const cal = (await req('GET', `${P}/forms/${form.id}/calendar`, reporter)).json();
      expect(cal.periods.map((p: { code: string; dueOn: string | null }) => [p.code, p.dueOn])).toEqual([
        [`${year}Q1`, `${year}-04-08`], [`${year}Q2`, `${year}-07-08`], [`${year}Q3`, `${year}-10-08`], [`${year}Q4`, null],
      ]);
      const q4 = await req('POST', `${P}/submissions`, reporter, { formId: form.id, unitId, period: `${year}Q4` });
      expect(q4.statusCode).toBe(400);
      expect(q4.json().error.fields[0]).toMatchObject({ field: 'period', reason: expect.stringContaining('exempt') });

      const sub = await openFor(form.id, reporter, `${year}Q1`);
      const detail = (await req('GET', `${P}/submissions/${sub.id}`, reporter)).json();
      expect(detail.progress.map((p: { itemId: number; title: string; role: string }) => [p.itemId, p.title, p.role])).toEqual([
        [Number(task.id), '推进光纤到户改造', 'lead'],
        [Number(ms.id), '完成县城光纤改造', 'via-task'],
      ]);
      const badItem = await req('PUT', `${P}/submissions/${sub.id}/draft`, reporter, { version: sub.version, progress: [{ itemId: Number(other.id), status: 'done' }] });
      expect(badItem.statusCode).toBe(400);
      expect(badItem.json().error.fields[0].field).toBe('progress[0].itemId');
      const ok = await req('PUT', `${P}/submissions/${sub.id}/draft`, reporter, {
        version: sub.version,
        progress: [{ itemId: Number(task.id), status: 'in_progress', percent: 60, narrative: '已完成3个县', problems: '刚察县电力配套滞后' }],
      });
      expect(ok.statusCode, ok.body).toBe(200);
      const submitted = await req('POST', `${P}/submissions/${sub.id}/submit`, reporter, { version: ok.json().version });
      expect(submitted.statusCode, submitted.body).toBe(200);

      const my = (await req('GET', `${P}/my`, reporter)).json();
      expect(my.tasks.map((t: { itemId: number }) => t.itemId)).toEqual(expect.arrayContaining([Number(task.id), Number(ms.id)]));
      expect(my.tasks.map((t: { itemId: number }) => t.itemId)).not.toContain(Number(other.id));
      expect(my.reports.find((r: { formId: number; period: string }) => r.formId === form.id && r.period === `${year}Q1`)).toMatchObject({ status: 'submitted', dueOn: `${year}-04-08` });
    });
  });

  describe('the review cycle', () => {
    it('draft → submit → return (reason) → resubmit → approve; versions kept, diff, values in data_values', async () => {
      const form = await makeMonthlyForm(getDb(), els, [{ unitId, divisionCode: '6322' }]);
      const sub = await openFor(form.id);
      expect(sub.values).toHaveLength(12);
      const opened = (await req('GET', `${P}/submissions/${sub.id}`, reporter)).json();
      expect(opened.elements.map((e: { code: string; maxJumpShare: number | null }) => [e.code, e.maxJumpShare])).toEqual([[els.users.code, 0.5], [els.households.code, null], [els.investment.code, null]]);
      expect(opened.divisions.map((d: { code: string }) => d.code)).toEqual([...HAIBEI_COUNTIES]);
      expect(opened).toMatchObject({ status: 'draft', locked: false, dueOn: expect.stringMatching(/^\d{4}-\d{2}-10$/) });
      const saved = await req('PUT', `${P}/submissions/${sub.id}/draft`, reporter, { version: sub.version, values: fullValues(1000) });
      expect(saved.statusCode, saved.body).toBe(200);
      const submitted = await req('POST', `${P}/submissions/${sub.id}/submit`, reporter, { version: saved.json().version });
      expect(submitted.json()).toMatchObject({ status: 'submitted', revision: 1 });
      // once submitted, the reporter cannot change it
      expect((await req('PUT', `${P}/submissions/${sub.id}/draft`, reporter, { version: submitted.json().version, values: [] })).statusCode).toBe(409);

      const noReason = await req('POST', `${P}/submissions/${sub.id}/return`, admin, { version: submitted.json().version });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.fields[0].field).toBe('body.reason');
      const returned = await req('POST', `${P}/submissions/${sub.id}/return`, admin, { version: submitted.json().version, reason: '祁连县用户数与上月持平，请核实' });
      expect(returned.json()).toMatchObject({ status: 'returned', returnReason: '祁连县用户数与上月持平，请核实' });

      const fixed = await req('PUT', `${P}/submissions/${sub.id}/draft`, reporter, { version: returned.json().version, values: [{ elementCode: els.users.code, divisionCode: '632222', value: 1200, comment: '新增光纤小区' }] });
      const resubmitted = await req('POST', `${P}/submissions/${sub.id}/submit`, reporter, { version: fixed.json().version });
      expect(resubmitted.json()).toMatchObject({ status: 'submitted', revision: 2 });
      const approved = await req('POST', `${P}/submissions/${sub.id}/approve`, admin, { version: resubmitted.json().version });
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json()).toMatchObject({ status: 'approved', approvedValues: 8 });

      const versions = (await req('GET', `${P}/submissions/${sub.id}/versions`, viewerHaibei)).json().items;
      expect(versions.map((v: { revision: number; status: string }) => [v.revision, v.status])).toEqual([[1, 'returned'], [2, 'approved']]);
      const diff = (await req('GET', `${P}/submissions/${sub.id}/diff?a=1&b=2`, leader)).json();
      expect(diff.values).toEqual([
        { elementId: els.users.id, elementCode: els.users.code, divisionCode: '632222', field: 'value', a: 1000, b: 1200 },
        { elementId: els.users.id, elementCode: els.users.code, divisionCode: '632222', field: 'comment', a: null, b: '新增光纤小区' },
      ]);
      expect((await req('GET', `${P}/submissions/${sub.id}/diff?a=1&b=7`, admin)).statusCode).toBe(404);

      const stored = await getDb().kysely.selectFrom('data_values').select(['division_key', 'value'])
        .where('element_id', '=', els.users.id).where('month', '=', periodMonth(monthsAgo(0).code)).where('submission_id', '=', sub.id).orderBy('division_key').execute();
      expect(stored).toEqual(HAIBEI_COUNTIES.map((c) => ({ division_key: divisionKey(c), value: c === '632222' ? 1200 : 1000 })));
      const audit = await getDb().kysely.selectFrom('audit_log').select('action').where('entity', '=', 'submission').where('entity_id', '=', String(sub.id)).orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['submission.open', 'submission.save', 'submission.submit', 'submission.return', 'submission.save', 'submission.submit', 'submission.approve']);
    });

    it('two people saving the same draft: the stale save is 409 with both versions, nothing overwritten', async () => {
      const form = await makeMonthlyForm(getDb(), els, [{ unitId, divisionCode: '632221' }]);
      const sub = await openFor(form.id);
      const first = await req('PUT', `${P}/submissions/${sub.id}/draft`, reporter, { version: sub.version, values: [{ elementCode: els.users.code, divisionCode: '632221', value: 111 }] });
      expect(first.statusCode).toBe(200);
      const second = await req('PUT', `${P}/submissions/${sub.id}/draft`, reporter2, { version: sub.version, values: [{ elementCode: els.users.code, divisionCode: '632221', value: 222 }] });
      expect(second.statusCode).toBe(409);
      const err = second.json().error;
      expect(err.code).toBe('conflict');
      expect(err.current.version).toBe(first.json().version);
      expect(err.current.values).toEqual([{ elementId: els.users.id, elementCode: els.users.code, divisionCode: '632221', value: 111, comment: null }]);
      expect(err.yours).toMatchObject({ version: sub.version, values: [{ elementCode: els.users.code, divisionCode: '632221', value: 222 }] });
      const now = (await req('GET', `${P}/submissions/${sub.id}`, reporter)).json();
      expect(now.values.find((v: { elementCode: string }) => v.elementCode === els.users.code).value).toBe(111);
    });

    it('two saves of the same version at the same moment: exactly one wins', async () => {
      const form = await makeMonthlyForm(getDb(), els, [{ unitId, divisionCode: '632221' }]);
      const sub = await openFor(form.id);
      const save = (h: Headers, value: number) => req('PUT', `${P}/submissions/${sub.id}/draft`, h, { version: sub.version, values: [{ elementCode: els.users.code, divisionCode: '632221', value }] });
      const results = await Promise.all([save(reporter, 1), save(reporter2, 2)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.statusCode === 200) === results[0] ? 1 : 2;
      const now = (await req('GET', `${P}/submissions/${sub.id}`, reporter)).json();
      expect(now.version).toBe(sub.version + 1);
      expect(now.values.find((v: { elementCode: string }) => v.elementCode === els.users.code).value).toBe(winner);
    });

    it('refuses a submit with every error listed; a warning needs a comment', async () => {
      const form = await makeMonthlyForm(getDb(), els, [{ unitId, divisionCode: '632221' }]);
      const sub = await openFor(form.id);
      const s1 = await req('PUT', `${P}/submissions/${sub.id}/draft`, reporter, {
        version: sub.version,
        values: [{ elementCode: els.users.code, divisionCode: '632221', value: 10.5 }, { elementCode: els.investment.code, divisionCode: '632221', value: -3 }],
      });
      const refused = await req('POST', `${P}/submissions/${sub.id}/submit`, reporter, { version: s1.json().version });
      expect(refused.statusCode).toBe(422);
      const errors = refused.json().error.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]);
      expect(errors).toEqual([
        [`values[${els.users.code}@632221]`, 'integer'],
        [`values[${els.households.code}@632221]`, 'required'],
        [`values[${els.investment.code}@632221]`, 'min'],
      ]);
      expect((await req('GET', `${P}/submissions/${sub.id}`, reporter)).json().status).toBe('draft');

      // 固定宽带家庭用户数 4000 > 家庭户数 2000 × 1.5: a warning rule
      const s2 = await req('PUT', `${P}/submissions/${sub.id}/draft`, reporter, {
        version: s1.json().version,
        mode: 'replace',
        values: [{ elementCode: els.users.code, divisionCode: '632221', value: 4000 }, { elementCode: els.households.code, divisionCode: '632221', value: 2000 }],
      });
      const warned = await req('POST', `${P}/submissions/${sub.id}/submit`, reporter, { version: s2.json().version });
      expect(warned.statusCode).toBe(422);
      expect(warned.json().error.errors).toEqual([]);
      expect(warned.json().error.warnings).toEqual([expect.objectContaining({ field: `values[${els.users.code}@632221]`, rule: expect.stringMatching(/^rule:\d+$/), commented: false })]);
      // Said with names and values, not as a formula of element codes (before: "USERS 4000 <= HH 2000 × 1.5 = 3000").
      const reason: string = warned.json().error.warnings[0].reason;
      expect(reason).toMatch(/的 1\.5 倍即 3,?000/);
      expect(reason).not.toContain(els.users.code);
      expect(reason).not.toContain('<=');
      expect(warned.json().error.fields[0].field).toBe(`values[${els.users.code}@632221]`);

      const s3 = await req('PUT', `${P}/submissions/${sub.id}/draft`, reporter, { version: s2.json().version, values: [{ elementCode: els.users.code, divisionCode: '632221', value: 4000, comment: '县城多套住房家庭较多，一户多线' }] });
      const accepted = await req('POST', `${P}/submissions/${sub.id}/submit`, reporter, { version: s3.json().version });
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect(accepted.json().warnings).toHaveLength(1);
    });

    it('bad save inputs are 400 naming the field', async () => {
      const form = await makeMonthlyForm(getDb(), els, [{ unitId, divisionCode: '632221' }]);
      const sub = await openFor(form.id);
      const notNumber = await req('PUT', `${P}/submissions/${sub.id}/draft`, reporter, { version: sub.version, values: [{ elementCode: els.users.code, divisionCode: '632221', value: 'many' }] });
      expect(notNumber.statusCode).toBe(400);
      expect(notNumber.json().error.fields[0].field).toBe('body.values.0.value');
      const wrongDivision = await req('PUT', `${P}/submissions/${sub.id}/draft`, reporter, { version: sub.version, values: [{ elementCode: els.users.code, divisionCode: '632222', value: 1 }] });
      expect(wrongDivision.statusCode).toBe(400);
      expect(wrongDivision.json().error.fields[0].field).toBe('values[0].divisionCode');
      const badPeriod = await req('POST', `${P}/submissions`, reporter, { formId: form.id, unitId, period: '2026M13' });
      expect(badPeriod.json().error.fields[0].field).toBe('body.period');
      const outside = await req('POST', `${P}/submissions`, reporter, { formId: form.id, unitId, period: '1999M01' });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().error.fields[0].field).toBe('period');
    });

    it('takes pushed CSV with per-row errors as row N.column, and JSON', async () => {
      const form = await makeMonthlyForm(getDb(), els, [{ unitId, divisionCode: '6322' }]);
      const sub = await openFor(form.id);
      const csvHeaders = { ...reporter, 'content-type': 'text/csv; charset=utf-8' };
      const bad = await app.inject({ method: 'POST', url: `${P}/submissions/${sub.id}/values?version=${sub.version}`, headers: csvHeaders, payload: `element_code,division_code,value,comment\n${els.users.code},632221,12x,\n${els.users.code},632299,5,\n` });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.fields).toEqual([{ field: 'row 2.value', reason: 'not a number: "12x"' }]);
      const outside = await app.inject({ method: 'POST', url: `${P}/submissions/${sub.id}/values?version=${sub.version}`, headers: csvHeaders, payload: `element_code,division_code,value\n${els.users.code},632221,12\n${els.users.code},632299,5\n` });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().error.fields[0].field).toBe('row 3.division_code');
      const ok = await app.inject({ method: 'POST', url: `${P}/submissions/${sub.id}/values?version=${sub.version}`, headers: csvHeaders, payload: `\uFEFFelement_code,division_code,value,comment\n${els.users.code},632221,"1,200",新增小区\n${els.households.code},632221,2000,\n` });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ saved: 2, version: sub.version + 1 });
      const json = await req('POST', `${P}/submissions/${sub.id}/values`, reporter, { version: sub.version + 1, values: [{ elementCode: els.users.code, divisionCode: '632222', value: 7 }] });
      expect(json.json()).toMatchObject({ saved: 1, version: sub.version + 2 });
      const detail = (await req('GET', `${P}/submissions/${sub.id}`, reporter)).json();
      const cell = (e: string, d: string) => detail.values.find((v: { elementCode: string; divisionCode: string }) => v.elementCode === e && v.divisionCode === d);
      expect(cell(els.users.code, '632221')).toMatchObject({ value: 1200, comment: '新增小区' });
      expect(cell(els.users.code, '632222')).toMatchObject({ value: 7 });
      const noVersion = await app.inject({ method: 'POST', url: `${P}/submissions/${sub.id}/values`, headers: csvHeaders, payload: 'element_code,division_code,value\n' });
      expect(noVersion.json().error.fields[0].field).toBe('querystring.version');
    });
  });

  describe('scope', () => {
    it('refuses other units, viewers and leaders writing, non-admin review, anonymous', async () => {
      const form = await makeMonthlyForm(getDb(), els, [{ unitId, divisionCode: '632221' }]);
      const sub = await openFor(form.id);
      // a reporter opening or saving for another unit
      expect((await req('POST', `${P}/submissions`, otherReporter, { formId: form.id, unitId, period: monthsAgo(0).code })).statusCode).toBe(403);
      expect((await req('PUT', `${P}/submissions/${sub.id}/draft`, otherReporter, { version: sub.version, values: [] })).statusCode).toBe(403);
      expect((await req('POST', `${P}/submissions/${sub.id}/submit`, otherReporter, { version: sub.version })).statusCode).toBe(403);
      expect((await req('GET', `${P}/submissions/${sub.id}`, otherReporter)).statusCode).toBe(403);
      // the leader and viewers read, never write
      expect((await req('PUT', `${P}/submissions/${sub.id}/draft`, leader, { version: sub.version, values: [] })).statusCode).toBe(403);
      expect((await req('PUT', `${P}/submissions/${sub.id}/draft`, viewerHaibei, { version: sub.version, values: [] })).statusCode).toBe(403);
      expect((await req('GET', `${P}/submissions/${sub.id}`, leader)).statusCode).toBe(200);
      expect((await req('GET', `${P}/submissions/${sub.id}`, viewerHaibei)).statusCode).toBe(200);
      expect((await req('GET', `${P}/submissions/${sub.id}`, viewerXining)).statusCode).toBe(403);
      // review is the office's
      const saved = await req('PUT', `${P}/submissions/${sub.id}/draft`, reporter, { version: sub.version, values: fullValues(100).filter((v) => v.divisionCode === '632221') });
      const submitted = await req('POST', `${P}/submissions/${sub.id}/submit`, reporter, { version: saved.json().version });
      expect(submitted.statusCode, submitted.body).toBe(200);
      const v = submitted.json().version;
      expect((await req('POST', `${P}/submissions/${sub.id}/approve`, viewerHaibei, { version: v })).statusCode).toBe(403);
      expect((await req('POST', `${P}/submissions/${sub.id}/approve`, reporter, { version: v })).statusCode).toBe(403);
      expect((await req('POST', `${P}/submissions/${sub.id}/return`, leader, { version: v, reason: 'x' })).statusCode).toBe(403);
      expect((await req('POST', `${P}/forms/${form.id}/unlock`, reporter, { period: monthsAgo(0).code, until: chinaDay(), reason: 'x' })).statusCode).toBe(403);
      // anonymous
      expect((await req('GET', `${P}/submissions/${sub.id}`, {})).statusCode).toBe(401);
      expect((await req('GET', `${P}/submissions`, {})).statusCode).toBe(401);
      // lists stay in scope
      const mine = (await req('GET', `${P}/submissions?formId=${form.id}`, otherReporter)).json();
      expect(mine.total).toBe(0);
      expect((await req('GET', `${P}/submissions?formId=${form.id}`, viewerHaibei)).json().total).toBe(1);
      expect((await req('GET', `${P}/submissions?formId=${form.id}`, viewerXining)).json().total).toBe(0);
    });
  });

  describe('locks and completeness', () => {
    it('a period past its lock date is 423 until the office unlocks it (audited)', async () => {
      const form = await makeMonthlyForm(getDb(), els, [{ unitId, divisionCode: '632221' }, { unitId: otherUnitId, divisionCode: '6301' }]);
      const old = monthsAgo(3).code; // due ~2 months ago + 15 days grace: locked
      const locked = await req('POST', `${P}/submissions`, reporter, { formId: form.id, unitId, period: old });
      expect(locked.statusCode).toBe(423);
      expect(locked.json().error.code).toBe('locked');
      const noReason = await req('POST', `${P}/forms/${form.id}/unlock`, admin, { unitId, period: old, until: monthsAhead(0).end });
      expect(noReason.json().error.fields[0].field).toBe('body.reason');
      const unlock = await req('POST', `${P}/forms/${form.id}/unlock`, admin, { unitId, period: old, until: monthsAhead(0).end, reason: '补报：系统故障期间未能报送' });
      expect(unlock.statusCode, unlock.body).toBe(201);
      const opened = await req('POST', `${P}/submissions`, reporter, { formId: form.id, unitId, period: old });
      expect(opened.statusCode, opened.body).toBe(200);
      // another unit of the same form is still locked out
      expect((await req('POST', `${P}/submissions`, admin, { formId: form.id, unitId: otherUnitId, period: old })).statusCode).toBe(423);
      const audit = await getDb().kysely.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'period.unlock').where('entity_id', '=', String(form.id)).execute();
      expect(audit).toHaveLength(1);
      const unlocks = await req('GET', `${P}/forms/${form.id}/unlocks`, leader);
      expect(unlocks.json().items).toEqual([expect.objectContaining({ unitId, period: old, reason: '补报：系统故障期间未能报送' })]);
      expect((await req('GET', `${P}/forms/${form.id}/unlocks`, reporter)).statusCode).toBe(403);
      const my = (await req('GET', `${P}/my`, reporter)).json();
      expect(my.reports.find((r: { formId: number; period: string }) => r.formId === form.id && r.period === old)).toMatchObject({ unlocked: true, overdue: true, status: 'draft' });
    });

    it('counts on time, late and missing per unit × form × period', async () => {
      const unit = await makeUnit(getDb(), '门源县工信局', '632221');
      const rep = await as('reporter', { unitId: unit });
      const form = await makeMonthlyForm(getDb(), els, [{ unitId: unit, divisionCode: '632221' }], { graceDays: 365, startsOn: monthsAgo(3).start, endsOn: monthsAhead(0).end });
      const fill = async (period: string) => {
        const sub = await openFor(form.id, rep, period, unit);
        const s = await req('PUT', `${P}/submissions/${sub.id}/draft`, rep, { version: sub.version, values: fullValues(100).filter((v) => v.divisionCode === '632221') });
        const r = await req('POST', `${P}/submissions/${sub.id}/submit`, rep, { version: s.json().version });
        expect(r.statusCode, r.body).toBe(200);
      };
      await fill(monthsAgo(0).code); // due next month: not owed yet, so in no rate (kernel/rates.ts)
      await fill(monthsAgo(2).code); // due over a month ago: late
      await openFor(form.id, rep, monthsAgo(3).code, unit); // a draft only: missing
      const asOf = chinaDay();
      const r = (await req('GET', `${P}/completeness?formId=${form.id}&asOf=${asOf}`, admin)).json();
      const states = Object.fromEntries(r.rows.map((x: { period: string; state: string }) => [x.period, x.state]));
      expect(states[monthsAgo(0).code]).toBeUndefined();
      expect(states[monthsAgo(2).code]).toBe('late');
      expect(states[monthsAgo(3).code]).toBe('missing');
      // monthsAgo(1) is due on the 10th of this month: missing once that day has passed
      const lastDueOn = r.rows.find((x: { period: string }) => x.period === monthsAgo(1).code)?.dueOn;
      const expectMissingLast = lastDueOn !== undefined ? 1 : 0;
      expect(r.totals).toMatchObject({ expected: 2 + expectMissingLast, submitted: 1, onTime: 0, late: 1, missing: 1 + expectMissingLast });
      expect(r.totals.onTimeRate).toBe(0);
      expect(r.definitions.onTimeRate.definition.zh).toMatch(/按时报送率/);
      expect(r.byPeriod.find((x: { period: string }) => x.period === monthsAgo(2).code)).toMatchObject({ expected: 1, late: 1 });
      expect(r.byUnit).toEqual([expect.objectContaining({ unitId: unit, submitted: 1 })]);
      // the office's late list names the unit; another reporter sees nothing of it
      const late = (await req('GET', `${P}/late?formId=${form.id}&asOf=${asOf}`, admin)).json().items;
      expect(late.map((x: { period: string }) => x.period)).toContain(monthsAgo(3).code);
      expect(late[0]).toMatchObject({ unitId: unit, submissionStatus: 'draft' });
      expect((await req('GET', `${P}/completeness?formId=${form.id}&asOf=${asOf}`, otherReporter)).json().totals.expected).toBe(0);
      expect((await req('GET', `${P}/completeness?formId=${form.id}&asOf=${asOf}`, viewerXining)).json().totals.expected).toBe(0);
      expect((await req('GET', `${P}/completeness?formId=${form.id}&asOf=${asOf}`, viewerHaibei)).json().totals.submitted).toBe(1);
      expect((await req('GET', `${P}/completeness?asOf=2026-02-30`, admin)).json().error.fields[0].field).toBe('querystring.asOf');
    });
  });
});
