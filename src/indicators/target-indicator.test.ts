import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { seedHaibei } from '../../test/reporting-fixtures.ts';
import { transaction } from '../platform/db/database.ts';
import { recordApprovedValues } from './values.service.ts';

let seq = 0;
const uniq = (s: string) => `${s}_${process.pid}_${++seq}`;

/**
 * Targets of an active plan linked in place: the office links a target to an existing indicator,
 * or makes the indicator from the target in one step (elements, formula, level, link); only the
 * office may; and the target is judged once values arrive.
 */
describeEachEngine('target ↔ indicator on an active plan', (getDb) => {
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  let reporter: Record<string, string>;
  let planId: number;
  let households: number;
  const targets: number[] = [];

  beforeAll(async () => {
    const db = getDb();
    await seedHaibei(db);
    const plan = await db.kysely
      .insertInto('plans')
      .values({ title: '海北州宽带实施方案', division_code: '6322', status: 'active', source_text: '……', activated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    planId = Number(plan.id);
    for (const [i, indicator] of ['固定宽带家庭普及率', '行政村光纤通达率', '农村宽带用户数'].entries()) {
      const t = await db.kysely
        .insertInto('plan_items')
        .values({
          plan_id: planId,
          kind: 'target',
          ord: i + 1,
          review_status: 'accepted',
          data: JSON.stringify({ indicator, value: 70, unit: '%', comparator: '>=', deadline: '2015', baseline: { value: 40, date: '2013' }, scope: null }),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      targets.push(Number(t.id));
    }
    households = Number(
      (await db.kysely.insertInto('data_elements').values({ code: uniq('HH'), name: '家庭户数', value_type: 'integer', temporal: 'stock', division_level: 2 }).returning('id').executeTakeFirstOrThrow()).id,
    );
    app = await buildTestApp(db);
    const a = await createUser(db, { role: 'admin' });
    admin = (await login(app, a.username, a.password)).headers;
    const v = await createUser(db, { role: 'viewer', divisionCode: '63' });
    viewer = (await login(app, v.username, v.password)).headers;
    const r = await createUser(db, { role: 'reporter' });
    reporter = (await login(app, r.username, r.password)).headers;
  });
  afterAll(async () => app?.close());

  const body = (code: string, over: object = {}) => ({
    code,
    name: '固定宽带家庭普及率',
    unit: '%',
    factor: 100,
    level: 2,
    numerator: { element: { code: uniq('FBB_USERS'), name: uniq('固定宽带家庭用户数'), valueType: 'integer', unit: '户', periodType: 'M', temporal: 'stock' } },
    denominator: { elementId: households },
    link: { frequency: 'Q' },
    ...over,
  });

  it('makes the indicator of a target in one step — new numerator at the formula’s level, existing denominator — and links it', async () => {
    const code = uniq('FBB_PEN');
    const r = await app.inject({ method: 'POST', url: `/api/plans/${planId}/targets/${targets[0]}/indicator`, headers: admin, payload: body(code) });
    expect(r.statusCode, r.body).toBe(201);
    const linked = r.json();
    expect(linked).toMatchObject({ indicator: { code, name: '固定宽带家庭普及率', unit: '%' }, link: { itemId: targets[0], divisionCode: '6322', frequency: 'Q', version: 1 } });
    const ind = (await app.inject({ method: 'GET', url: `/api/indicators/${linked.indicator.id}`, headers: admin })).json();
    expect(ind.definition).toMatchObject({ factor: 100, denominatorElementId: households });
    const numerator = await getDb().kysely.selectFrom('data_elements').select(['name', 'division_level', 'period_type']).where('id', '=', ind.definition.numeratorElementId).executeTakeFirstOrThrow();
    expect(numerator).toMatchObject({ division_level: 2, period_type: 'M' });
    expect(numerator.name).toMatch(/^固定宽带家庭用户数/);
    const audit = await getDb().kysely.selectFrom('audit_log').select('action').where('entity', '=', 'target_link').where('entity_id', '=', String(targets[0])).execute();
    expect(audit.map((a) => a.action)).toContain('create');

    // the target is judged once values are approved: 55% at 2014Q4 on the way from 40% (2013) to 70% (2015)
    const status0 = (await app.inject({ method: 'GET', url: `/api/plans/${planId}/status?asOf=2015-01-20`, headers: viewer })).json();
    expect(status0.targets.find((t: { itemId: number }) => t.itemId === targets[0])).toMatchObject({ linked: true, status: 'no_data' });
    await transaction(getDb(), (tx) =>
      recordApprovedValues(tx, [
        { elementId: ind.definition.numeratorElementId, divisionCode: '6322', period: '2014M12', value: 55, unitId: null, submissionId: null },
        { elementId: households, divisionCode: '6322', period: '2014M12', value: 100, unitId: null, submissionId: null },
      ]),
    );
    const status = (await app.inject({ method: 'GET', url: `/api/plans/${planId}/status?asOf=2015-01-20`, headers: viewer })).json();
    const judged = status.targets.find((t: { itemId: number }) => t.itemId === targets[0]);
    expect(judged.status).not.toBe('no_data');
    expect(judged.latest.period).toBe('2014Q4');
    expect(judged.latest.value).toBeCloseTo(55, 9);

    const again = await app.inject({ method: 'POST', url: `/api/plans/${planId}/targets/${targets[0]}/indicator`, headers: admin, payload: body(uniq('FBB_PEN')) });
    expect(again.statusCode).toBe(409);
  });

  it('links a target of an active plan to an existing indicator and changes the link, audited; only the office may', async () => {
    const made = await app.inject({ method: 'POST', url: `/api/plans/${planId}/targets/${targets[1]}/indicator`, headers: admin, payload: body(uniq('FIBER')) });
    expect(made.statusCode, made.body).toBe(201);
    const indicatorId = made.json().indicator.id;
    const link = { indicatorId, frequency: 'Y' };
    expect((await app.inject({ method: 'PUT', url: `/api/plans/${planId}/targets/${targets[2]}/link`, headers: viewer, payload: link })).statusCode).toBe(403);
    expect((await app.inject({ method: 'PUT', url: `/api/plans/${planId}/targets/${targets[2]}/link`, headers: reporter, payload: link })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: `/api/plans/${planId}/targets/${targets[2]}/indicator`, headers: viewer, payload: body(uniq('X')) })).statusCode).toBe(403);
    const r = await app.inject({ method: 'PUT', url: `/api/plans/${planId}/targets/${targets[2]}/link`, headers: admin, payload: link });
    expect(r.statusCode, r.body).toBe(201);
    const changed = await app.inject({ method: 'PUT', url: `/api/plans/${planId}/targets/${targets[2]}/link`, headers: admin, payload: { ...link, version: 1, frequency: 'Q' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().link).toMatchObject({ frequency: 'Q', version: 2 });
    const audit = await getDb().kysely.selectFrom('audit_log').select('action').where('entity', '=', 'target_link').where('entity_id', '=', String(targets[2])).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
  });

  it('refuses a bad request naming the field, and leaves nothing behind', async () => {
    const fresh = async () => {
      const t = await getDb().kysely
        .insertInto('plan_items')
        .values({ plan_id: planId, kind: 'target', ord: 9, review_status: 'accepted', data: JSON.stringify({ indicator: '宽带投资', value: 5, unit: '亿元', comparator: '>=', deadline: '2015' }) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(t.id);
    };
    const itemId = await fresh();
    const badCode = await app.inject({ method: 'POST', url: `/api/plans/${planId}/targets/${itemId}/indicator`, headers: admin, payload: body('1bad') });
    expect(badCode.statusCode).toBe(400);
    expect(JSON.stringify(badCode.json().error.fields)).toContain('code');
    const elements = async () => Number((await getDb().kysely.selectFrom('data_elements').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await elements();
    // the element is valid, the link's division is not: the element created first is rolled back
    const badLink = await app.inject({ method: 'POST', url: `/api/plans/${planId}/targets/${itemId}/indicator`, headers: admin, payload: body(uniq('INV'), { link: { divisionCode: '999999' } }) });
    expect(badLink.statusCode, badLink.body).toBe(400);
    expect(badLink.json().error.fields[0].field).toBe('link.divisionCode');
    expect(await elements()).toBe(before);
    const badElement = await app.inject({ method: 'POST', url: `/api/plans/${planId}/targets/${itemId}/indicator`, headers: admin, payload: body(uniq('INV'), { denominator: { elementId: 99999999 } }) });
    expect(badElement.statusCode).toBe(400);
    expect(badElement.json().error.fields[0].field).toBe('denominatorElementId');
    expect(await elements()).toBe(before);
  });
});
