import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { loadDivisions } from './division.loader.ts';

describeEachEngine('divisions API', (getDb) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    await loadDivisions(getDb(), { provinces: ['63'] });
    app = await buildTestApp(getDb());
  });
  afterAll(async () => app?.close());
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url });
    return { status: r.statusCode, body: r.json() };
  };

  it('loads 青海 with counts from the data files, idempotently, with a valid parent chain', async () => {
    const again = await loadDivisions(getDb(), { provinces: ['63'] });
    expect(again.byLevel).toEqual({ 1: 1, 2: 8, 3: 45, 4: 422, 5: 4716 });
    const r = await getDb()
      .kysely.selectFrom('divisions as d')
      .leftJoin('divisions as p', 'p.code', 'd.parent_code')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('p.code').as('withParent')])
      .executeTakeFirstOrThrow();
    expect(Number(r.n)).toBe(5192);
    expect(Number(r.withParent)).toBe(5191);
  });

  it('lists the 8 prefecture-level divisions of 青海 (anonymous)', async () => {
    const { status, body } = await get('/api/divisions/63/children');
    expect(status).toBe(200);
    expect(body.items.map((d: { name: string }) => d.name)).toEqual([
      '西宁市', '海东市', '海北藏族自治州', '黄南藏族自治州', '海南藏族自治州', '果洛藏族自治州', '玉树藏族自治州', '海西蒙古族藏族自治州',
    ]);
  });

  it('returns one division with its full name, and its ancestors', async () => {
    const { body } = await get('/api/divisions/632221');
    expect(body).toMatchObject({ name: '门源回族自治县', level: 3, levelName: 'county', fullName: '青海省海北藏族自治州门源回族自治县', kind: 'regular' });
    const anc = await get('/api/divisions/632221100/ancestors');
    expect(anc.body.items.map((d: { code: string }) => d.code)).toEqual(['63', '6322', '632221']);
  });

  it('searches by name and by code prefix', async () => {
    const byName = await get('/api/divisions?q=' + encodeURIComponent('门源'));
    expect(byName.body.items[0].code).toBe('632221');
    const byCode = await get('/api/divisions?q=6322&level=county');
    expect(byCode.body.items.map((d: { code: string }) => d.code)).toEqual(['632221', '632222', '632223', '632224']);
    const lit = await get('/api/divisions?q=' + encodeURIComponent('%'));
    expect(lit.body.total).toBe(0);
  });

  it('pages a subtree down to a level', async () => {
    const { body } = await get('/api/divisions/6322/subtree?maxLevel=township&page=1&pageSize=10');
    expect(body.items).toHaveLength(10);
    expect(body.items.every((d: { level: number }) => d.level <= 4)).toBe(true);
    expect(body.total).toBeGreaterThan(30);
  });

  it('answers a former name with what it became', async () => {
    const search = await get('/api/divisions?q=' + encodeURIComponent('乐都县'));
    // 乐都县 shares its core with 乐都区, which the search now offers beside the explanation.
    expect(search.body.items[0].code).toBe('630202');
    expect(search.body.hint).toBe('乐都县 became 乐都区 (630202) in 2013');
    const partial = await get('/api/divisions?q=' + encodeURIComponent('平安县'));
    expect(partial.body.hint).toBe('平安县 became 平安区 (630203) in 2015');
    const lookup = await get('/api/divisions/lookup?name=' + encodeURIComponent('乐都县'));
    expect(lookup.status).toBe(404);
    expect(lookup.body.error.message).toContain('乐都县 became 乐都区 (630202) in 2013');
    const none = await get('/api/divisions/lookup?name=' + encodeURIComponent('不存在县'));
    expect(none.status).toBe(404);
    expect(none.body.error.message).toBe('no division named 不存在县 in the 2023 edition');
    const ok = await get('/api/divisions/lookup?name=' + encodeURIComponent('乐都区'));
    expect(ok.body.items[0].code).toBe('630202');
  });

  it('rejects a malformed code with 400 and an unknown one with 404', async () => {
    expect((await get('/api/divisions/abc')).status).toBe(400);
    expect((await get('/api/divisions/123')).status).toBe(400);
    expect((await get('/api/divisions/6399')).status).toBe(404);
    expect((await get('/api/divisions/6399/children')).status).toBe(404);
  });
});
