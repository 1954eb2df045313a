import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { TIANHE_DIVISIONS, TIANHE_PLAN } from '../../test/tracking-plan.ts';
import { SYSTEM } from '../platform/audit.ts';
import { createUnit } from '../divisions/unit.service.ts';
import { importPlanText } from './plan.service.ts';

type Item = { id: number; kind: string; version: number; reviewStatus: string; data: Record<string, unknown>; units: { role: string; nameAsWritten: string; unitId: number | null; unitStatus: string | null }[] };
type Entry = { code: string; severity: string; itemIds: number[]; unitIds: number[]; suggestion: { periodEnd?: number } | null };

// Review at scale and activation as a checklist, through the HTTP API on a plan the test writes.
describeEachEngine('plan review at scale and the activation checklist', (getDb) => {
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let viewerHere: Record<string, string>;
  let viewerElsewhere: Record<string, string>;
  let planId: number;
  let registered: number;

  const get = async (url: string, headers = admin) => app.inject({ method: 'GET', url, headers });
  const send = async (method: 'POST' | 'PATCH', url: string, payload: unknown, headers = admin) => app.inject({ method, url, headers, payload: payload as object });
  const items = async (query = ''): Promise<Item[]> => (await get(`/api/plans/${planId}/items${query}`)).json().items;
  const plan = async () => (await get(`/api/plans/${planId}`)).json();
  const checklist = async (): Promise<{ ready: boolean; entries: Entry[] }> => (await get(`/api/plans/${planId}/checklist`)).json();

  beforeAll(async () => {
    const db = getDb();
    await db.kysely.insertInto('divisions').values(TIANHE_DIVISIONS).execute();
    registered = (await createUnit(db, SYSTEM, { name: '天河区科工信局', divisionCode: '440106', kind: 'department', aliases: [] })).id;
    app = await buildTestApp(db);
    const a = await createUser(db, { role: 'admin' });
    admin = (await login(app, a.username, a.password)).headers;
    const v = await createUser(db, { role: 'viewer', divisionCode: '440106' });
    viewerHere = (await login(app, v.username, v.password)).headers;
    const w = await createUser(db, { role: 'viewer', divisionCode: '440104' });
    viewerElsewhere = (await login(app, w.username, w.password)).headers;
    planId = (await importPlanText(db, SYSTEM, { text: TIANHE_PLAN, filename: 'tianhe.txt', format: 'txt', divisionCode: '440106' })).plan.id;
  });
  afterAll(() => app.close());

  it('documents the review routes in OpenAPI, each with its response schema', async () => {
    const doc = (await get('/api/openapi.json')).json();
    for (const [path, method] of [['/api/plans/{id}', 'patch'], ['/api/plans/{id}/items/bulk', 'post'], ['/api/plans/{id}/units', 'get'], ['/api/plans/{id}/units/{unitId}/merge', 'post'], ['/api/plans/{id}/units/{unitId}/confirm', 'post'], ['/api/plans/{id}/checklist', 'get'], ['/api/plans/{id}/items', 'get']]) {
      expect(doc.paths[path]?.[method]?.responses?.['200'], `${method} ${path}`).toBeTruthy();
    }
  });

  it('filters items by kind, status, section, unit and text', async () => {
    expect((await items('?kind=task')).length).toBe(3);
    expect((await items('?kind=task&q=光纤')).map((i) => i.data.title)).toEqual(['推进光纤网络建设']);
    expect((await items('?kind=task&section=二、（二）')).map((i) => i.data.title)).toEqual(['建设公共无线网络']);
    const tianhe = (await items('?kind=task')).flatMap((i) => i.units).find((u) => u.nameAsWritten === '天河区')!;
    expect((await items(`?unitId=${tianhe.unitId}`)).map((i) => i.data.title)).toEqual(['建设公共无线网络']);
    expect((await items('?status=accepted')).length).toBe(0);
    expect((await get(`/api/plans/${planId}/items?status=maybe`)).statusCode).toBe(400);
  });

  it('bulk accept, delete and assign unit: one transaction, stale versions refused, audited', async () => {
    const tasks = await items('?kind=task');
    // One stale version refuses the whole batch: nothing changes.
    const stale = await send('POST', `/api/plans/${planId}/items/bulk`, { action: 'accept', items: [{ id: tasks[0].id, version: tasks[0].version }, { id: tasks[1].id, version: tasks[1].version + 5 }] });
    expect(stale.statusCode, stale.body).toBe(409);
    expect((await items('?kind=task')).map((i) => i.reviewStatus)).toEqual(['pending', 'pending', 'pending']);

    const ok = await send('POST', `/api/plans/${planId}/items/bulk`, { action: 'accept', items: tasks.map((t) => ({ id: t.id, version: t.version })) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().items.map((i: Item) => i.reviewStatus)).toEqual(['accepted', 'accepted', 'accepted']);
    expect((await items('?kind=task&status=accepted')).length).toBe(3);

    const ms = await items('?kind=milestone');
    const del = await send('POST', `/api/plans/${planId}/items/bulk`, { action: 'delete', items: ms.map((t) => ({ id: t.id, version: t.version })) });
    expect(del.statusCode, del.body).toBe(200);
    expect((await items('?kind=milestone&status=deleted')).length).toBe(ms.length);

    const third = (await items('?kind=task')).find((t) => t.data.title === '推进政务数据共享')!;
    const assign = await send('POST', `/api/plans/${planId}/items/bulk`, { action: 'assignUnit', unitId: registered, role: 'responsible', items: [{ id: third.id, version: third.version }] });
    expect(assign.statusCode, assign.body).toBe(200);
    const after = assign.json().items[0] as Item;
    expect(after.units.find((u) => u.unitId === registered)?.role).toBe('responsible');
    expect(after.data.responsibleUnits).toContain('天河区科工信局');
    expect(after.reviewStatus).toBe('edited');

    // A role the kind has no place for, and an item of another plan, are 4xx naming the field.
    const target = (await items('?kind=target'))[0];
    const wrongRole = await send('POST', `/api/plans/${planId}/items/bulk`, { action: 'assignUnit', unitId: registered, role: 'lead', items: [{ id: target.id, version: target.version }] });
    expect(wrongRole.statusCode).toBe(400);
    expect(wrongRole.json().error.fields[0].field).toBe('role');
    const missing = await send('POST', `/api/plans/${planId}/items/bulk`, { action: 'accept', items: [{ id: 987654, version: 1 }] });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.fields[0].field).toBe('items.0.id');

    const audit = (await get(`/api/audit?entity=plan_item&entityId=${tasks[0].id}`)).json();
    expect(audit.items.map((a: { action: string }) => a.action)).toContain('review.accept');
    // A viewer changes nothing.
    expect((await send('POST', `/api/plans/${planId}/items/bulk`, { action: 'accept', items: [{ id: target.id, version: target.version }] }, viewerHere)).statusCode).toBe(403);
  });

  it('suggests and merges a proposed unit into its twin; items follow; confirming proposals', async () => {
    const res = await get(`/api/plans/${planId}/units`);
    expect(res.statusCode, res.body).toBe(200);
    const units = res.json().units as { unit: { id: number; name: string; status: string; version: number }; suggestions: { id: number; name: string; reason: string }[] }[];
    const tianhe = units.find((u) => u.unit.name === '天河区')!;
    expect(tianhe.unit.status).toBe('proposed');
    expect(tianhe.suggestions[0]).toMatchObject({ name: '天河区人民政府', reason: 'same_base' });
    const kgx = units.find((u) => u.unit.name === '区科工信局')!;
    expect(kgx.suggestions[0]).toMatchObject({ id: registered, reason: 'contains' });

    const into = tianhe.suggestions[0].id;
    const merged = await send('POST', `/api/plans/${planId}/units/${tianhe.unit.id}/merge`, { intoId: into });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().moved).toBe(1);
    expect(merged.json().into.aliases).toContain('天河区');
    const wireless = (await items('?kind=task')).find((t) => t.data.title === '建设公共无线网络')!;
    expect(wireless.units.find((u) => u.nameAsWritten === '天河区')?.unitId).toBe(into);
    expect(((await get(`/api/plans/${planId}/units`)).json().units as { unit: { name: string } }[]).map((u) => u.unit.name)).not.toContain('天河区');

    // 区科工信局 is the registered 天河区科工信局.
    expect((await send('POST', `/api/plans/${planId}/units/${kgx.unit.id}/merge`, { intoId: registered })).statusCode).toBe(200);

    const gov = ((await get(`/api/plans/${planId}/units`)).json().units as { unit: { id: number; name: string; version: number } }[]).find((u) => u.unit.id === into)!;
    const confirmed = await send('POST', `/api/plans/${planId}/units/${into}/confirm`, { version: gov.unit.version });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().status).toBe('active');
    expect((await send('POST', `/api/plans/${planId}/units/${into}/confirm`, { version: confirmed.json().version })).statusCode).toBe(409);
    // A unit the plan does not name is not this page's to merge.
    const other = await createUnit(getDb(), SYSTEM, { name: '越秀区科工信局', divisionCode: '440104', kind: 'department', aliases: [], status: 'proposed' });
    expect((await send('POST', `/api/plans/${planId}/units/${other.id}/merge`, { intoId: registered })).statusCode).toBe(404);
    expect((await send('POST', `/api/plans/${planId}/units/${into}/confirm`, { version: 1 }, viewerHere)).statusCode).toBe(403);
    expect((await get(`/api/plans/${planId}/units`, viewerHere)).statusCode).toBe(403);
  });

  it('edits plan metadata with validation', async () => {
    const p = await plan();
    // The extractor reads the period's end from "到2018年" (ExtractedPlan.period); the import may use it.
    expect([null, 2018]).toContain(p.periodEnd);
    const backwards = await send('PATCH', `/api/plans/${planId}`, { version: p.version, periodEnd: 2015 });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.fields[0].field).toBe('periodEnd');
    const badDate = await send('PATCH', `/api/plans/${planId}`, { version: p.version, issuedOn: '2016年3月' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.fields[0].field).toContain('issuedOn');
    const badDivision = await send('PATCH', `/api/plans/${planId}`, { version: p.version, divisionCode: '449999' });
    expect(badDivision.statusCode).toBe(400);
    expect((await send('PATCH', `/api/plans/${planId}`, { version: p.version, title: '' })).statusCode).toBe(400);
    expect((await send('PATCH', `/api/plans/${planId}`, { version: p.version, periodEnd: 2018 }, viewerHere)).statusCode).toBe(403);

    const ok = await send('PATCH', `/api/plans/${planId}`, { version: p.version, title: '天河区推进智慧城市建设工作方案', issuer: '广州市天河区人民政府办公室', periodStart: 2016, periodEnd: 2018 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ title: '天河区推进智慧城市建设工作方案', periodStart: 2016, periodEnd: 2018, version: p.version + 1 });
    expect((await send('PATCH', `/api/plans/${planId}`, { version: p.version, docNumber: 'x' })).statusCode).toBe(409);
    const audit = (await get(`/api/audit?entity=plan&entityId=${planId}`)).json();
    expect(audit.items.map((a: { action: string }) => a.action)).toContain('update');
  });

  it('ties a hand-added item to its source span; a span outside the source is refused', async () => {
    const text = (await get(`/api/plans/${planId}/source`)).json().text as string;
    const at = text.indexOf('成立区智慧城市建设领导小组');
    const span = [at, at + '成立区智慧城市建设领导小组'.length];
    const data = { title: '成立区智慧城市建设领导小组', section: '三、（一）', leadUnits: [], responsibleUnits: [], text: '成立区智慧城市建设领导小组' };
    const out = await send('POST', `/api/plans/${planId}/items`, { kind: 'task', data, span: [at, text.length + 10] });
    expect(out.statusCode).toBe(400);
    expect(out.json().error.fields[0].field).toBe('span');
    const ok = await send('POST', `/api/plans/${planId}/items`, { kind: 'task', data, span });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().span).toEqual(span);
    expect(text.slice(span[0], span[1])).toBe('成立区智慧城市建设领导小组');
  });

  it('lists what activation needs, refuses blocking entries, validates due days, and activates once fixed', async () => {
    const first = await checklist();
    expect(first.ready).toBe(false);
    const codes = Object.fromEntries(first.entries.map((e) => [e.code, e.severity]));
    expect(codes).toMatchObject({ duty_no_frequency: 'blocking', pending_items: 'warning', duty_no_due: 'warning', target_no_indicator: 'warning' });
    expect(codes.no_period_end).toBeUndefined(); // set to 2018 above
    expect(codes.proposed_units).toBe('warning'); // 区政务办, 区发展改革局 remain proposals
    const duties = await items('?kind=reporting');
    const vague = duties.find((d) => d.data.frequency === 'unspecified')!;
    expect(first.entries.find((e) => e.code === 'duty_no_frequency')!.itemIds).toEqual([vague.id]);
    // A viewer outside the division cannot read it.
    expect((await get(`/api/plans/${planId}/checklist`, viewerElsewhere)).statusCode).toBe(403);

    const p = await plan();
    const refused = await send('POST', `/api/plans/${planId}/activate`, { version: p.version });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['checklist.duty_no_frequency']);
    expect((await plan()).status).toBe('draft');

    // Due days: by position, each after its period ends; "每月5日前" is a rule, not a date.
    const quarterly = duties.find((d) => d.data.frequency === 'quarterly')!;
    const early = await send('PATCH', `/api/plans/${planId}/items/${quarterly.id}`, { version: quarterly.version, data: { ...quarterly.data, due: ['03-20', '07-10'] } });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['data.due.0']);
    const tooMany = await send('PATCH', `/api/plans/${planId}/items/${quarterly.id}`, { version: quarterly.version, data: { ...quarterly.data, due: ['04-10', '07-10', '10-10', '01-10', '02-10'] } });
    expect(tooMany.statusCode).toBe(400);
    const asText = await send('PATCH', `/api/plans/${planId}/items/${vague.id}`, { version: vague.version, data: { ...vague.data, frequency: 'monthly', due: ['每月5日前'] } });
    expect(asText.statusCode).toBe(400);
    const q = await send('PATCH', `/api/plans/${planId}/items/${quarterly.id}`, { version: quarterly.version, data: { ...quarterly.data, due: ['04-10', '07-10', '10-10', '01-10'] } });
    expect(q.statusCode, q.body).toBe(200);
    const monthly = await send('PATCH', `/api/plans/${planId}/items/${vague.id}`, { version: vague.version, data: { ...vague.data, frequency: 'monthly', due: [], dueRule: { kind: 'dayOfNextPeriod', day: 5 } } });
    expect(monthly.statusCode, monthly.body).toBe(200);
    expect(monthly.json().data.dueRule).toEqual({ kind: 'dayOfNextPeriod', day: 5 });

    const fixed = await checklist();
    expect(fixed.ready).toBe(true);
    expect(fixed.entries.map((e) => e.code)).not.toContain('duty_no_due');
    const act = await send('POST', `/api/plans/${planId}/activate`, { version: (await plan()).version });
    expect(act.statusCode, act.body).toBe(200);
    const cal = (await get(`/api/plans/${planId}/calendar`)).json().duties as { frequency: string; periods: { code: string; dueOn: string | null }[] }[];
    const m = cal.find((d) => d.frequency === 'monthly')!;
    expect(m.periods[0]).toMatchObject({ code: '2016M03', dueOn: '2016-04-05' });
    // The period edited to end in 2018 carries the calendar past the issue year.
    expect(m.periods.at(-1)).toMatchObject({ code: '2018M12', dueOn: '2019-01-05' });
    const qc = cal.find((d) => d.frequency === 'quarterly')!;
    expect(qc.periods.slice(0, 4).map((x) => x.dueOn)).toEqual(['2016-04-10', '2016-07-10', '2016-10-10', '2017-01-10']);
    const audit = (await get(`/api/audit?entity=plan&entityId=${planId}`)).json();
    const activation = audit.items.find((a: { action: string }) => a.action === 'activate');
    expect(JSON.stringify(activation.after)).toContain('pending_items');
  });
});
