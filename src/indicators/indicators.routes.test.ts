import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { transaction } from '../platform/db/database.ts';
import { type ApprovedValue, recordApprovedValues } from './values.service.ts';

let seq = 0;
const uniq = (s: string) => `${s}_${process.pid}_${++seq}`;

const TREE = [
  { code: '43', name: '湖南省', level: 1, parent_code: null },
  { code: '4301', name: '长沙市', level: 2, parent_code: '43' },
  { code: '4302', name: '株洲市', level: 2, parent_code: '43' },
  { code: '430102', name: '芙蓉区', level: 3, parent_code: '4301' },
  { code: '430103', name: '天心区', level: 3, parent_code: '4301' },
  { code: '430202', name: '荷塘区', level: 3, parent_code: '4302' },
];

describeEachEngine('indicators API', (getDb) => {
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  let reporter: Record<string, string>;
  let reporterUnit: number;
  let otherUnit: number;
  let users: number;
  let households: number;

  beforeAll(async () => {
    const db = getDb();
    await db.kysely.insertInto('divisions').values(TREE.map((d) => ({ ...d, full_name: d.name }))).onConflict((oc) => oc.column('code').doNothing()).execute();
    const el = async (code: string) =>
      Number((await db.kysely.insertInto('data_elements').values({ code, name: code, value_type: 'integer', temporal: 'stock', division_level: 3 }).returning('id').executeTakeFirstOrThrow()).id);
    users = await el(uniq('USERS'));
    households = await el(uniq('HH'));
    const unit = async (name: string) => Number((await db.kysely.insertInto('units').values({ name: uniq(name), division_code: '4301', kind: 'company' }).returning('id').executeTakeFirstOrThrow()).id);
    reporterUnit = await unit('电信长沙分公司');
    otherUnit = await unit('移动长沙分公司');
    const v = (elementId: number, divisionCode: string, period: string, value: number, unitId: number | null): ApprovedValue => ({ elementId, divisionCode, period, value, unitId, submissionId: null });
    await transaction(db, (tx) =>
      recordApprovedValues(tx, [
        v(users, '430102', '2014M01', 30, reporterUnit),
        v(households, '430102', '2014M01', 100, reporterUnit),
        v(users, '430103', '2014M01', 50, otherUnit),
        v(households, '430103', '2014M01', 100, otherUnit),
        v(users, '430202', '2014M01', 20, null),
        v(households, '430202', '2014M01', 80, null),
        v(users, '430102', '2014M02', 35, reporterUnit),
        v(households, '430102', '2014M02', 100, reporterUnit),
      ]),
    );
    app = await buildTestApp(db);
    const a = await createUser(db, { role: 'admin' });
    admin = (await login(app, a.username, a.password)).headers;
    const vw = await createUser(db, { role: 'viewer', divisionCode: '4301' });
    viewer = (await login(app, vw.username, vw.password)).headers;
    const r = await createUser(db, { role: 'reporter', unitId: reporterUnit });
    reporter = (await login(app, r.username, r.password)).headers;
  });
  afterAll(async () => app?.close());

  const create = (code: string, headers = admin, extra: object = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/indicators',
      headers,
      payload: { code, name: '固定宽带家庭普及率', unit: '%', direction: 'higher', numeratorElementId: users, denominatorElementId: households, factor: 100, ...extra },
    });
  const get = (url: string, headers?: Record<string, string>) => app.inject({ method: 'GET', url, headers });

  describe('definitions', () => {
    it('admin creates, any signed-in user reads, an edit adds a version and is audited', async () => {
      const code = uniq('FBB_PEN');
      const r = await create(code);
      expect(r.statusCode).toBe(201);
      const ind = r.json();
      expect(ind).toMatchObject({ code, latestVersion: 1, definition: { number: 1, factor: 100, validFrom: null, numeratorElementId: users } });

      const list = await get(`/api/indicators?q=${code}`, viewer);
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((i: { code: string }) => i.code)).toEqual([code]);
      expect((await get(`/api/indicators/${code}`, reporter)).json().versions).toHaveLength(1);

      const patched = await app.inject({ method: 'PATCH', url: `/api/indicators/${ind.id}`, headers: admin, payload: { version: ind.version, factor: 1000, unit: '‰', validFrom: '2015-01-01', reason: '改为千分比' } });
      expect(patched.statusCode).toBe(200);
      expect(patched.json().versions.map((x: { number: number; factor: number; validFrom: string | null }) => [x.number, x.factor, x.validFrom])).toEqual([
        [1, 100, null],
        [2, 1000, '2015-01-01'],
      ]);
      const stale = await app.inject({ method: 'PATCH', url: `/api/indicators/${ind.id}`, headers: admin, payload: { version: ind.version, factor: 10 } });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.fields[0].field).toBe('version');

      const audit = await getDb().kysely.selectFrom('audit_log').select('action').where('entity', '=', 'indicator').where('entity_id', '=', String(ind.id)).orderBy('id').execute();
      expect(audit.map((x) => x.action)).toEqual(['indicator.create', 'indicator.new_version']);
    });

    it('refuses bad input naming the field, a taken code, non-admin writers and anonymous readers', async () => {
      const bad = await create(uniq('BAD'), admin, { factor: 0 });
      expect(bad.statusCode).toBe(400);
      expect(JSON.stringify(bad.json().error)).toContain('factor');
      const missing = await create(uniq('BAD'), admin, { numeratorElementId: 999999 });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.fields[0].field).toBe('numeratorElementId');
      const code = uniq('DUP');
      expect((await create(code)).statusCode).toBe(201);
      const dup = await create(code);
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.fields[0].field).toBe('code');
      expect((await create(uniq('X'), viewer)).statusCode).toBe(403);
      expect((await create(uniq('X'), reporter)).statusCode).toBe(403);
      expect((await get('/api/indicators')).statusCode).toBe(401);
    });
  });

  it('documents its routes in the OpenAPI description', async () => {
    const r = await get('/api/openapi.json');
    expect(r.statusCode).toBe(200);
    const paths = Object.keys(r.json().paths);
    for (const p of ['/api/indicators', '/api/indicators/{id}', '/api/indicators/{id}/values', '/api/indicators/{id}/pivot']) expect(paths).toContain(p);
  });

  describe('pivot', () => {
    let code: string;
    beforeAll(async () => {
      code = uniq('PEN');
      expect((await create(code)).statusCode).toBe(201);
    });

    it('rolls the children of a division up as a matrix, both orientations', async () => {
      const r = await get(`/api/indicators/${code}/pivot?parent=43&periods=2014M01..2014M02`, admin);
      expect(r.statusCode).toBe(200);
      const p = r.json();
      expect(p.divisions.map((d: { code: string; expected: number }) => [d.code, d.expected])).toEqual([
        ['4301', 2],
        ['4302', 1],
      ]);
      expect(p.periods).toEqual(['2014M01', '2014M02']);
      // 长沙 January: (30 + 50) / (100 + 100); 株洲 20 / 80; February only 芙蓉区 reported
      expect(p.cells[0][0]).toMatchObject({ value: 40, numerator: 80, denominator: 200, contributors: 2 });
      expect(p.cells[1][0]).toMatchObject({ value: 25, contributors: 1 });
      expect(p.cells[0][1]).toMatchObject({ value: 35, contributors: 1 });
      expect(p.cells[1][1]).toMatchObject({ value: null, contributors: 0 });
      const t = (await get(`/api/indicators/${code}/pivot?parent=43&periods=2014M01,2014M02&rows=periods`, admin)).json();
      expect(t.cells[1][0].value).toBe(35);
      const country = (await get(`/api/indicators/${code}/pivot?divisions=0,43&periods=2014M01`, admin)).json();
      expect(country.divisions[0]).toMatchObject({ code: '', name: '全国' });
      expect(country.cells[0][0]).toMatchObject({ numerator: 100, denominator: 280 });
    });

    it('gives a viewer its subtree only, a reporter its unit only, anonymous nothing', async () => {
      expect((await get(`/api/indicators/${code}/pivot?parent=4301&periods=2014M01`, viewer)).statusCode).toBe(200);
      expect((await get(`/api/indicators/${code}/pivot?parent=43&periods=2014M01`, viewer)).statusCode).toBe(403);
      expect((await get(`/api/indicators/${code}/pivot?parent=0&periods=2014M01`, viewer)).statusCode).toBe(403);
      expect((await get(`/api/indicators/${code}/pivot?divisions=4301,4302&periods=2014M01`, viewer)).statusCode).toBe(403);
      expect((await get(`/api/indicators/${code}/values?divisions=430202&periods=2014M01`, viewer)).statusCode).toBe(403);
      expect((await get(`/api/indicators/${code}/pivot?parent=43&periods=2014M01`)).statusCode).toBe(401);

      const mine = await get(`/api/indicators/${code}/pivot?divisions=4301&periods=2014M01`, reporter);
      expect(mine.statusCode).toBe(200);
      expect(mine.json().cells[0][0]).toMatchObject({ value: 30, numerator: 30, contributors: 1 });
      expect((await get(`/api/indicators/${code}/pivot?divisions=4301&periods=2014M01&unit=${otherUnit}`, reporter)).statusCode).toBe(403);
      const byUnit = await get(`/api/indicators/${code}/values?divisions=43&periods=2014M01&unit=${otherUnit}`, admin);
      expect(byUnit.json().items[0]).toMatchObject({ value: 50, numerator: 50 });
    });

    it('names a bad period or division', async () => {
      const r = await get(`/api/indicators/${code}/pivot?parent=43&periods=2014M13`, admin);
      expect(r.statusCode).toBe(400);
      expect(r.json().error.fields[0].field).toBe('periods');
      const d = await get(`/api/indicators/${code}/pivot?divisions=431&periods=2014M01`, admin);
      expect(d.statusCode).toBe(400);
      expect(d.json().error.fields[0].field).toBe('querystring.divisions.0');
      expect((await get(`/api/indicators/NO_SUCH_${seq}/pivot?parent=43&periods=2014M01`, admin)).statusCode).toBe(404);
    });

    it('exports XLSX that parses back with codes as text, and CSV', async () => {
      const x = await get(`/api/indicators/${code}/pivot?parent=4301&periods=2014M01..2014M02&format=xlsx`, admin);
      expect(x.statusCode).toBe(200);
      expect(x.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      expect(ws.getRow(1).values).toEqual([undefined, '区划代码', '区划名称', '2014M01', '2014M02']);
      const first = ws.getRow(2);
      expect(first.getCell(1).value).toBe('430102');
      expect(first.getCell(1).type).toBe(ExcelJS.ValueType.String);
      expect(first.getCell(2).value).toBe('芙蓉区');
      expect(first.getCell(3).value).toBe(30);
      expect(first.getCell(4).value).toBe(35);

      const c = await get(`/api/indicators/${code}/pivot?parent=4301&periods=2014M01&format=csv`, admin);
      expect(c.statusCode).toBe(200);
      expect(c.headers['content-disposition']).toContain('.csv');
      const lines = c.body.replace(/^\ufeff/, '').trim().split('\r\n');
      expect(lines).toEqual(['区划代码,区划名称,2014M01', '430102,芙蓉区,30', '430103,天心区,50']);
    });
  });
});
