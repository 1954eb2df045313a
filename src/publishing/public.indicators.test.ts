import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { broadbandIndex } from '../../test/reporting-fixtures.ts';
import { SYSTEM } from '../platform/audit.ts';
import { type Fixture, monitoredProvince, planWithItems } from '../indicators/status.test-fixtures.ts';
import { saveTargetLink } from '../indicators/target-links.service.ts';

const target = (indicator: string, value: number, baseline: number) => ({ indicator, scope: null, value, unit: '%', comparator: '>=', deadline: '2015', baseline: { value: baseline, date: '2013' } });

// Indicators and the index on the public portal, and the proof that a plan that is not published
// cannot surface through them (its targets are measured on the same published indicator).
describeEachEngine('open data: indicators, index and the public scope', (getDb) => {
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let f: Fixture;
  let shown: { planId: number; ids: Record<string, number> };
  let hidden: { planId: number; ids: Record<string, number> };
  const hiddenTitle = `内部未公开方案${process.pid}`;
  const indexCode = `BBI_${process.pid}`;

  beforeAll(async () => {
    const db = getDb();
    f = await monitoredProvince(db);
    shown = await planWithItems(db, [{ key: 'fixed', kind: 'target', data: target('固定宽带家庭普及率', 50, 40) }], { title: `公开方案${process.pid}` });
    hidden = await planWithItems(db, [
      { key: 'fixed', kind: 'target', data: target('固定宽带家庭普及率（内部口径）', 60, 40) },
      { key: 'villages', kind: 'target', data: target('行政村通宽带比例', 99, 95) },
    ], { title: hiddenTitle });
    await saveTargetLink(db, SYSTEM, shown.planId, shown.ids.fixed, { indicatorId: f.indicators.fixed });
    await saveTargetLink(db, SYSTEM, hidden.planId, hidden.ids.fixed, { indicatorId: f.indicators.fixed });
    await saveTargetLink(db, SYSTEM, hidden.planId, hidden.ids.villages, { indicatorId: f.indicators.villages });
    await broadbandIndex(db, indexCode, f.codes, { description: '测试', sources: ['ITU IDI'] });
    app = await buildTestApp(db);
    const u = await createUser(db, { role: 'admin' });
    admin = (await login(app, u.username, u.password)).headers;
    const put = async (url: string, payload: Record<string, unknown> = {}) => {
      const r = await app.inject({ method: 'PUT', url, payload, headers: admin });
      expect(r.statusCode, `${url} ${r.body}`).toBe(200);
    };
    await put(`/api/publishing/plan/${shown.planId}`);
    await put(`/api/publishing/indicator/${f.codes.fixed}`, { lowestLevel: 2, fromPeriod: '2014' });
  });
  afterAll(() => app?.close());

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  it('refuses to publish what does not exist and limits that do not apply', async () => {
    expect((await app.inject({ method: 'PUT', url: '/api/publishing/indicator/NO_SUCH', payload: {}, headers: admin })).statusCode).toBe(404);
    expect((await app.inject({ method: 'PUT', url: '/api/publishing/index/NO_SUCH', payload: {}, headers: admin })).statusCode).toBe(404);
    const r = await app.inject({ method: 'PUT', url: `/api/publishing/indicator/${f.codes.fixed}`, payload: { lowestLevel: 2, fromPeriod: '2014Q5' }, headers: admin });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.fields[0].field).toBe('body.fromPeriod');
    const i = await app.inject({ method: 'PUT', url: `/api/publishing/index/${indexCode}`, payload: { fromPeriod: '2014Q9' }, headers: admin });
    expect(i.statusCode).toBe(400);
    expect(i.json().error.fields[0].field).toBe('body.fromPeriod');
  });

  it("serves a published plan's targets with status and series", async () => {
    const r = await get(`/api/public/plans/${shown.planId}/targets?period=2014Q4`);
    expect(r.statusCode, r.body).toBe(200);
    const [t] = r.json().items;
    expect(t).toMatchObject({ id: shown.ids.fixed, indicatorCode: f.codes.fixed, status: 'accelerate', statusLabel: { zh: '需加快' }, target: 50, latest: { period: '2014Q4', value: 44 } });
    expect(t.baseline).toMatchObject({ value: 40 });
    expect(t.expectedByNow).toBeCloseTo(45, 1);
    expect(t.series).toEqual([
      { period: '2013Q4', value: 40 },
      { period: '2014Q2', value: 42 },
      { period: '2014Q4', value: 44 },
    ]);
  });

  it('lists only published indicators; the others are 404', async () => {
    const list = (await get('/api/public/indicators')).json();
    expect(list.items.map((i: { code: string }) => i.code)).toEqual([f.codes.fixed]);
    expect(list.items[0]).toMatchObject({ unit: '%', lowestLevel: 2, fromPeriod: '2014' });
    expect((await get(`/api/public/indicators/${f.codes.villages}`)).statusCode).toBe(404);
    expect((await get(`/api/public/indicators/${f.codes.villages}/values?parent=43`)).statusCode).toBe(404);
    // The indicator page names targets of published plans only.
    const one = (await get(`/api/public/indicators/${f.codes.fixed}`)).json();
    expect(one.targets.map((t: { planId: number }) => t.planId)).toEqual([shown.planId]);
  });

  it('serves values by division within the published levels and periods', async () => {
    const r = await get(`/api/public/indicators/${f.codes.fixed}/values?parent=43&period=2014`);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    // 2014 (a stock: the year's last month with data, 2014M12): 44 / 50 / 38 per 100 households; 衡阳 has no data.
    expect(body.items.map((v: { divisionCode: string; value: number }) => [v.divisionCode, v.value])).toEqual([
      ['4301', 44],
      ['4302', 50],
      ['4303', 38],
    ]);
    expect(body.items[0]).toMatchObject({ divisionName: '长沙市', level: 2, period: '2014', numerator: 44, denominator: 100, contributors: 1 });
    // The provinces (default parent), several periods, a range.
    const provinces = (await get(`/api/public/indicators/${f.codes.fixed}/values?period=2014,2015`)).json();
    expect(provinces.items.find((v: { divisionCode: string; period: string }) => v.divisionCode === '43' && v.period === '2014')?.value).toBeCloseTo(44, 6);
    const range = (await get(`/api/public/indicators/${f.codes.fixed}/values?division=43&from=2014Q1&to=2014Q4&type=Q`)).json();
    expect(range.items.map((v: { period: string; value: number }) => [v.period, v.value])).toEqual([
      ['2014Q2', 42],
      ['2014Q4', 44],
    ]);
    // Before the first published period: nothing; below the lowest level: not published (404).
    expect((await get(`/api/public/indicators/${f.codes.fixed}/values?division=43&period=2013`)).json().total).toBe(0);
    expect((await get(`/api/public/indicators/${f.codes.fixed}/values?parent=4301&period=2014`)).statusCode).toBe(404);
    expect((await get(`/api/public/indicators/${f.codes.fixed}/values?division=430102&period=2014`)).statusCode).toBe(404);
    // Bad input names the field.
    const bad = await get(`/api/public/indicators/${f.codes.fixed}/values?period=2014Q9`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toMatch(/^querystring\.period/);

    const csv = await get(`/api/public/indicators/${f.codes.fixed}/values?parent=43&period=2014&format=csv`);
    const rows = parseCsv(csv.rawPayload.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x['区划代码'], x['区划名称'], Number(x['指标值'])])).toEqual([
      ['4301', '长沙市', 44],
      ['4302', '株洲市', 50],
      ['4303', '湘潭市', 38],
    ]);
    const xlsx = await get(`/api/public/indicators/${f.codes.fixed}/values?parent=43&period=2014&format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(2).getCell(1).value).toBe('4301');
    expect(ws.getRow(2).getCell(4).value).toBe('2014');
    expect(ws.getRow(2).getCell(5).value).toBe(44);
  });

  it('publishes the index with its method; unpublished it is 404', async () => {
    expect((await get(`/api/public/indexes/${indexCode}`)).statusCode).toBe(404);
    expect((await get(`/api/public/indexes/${indexCode}/values?parent=43&period=2014`)).statusCode).toBe(404);
    const put = await app.inject({ method: 'PUT', url: `/api/publishing/index/${indexCode}`, payload: { lowestLevel: 2 }, headers: admin });
    expect(put.statusCode, put.body).toBe(200);
    const one = (await get(`/api/public/indexes/${indexCode}`)).json();
    expect(one.method.text).toMatch(/国际电信联盟/);
    expect(one.method.components.map((c: { reference: number }) => c.reference)).toEqual([70, 98]);
    const v = await get(`/api/public/indexes/${indexCode}/values?parent=43&period=2014`);
    expect(v.statusCode, v.body).toBe(200);
    const body = v.json();
    expect(body.period).toBe('2014');
    // 长沙: (44/70 + 96/98) / 2 × 10
    const cs = body.items.find((r: { divisionCode: string }) => r.divisionCode === '4301');
    expect(cs.score).toBeCloseTo(((44 / 70 + 96 / 98) / 2) * 10, 6);
    expect(body.items[0].rank).toBe(1);
    expect(body.parent.divisionCode).toBe('43');
    // Without a period: the latest period with data (the index service's default; the stocks end in 2014M12).
    expect((await get(`/api/public/indexes/${indexCode}/values?parent=43`)).json().period).toBe('2014M12');
    expect((await get(`/api/public/indexes/${indexCode}/values?parent=4301&period=2014`)).statusCode).toBe(404);
  });

  it('shows through the index only the components whose indicators are published, within their levels and periods', async () => {
    // 行政村通宽带比例 is not published: its values must not surface as index components (JSON or CSV).
    const v = (await get(`/api/public/indexes/${indexCode}/values?parent=43&period=2014`)).json();
    for (const row of [v.parent, ...v.items]) {
      expect(row.components.map((c: { indicator: string }) => c.indicator)).toEqual([f.codes.fixed]);
    }
    const csv = (await get(`/api/public/indexes/${indexCode}/values?parent=43&period=2014&format=csv`)).rawPayload.toString('utf8');
    expect(csv).not.toContain(f.codes.villages);
    // The published indicator starts in 2014: a 2013 index row must not carry its 2013 values.
    const y2013 = await get(`/api/public/indexes/${indexCode}/values?parent=43&period=2013`);
    if (y2013.statusCode === 200) {
      for (const row of [y2013.json().parent, ...y2013.json().items]) expect(row.components).toEqual([]);
    }
    // The index's own first period is kept as well.
    const put = await app.inject({ method: 'PUT', url: `/api/publishing/index/${indexCode}`, payload: { lowestLevel: 2, fromPeriod: '2015' }, headers: admin });
    expect(put.statusCode, put.body).toBe(200);
    expect((await get(`/api/public/indexes/${indexCode}/values?parent=43&period=2014`)).statusCode).toBe(404);
    const back = await app.inject({ method: 'PUT', url: `/api/publishing/index/${indexCode}`, payload: { lowestLevel: 2 }, headers: admin });
    expect(back.statusCode, back.body).toBe(200);
  });

  it('never shows the unpublished plan through any public path', async () => {
    const doc = (await get('/api/openapi.json')).json() as { paths: Record<string, { get?: { tags?: string[] } }> };
    const paths = Object.entries(doc.paths).filter(([, v]) => v.get?.tags?.includes('open-data')).map(([p]) => p);
    expect(paths).toEqual(expect.arrayContaining(['/api/public/plans', '/api/public/indicators/{code}', '/api/public/indexes/{code}/values']));
    const hiddenItems = new Set(Object.values(hidden.ids));
    let checked = 0;
    for (const p of paths) {
      const fills = p.includes('{code}') ? (p.includes('indexes') ? [indexCode] : [f.codes.fixed, f.codes.villages]) : [''];
      for (const code of fills) {
        for (const planId of p.includes('{id}') ? [shown.planId, hidden.planId] : [0]) {
          const base = p.replace('{id}', String(planId)).replace('{code}', code);
          for (const q of ['', '?parent=43&period=2014', '?format=csv', '?format=json']) {
            const r = await get(base + q);
            expect(r.statusCode, base + q).toBeLessThan(500);
            const text = r.rawPayload.toString('utf8');
            expect(text.includes(hiddenTitle), base + q).toBe(false);
            expect(text.includes('内部口径'), base + q).toBe(false);
            if (r.statusCode === 200) checked++;
            if (r.statusCode !== 200 || !String(r.headers['content-type']).includes('json')) continue;
            const walk = (v: unknown): void => {
              if (Array.isArray(v)) return v.forEach(walk);
              if (v && typeof v === 'object') {
                const o = v as Record<string, unknown>;
                expect(o.planId === hidden.planId, `${base + q} planId`).toBe(false);
                if ('planId' in o) expect(hiddenItems.has(Number(o.id)), `${base + q} item`).toBe(false);
                Object.values(o).forEach(walk);
              }
            };
            walk(r.json());
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
