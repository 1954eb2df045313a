import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { type Fixture, monitoredProvince, planWithItems } from './status.test-fixtures.ts';

type H = Record<string, string>;

describeEachEngine('monitoring API', (getDb) => {
  let app: FastifyInstance;
  let f: Fixture;
  let planId: number;
  let ids: Record<string, number>;
  const h: Record<'admin' | 'leader' | 'viewer43' | 'viewer4301' | 'viewer4302' | 'viewer63' | 'reporter', H> = {} as never;

  beforeAll(async () => {
    const db = getDb();
    f = await monitoredProvince(db);
    ({ planId, ids } = await planWithItems(db, [
      { key: 'fixed', kind: 'target', data: { indicator: '全省固定宽带家庭普及率', scope: null, value: 50, unit: '%', comparator: '>=', deadline: '2015', baseline: { value: 40, date: '2013' } } },
      { key: 'changsha', kind: 'target', data: { indicator: '固定宽带家庭普及率', scope: '农村家庭', value: 43, unit: '%', comparator: '>=', deadline: '2015', baseline: { value: 40, date: '2013' } } },
      { key: 'task', kind: 'task', data: { title: '光纤入户', section: null, leadUnits: [], responsibleUnits: [] } },
    ]));
    app = await buildTestApp(db, { LUOSHI_DEADLINE_WARN_DAYS: '20' });
    const sign = async (o: Parameters<typeof createUser>[1]) => {
      const u = await createUser(db, o);
      return (await login(app, u.username, u.password)).headers;
    };
    h.admin = await sign({ role: 'admin' });
    h.leader = await sign({ role: 'leader' });
    h.viewer43 = await sign({ role: 'viewer', divisionCode: '43' });
    h.viewer4301 = await sign({ role: 'viewer', divisionCode: '4301' });
    h.viewer4302 = await sign({ role: 'viewer', divisionCode: '4302' });
    h.viewer63 = await sign({ role: 'viewer', divisionCode: '63' });
    h.reporter = await sign({ role: 'reporter', unitId: f.units.telecom });
  });
  afterAll(() => app.close());

  const get = (url: string, headers?: H) => app.inject({ method: 'GET', url, headers });

  it('documents every monitoring route in the OpenAPI document', async () => {
    const doc = await get('/api/openapi.json');
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toEqual(
      expect.arrayContaining([
        '/api/plans/{id}/status',
        '/api/plans/{id}/targets/links',
        '/api/plans/{id}/targets/{itemId}/link',
        '/api/plans/{id}/targets/{itemId}/suggestions',
        '/api/plans/{id}/targets/compare/status',
        '/api/divisions/{code}/indicators',
        '/api/indicators/{id}/ranking',
        '/api/index',
        '/api/index/{id}',
        '/api/index/{id}/method',
      ]),
    );
  });

  it('links targets to indicators: suggestion, create, 409 on stale versions, audit, unlink', async () => {
    const before = (await get(`/api/plans/${planId}/targets/links`, h.admin)).json().items;
    expect(before[0]).toMatchObject({ link: null, suggestions: [{ id: f.indicators.fixed }] });
    const sugg = await get(`/api/plans/${planId}/targets/${ids.fixed}/suggestions`, h.viewer43);
    expect(sugg.statusCode, sugg.body).toBe(200);
    expect(sugg.json().items[0]).toMatchObject({ id: f.indicators.fixed, code: f.codes.fixed });

    const url = `/api/plans/${planId}/targets/${ids.fixed}/link`;
    const put = (payload: object, headers = h.admin) => app.inject({ method: 'PUT', url, headers, payload });
    expect((await put({ indicatorId: f.indicators.fixed }, h.viewer43)).statusCode).toBe(403);
    expect((await app.inject({ method: 'PUT', url, payload: { indicatorId: 1 } })).statusCode).toBe(401);
    const bad = await put({ indicatorId: 999_999 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([{ field: 'indicatorId', reason: expect.stringContaining('999999') }]);
    const badPeriod = await put({ indicatorId: f.indicators.fixed, deadline: '2015Q5' });
    expect(badPeriod.statusCode).toBe(400);
    expect(badPeriod.json().error.message).toMatch(/deadline/);

    const created = await put({ indicatorId: f.indicators.fixed });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ link: { divisionCode: '43', area: 'all', version: 1 }, item: { value: 50, comparator: '>=', deadline: '2015', baseline: { value: 40, at: '2013' } } });
    expect((await put({ indicatorId: f.indicators.fixed })).statusCode).toBe(409);
    const changed = await put({ indicatorId: f.indicators.fixed, version: 1, targetValue: 52 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ link: { version: 2, targetValue: 52 }, item: { value: 52 } });
    expect((await put({ indicatorId: f.indicators.fixed, version: 1 })).statusCode).toBe(409);
    expect((await put({ indicatorId: f.indicators.fixed, version: 2, targetValue: null })).statusCode).toBe(200);

    // the 长沙 target: another division, area read from its scope (农村家庭 → rural)
    const cs = await app.inject({ method: 'PUT', url: `/api/plans/${planId}/targets/${ids.changsha}/link`, headers: h.admin, payload: { indicatorId: f.indicators.fixed, divisionCode: '4301' } });
    expect(cs.statusCode, cs.body).toBe(201);
    expect(cs.json().link.area).toBe('rural');

    const list = await get(`/api/plans/${planId}/targets/links`, h.viewer43);
    expect(list.json().items.map((t: { link: { version: number } | null; suggestions: unknown[] }) => [t.link?.version, t.suggestions.length])).toEqual([[3, 0], [1, 0]]);
    expect((await get(`/api/plans/${planId}/targets/links`, h.viewer63)).statusCode).toBe(403);
    const audit = (await get(`/api/audit?entity=target_link&entityId=${ids.fixed}`, h.admin)).json();
    expect(audit.items.map((a: { action: string }) => a.action).sort()).toEqual(['create', 'update', 'update']);

    const extra = await planWithItems(getDb(), [{ key: 't', kind: 'target', data: { indicator: '行政村通宽带比例', scope: null, value: 98, unit: '%', comparator: '>=', deadline: '2015', baseline: null } }]);
    const linkUrl = `/api/plans/${extra.planId}/targets/${extra.ids.t}/link`;
    expect((await app.inject({ method: 'PUT', url: linkUrl, headers: h.admin, payload: { indicatorId: f.indicators.villages } })).statusCode).toBe(201);
    expect((await app.inject({ method: 'DELETE', url: `${linkUrl}?version=7`, headers: h.admin })).statusCode).toBe(409);
    expect((await app.inject({ method: 'DELETE', url: `${linkUrl}?version=1`, headers: h.admin })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `${linkUrl}?version=1`, headers: h.admin })).statusCode).toBe(404);
  });

  it('plan status: readers of the plan only; the warning days come from the configuration', async () => {
    const r = await get(`/api/plans/${planId}/status?period=2014Q4`, h.viewer43);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.targets.find((t: { itemId: number }) => t.itemId === ids.fixed)).toMatchObject({ status: 'accelerate', latest: { value: 44 } });
    expect(body.targets.find((t: { itemId: number }) => t.itemId === ids.changsha)).toMatchObject({ status: 'achieved', divisionCode: '4301' });
    expect(body.method).toMatchObject({ warnDays: 20, trajectory: { thresholds: { on_track: 0.95, accelerate: 0.6 } } });
    expect(body.tasks[0]).toMatchObject({ itemId: ids.task, light: 'green', dueOn: '2015-12-31' });
    expect((await get(`/api/plans/${planId}/status?asOf=2015-12-12`, h.leader)).json().tasks[0]).toMatchObject({ light: 'yellow', daysLeft: 19 });
    expect((await get(`/api/plans/${planId}/status`, h.viewer63)).statusCode).toBe(403);
    expect((await get(`/api/plans/${planId}/status`, h.viewer4301)).statusCode).toBe(403);
    expect((await get(`/api/plans/${planId}/status`)).statusCode).toBe(401);
    const bad = await get(`/api/plans/${planId}/status?period=2014Q7`, h.admin);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/period/);
    expect((await get(`/api/plans/999999/status`, h.admin)).statusCode).toBe(404);
    const cmp = await get(`/api/plans/${planId}/targets/compare/status?period=2014Q4`, h.admin);
    expect(cmp.statusCode, cmp.body).toBe(200);
    expect(cmp.json().items[0]).toMatchObject({ target: { itemId: ids.fixed }, status: { status: 'accelerate' } });
  });

  it('division view: the targets set for a division, to readers of that division', async () => {
    const r = await get('/api/divisions/4301/indicators?period=2014Q4', h.viewer4301);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items).toEqual([expect.objectContaining({ itemId: ids.changsha, status: 'achieved', planTitle: expect.any(String) })]);
    expect((await get('/api/divisions/4301/indicators', h.viewer4302)).statusCode).toBe(403);
    expect((await get('/api/divisions/4301/indicators', h.reporter)).statusCode).toBe(403);
    expect((await get('/api/divisions/43/indicators?period=2014Q4', h.viewer43)).json().items.map((i: { itemId: number }) => i.itemId)).toEqual([ids.fixed]);
  });

  it('rankings of sibling divisions and of units, within the viewer’s subtree only', async () => {
    const r = await get(`/api/indicators/${f.indicators.fixed}/ranking?parent=43&period=2014M12`, h.viewer43);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items.map((i: { divisionCode: string; rank: number | null; value: number | null }) => [i.divisionCode, i.rank, i.value])).toEqual([
      ['4302', 1, 50],
      ['4301', 2, 44],
      ['4303', 3, 38],
      ['4304', null, null],
    ]);
    const byCode = await get(`/api/indicators/${f.codes.fixed}/ranking?parent=43&period=2014M12&by=unit`, h.admin);
    expect(byCode.statusCode, byCode.body).toBe(200);
    expect(byCode.json().items.map((i: { unitId: number; rank: number; value: number }) => [i.unitId, i.rank, i.value])).toEqual([
      [f.units.telecom, 1, 47],
      [f.units.mobile, 2, 38],
    ]);
    expect((await get(`/api/indicators/${f.indicators.fixed}/ranking?parent=43&period=2014M12`, h.viewer4301)).statusCode).toBe(403);
    expect((await get(`/api/indicators/${f.indicators.fixed}/ranking?period=2014M12`, h.viewer63)).json().items).toEqual([]);
    const own = await get(`/api/indicators/${f.indicators.fixed}/ranking?period=2014M12`, h.viewer4301);
    expect(own.json()).toMatchObject({ parent: '4301', items: [{ divisionCode: '430102', rank: 1, value: 44 }] });
    expect((await get(`/api/indicators/${f.indicators.fixed}/ranking?parent=43&period=2014M12`, h.reporter)).statusCode).toBe(403);
    expect((await get(`/api/indicators/NOPE/ranking?parent=43&period=2014M12`, h.admin)).statusCode).toBe(404);
    expect((await get(`/api/indicators/${f.indicators.fixed}/ranking?parent=43&period=2014Q9`, h.admin)).statusCode).toBe(400);
    // without a period: the latest with data
    const latest = (await get(`/api/indicators/${f.indicators.fixed}/ranking?parent=43`, h.admin)).json();
    expect(latest).toMatchObject({ period: '2014M12', items: [{ divisionCode: '4302', value: 50 }, {}, {}, {}] });
  });

  it('宽带发展指数: configured by the office, scored by hand, method beside the numbers, subtree only', async () => {
    const def = {
      code: `T${process.pid}`,
      name: '测试宽带发展指数',
      sources: ['ITU MIS 2017'],
      groups: [
        { code: 'access', name: '普及', weight: 0.4 },
        { code: 'capability', name: '能力', weight: 0.4 },
        { code: 'use', name: '应用', weight: 0.2 },
      ],
      components: [
        { indicator: f.codes.fixed, name: '固定宽带家庭普及率', group: 'access', reference: 70, cap: 1.2 },
        { indicator: f.codes.villages, name: '行政村通宽带比例', group: 'access', reference: 98, cap: 1.2 },
        { indicator: f.codes.speed, name: '平均下载速率', group: 'capability', reference: 50, log: true },
        { indicator: 'INTERNET_PEN_UNDEFINED', name: '互联网普及率', group: 'use', reference: 100 },
      ],
    };
    expect((await app.inject({ method: 'POST', url: '/api/index', headers: h.viewer43, payload: def })).statusCode).toBe(403);
    const badGroup = await app.inject({ method: 'POST', url: '/api/index', headers: h.admin, payload: { ...def, components: [{ ...def.components[0], group: 'nope' }] } });
    expect(badGroup.statusCode).toBe(400);
    expect(badGroup.json().error.fields[0].field).toBe('components.0.group');
    const created = await app.inject({ method: 'POST', url: '/api/index', headers: h.admin, payload: def });
    expect(created.statusCode, created.body).toBe(201);
    const indexId = created.json().id;

    const r = await get(`/api/index/${indexId}?parent=43&period=2014M12`, h.viewer43);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    // 长沙: access (44/70 + 96/98) / 2 = (0.628571 + 0.979592) / 2 = 0.804082; capability log10(10)/log10(50)
    // = 0.588592; use has no defined indicator, so the groups renormalise over 0.8:
    // 10 × (0.4 × 0.804082 + 0.4 × 0.588592) / 0.8 = 6.96337
    const row = (code: string) => body.items.find((i: { divisionCode: string }) => i.divisionCode === code);
    expect(row('4301').score).toBeCloseTo(6.96337, 4);
    expect(row('4301').groups).toEqual([
      { code: 'access', score: expect.closeTo(0.804082, 5) },
      { code: 'capability', score: expect.closeTo(0.588592, 5) },
      { code: 'use', score: null },
    ]);
    // 株洲: (50/70 + 96/98)/2 = 0.846939; log10(20)/log10(50) = 0.765769 → 8.06354; 湘潭 → 5.86314
    expect(body.items.map((i: { divisionCode: string; rank: number | null }) => [i.divisionCode, i.rank])).toEqual([['4302', 1], ['4301', 2], ['4303', 3], ['4304', null]]);
    expect(row('4302').score).toBeCloseTo(8.06354, 4);
    expect(row('4303').score).toBeCloseTo(5.86314, 4);
    // the province: speed weighted by users (10·44 + 20·50 + 5·38) / 132 = 12.348 → 0.642516 → 7.23299
    expect(body.parent).toMatchObject({ divisionCode: '43', name: '湖南省', rank: null });
    expect(body.parent.score).toBeCloseTo(7.23299, 4);
    expect(body.unknownIndicators).toEqual(['INTERNET_PEN_UNDEFINED']);
    expect(body.method).toMatchObject({ scale: 10, sources: ['ITU MIS 2017'], formula: expect.stringContaining('log10') });

    const method = await get(`/api/index/${indexId}/method`, h.viewer4301);
    expect(method.json().components.map((c: { known: boolean; weight: number }) => [c.known, c.weight])).toEqual([[true, 1], [true, 1], [true, 1], [false, 1]]);
    // the default index ships with the schema
    const bdi = (await get('/api/index/BDI/method', h.admin)).json();
    expect(bdi.groups.map((g: { weight: number }) => g.weight)).toEqual([0.4, 0.4, 0.2]);
    expect(bdi.components.find((c: { indicator: string }) => c.indicator === 'AVG_DL_SPEED')).toMatchObject({ log: true, reference: 50 });

    expect((await get(`/api/index/${indexId}?parent=43&period=2014M12`, h.viewer4301)).statusCode).toBe(403);
    expect((await get(`/api/index/${indexId}?period=2014M12`, h.viewer4301)).json().parent.divisionCode).toBe('4301');
    expect((await get(`/api/index/${indexId}?parent=43`, h.admin)).json()).toMatchObject({ period: '2014M12', items: [{ divisionCode: '4302', rank: 1 }, {}, {}, {}] });
    const put = (version: number) => app.inject({ method: 'PUT', url: `/api/index/${indexId}`, headers: h.admin, payload: { ...def, version, name: '改名' } });
    expect((await put(1)).statusCode).toBe(200);
    expect((await put(1)).statusCode).toBe(409);
    expect((await get(`/api/index/999999/method`, h.admin)).statusCode).toBe(404);
  });
});
