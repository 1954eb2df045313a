import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { ROOT } from '../../test/e2e/browser.ts';
import { loadDivisions } from '../divisions/division.loader.ts';
import { recordApprovedValues } from '../indicators/values.service.ts';
import { SYSTEM } from '../platform/audit.ts';
import { transaction } from '../platform/db/database.ts';
import { importPlanText } from '../plans/plan.service.ts';
import { createDataElement } from '../reporting/data-element.service.ts';

const PLAN = join(ROOT, 'examples', 'plans', '000_a21303be5ef81ba7.txt');

describeEachEngine('plan investments (planned vs done by unit)', (getDb) => {
  let app: FastifyInstance;
  let planId: number;
  let admin: Record<string, string>;
  let units: Map<string, number>;
  beforeAll(async () => {
    const db = getDb();
    await loadDivisions(db, { provinces: ['63'] });
    const r = await importPlanText(db, SYSTEM, { text: readFileSync(PLAN, 'utf8'), filename: '000.txt', format: 'txt', divisionCode: '6322' });
    planId = r.plan.id;
    units = new Map(r.proposedUnits.map((u) => [u.name, u.id]));
    app = await buildTestApp(db);
    const a = await createUser(db, { role: 'admin' });
    admin = (await login(app, a.username, a.password)).headers;
  });
  afterAll(async () => app?.close());

  const get = (headers: Record<string, string> = admin) => app.inject({ method: 'GET', url: `/api/plans/${planId}/investments`, headers });

  it("takes each operator's largest 2014 commitment, drops the stated total, and shows done 0 without the element", async () => {
    const r = await get();
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.doneElement).toBeNull();
    expect(body.currency).toBe('万元');
    expect(body.items.map((u: { unitName: string; planned: number; done: number }) => [u.unitName, u.planned, u.done])).toEqual([
      ['电信海北分公司', 20000, 0],
      ['移动海北分公司', 20000, 0],
      ['联通海北分公司', 8000, 0],
    ]);
    expect(body.totals).toEqual({ planned: 48000, done: 0 });
  });

  it('sums the approved 完成投资额 each unit reported in the plan division (flow, 万元) for the planned year', async () => {
    const db = getDb();
    const telecom = units.get('电信海北分公司');
    const mobile = units.get('移动海北分公司');
    expect(telecom && mobile).toBeTruthy();
    const el = await createDataElement(db, SYSTEM, {
      code: 'investment_done', name: '完成投资额', valueType: 'number', unit: '万元', periodType: 'Q', temporal: 'flow', spatial: 'sum', divisionLevel: 3,
    });
    await transaction(db, (tx) =>
      recordApprovedValues(tx, [
        { elementId: el.id, divisionCode: '632221', period: '2014Q1', value: 3000, unitId: telecom!, submissionId: null },
        { elementId: el.id, divisionCode: '632222', period: '2014Q2', value: 4500.5, unitId: telecom!, submissionId: null },
        { elementId: el.id, divisionCode: '632223', period: '2014Q1', value: 6000, unitId: mobile!, submissionId: null },
        { elementId: el.id, divisionCode: '632223', period: '2013Q4', value: 999, unitId: mobile!, submissionId: null },
        { elementId: el.id, divisionCode: '630102', period: '2014Q1', value: 50, unitId: mobile!, submissionId: null },
      ]),
    );
    const body = (await get()).json();
    expect(body.doneElement).toMatchObject({ code: 'investment_done', unit: '万元' });
    const done = Object.fromEntries(body.items.map((u: { unitName: string; done: number }) => [u.unitName, u.done]));
    expect(done).toEqual({ 电信海北分公司: 7500.5, 移动海北分公司: 6000, 联通海北分公司: 0 });
    expect(body.totals.done).toBe(13500.5);
  });

  it('refuses anonymous (401) and a viewer outside the plan division (403); 400 names a bad period', async () => {
    expect((await app.inject({ method: 'GET', url: `/api/plans/${planId}/investments` })).statusCode).toBe(401);
    const v = await createUser(getDb(), { role: 'viewer', divisionCode: '6301' });
    const outside = (await login(app, v.username, v.password)).headers;
    expect((await get(outside)).statusCode).toBe(403);
    const bad = await app.inject({ method: 'GET', url: `/api/plans/${planId}/investments?period=2014Q5`, headers: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('querystring.period');
  });
});
