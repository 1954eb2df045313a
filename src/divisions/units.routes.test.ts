import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { SYSTEM } from '../platform/audit.ts';
import { loadDivisions } from './division.loader.ts';
import { createUnit, mergeUnits, resolveUnitName } from './unit.service.ts';

let seq = 0;
const uniq = (s: string) => `${s}${process.pid}-${++seq}`;

function multipart(filename: string, content: Buffer, contentType: string) {
  const boundary = `----luoshi${Date.now()}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachEngine('units API', (getDb) => {
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  let reporter: Record<string, string>;
  let reporterUnitId: number;

  beforeAll(async () => {
    await loadDivisions(getDb(), { provinces: ['63'] });
    app = await buildTestApp(getDb());
    const a = await createUser(getDb(), { role: 'admin' });
    admin = (await login(app, a.username, a.password)).headers;
    const v = await createUser(getDb(), { role: 'viewer', divisionCode: '6322' });
    viewer = (await login(app, v.username, v.password)).headers;
    const own = await createUnit(getDb(), SYSTEM, { name: uniq('门源县教育局'), divisionCode: '632221', kind: 'department', aliases: [] });
    reporterUnitId = own.id;
    const r = await createUser(getDb(), { role: 'reporter', unitId: own.id });
    reporter = (await login(app, r.username, r.password)).headers;
  });
  afterAll(async () => app?.close());

  const post = (url: string, payload: unknown, headers = admin) => app.inject({ method: 'POST', url, payload: payload as object, headers });

  describe('CRUD', () => {
    it('creates, reads, lists by subtree and alias, updates with the version, archives', async () => {
      const name = uniq('海北藏族自治州经济和商务委员会');
      const created = await post('/api/units', { name, divisionCode: '6322', kind: 'government', aliases: [uniq('州经商委')], contactEmail: 'jsw@example.cn', contactPhone: '0970-8642000' });
      expect(created.statusCode).toBe(201);
      const unit = created.json();
      expect(unit).toMatchObject({ name, divisionCode: '6322', divisionName: '青海省海北藏族自治州', kind: 'government', version: 1, status: 'active' });

      const got = await app.inject({ method: 'GET', url: `/api/units/${unit.id}`, headers: admin });
      expect(got.json().aliases).toEqual(unit.aliases);

      const list = await app.inject({ method: 'GET', url: `/api/units?division=63&q=${encodeURIComponent(unit.aliases[0])}`, headers: admin });
      expect(list.json().items.map((u: { id: number }) => u.id)).toEqual([unit.id]);

      const patched = await app.inject({ method: 'PATCH', url: `/api/units/${unit.id}`, headers: admin, payload: { version: 1, note: '牵头单位' } });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ version: 2, note: '牵头单位' });

      const stale = await app.inject({ method: 'PATCH', url: `/api/units/${unit.id}`, headers: admin, payload: { version: 1, note: 'x' } });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.fields[0].field).toBe('version');

      const archived = await app.inject({ method: 'DELETE', url: `/api/units/${unit.id}`, headers: admin });
      expect(archived.json()).toMatchObject({ status: 'archived', version: 3 });
      const active = await app.inject({ method: 'GET', url: `/api/units?q=${encodeURIComponent(name)}`, headers: admin });
      expect(active.json().total).toBe(0);
      const all = await app.inject({ method: 'GET', url: `/api/units?status=archived&q=${encodeURIComponent(name)}`, headers: admin });
      expect(all.json().total).toBe(1);

      const audit = await getDb().kysely.selectFrom('audit_log').select('action').where('entity', '=', 'unit').where('entity_id', '=', String(unit.id)).orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['unit.create', 'unit.update', 'unit.archive']);
    });

    it('refuses a duplicate name or alias in one division with 409 naming the field', async () => {
      const name = uniq('西宁市发展和改革委员会');
      expect((await post('/api/units', { name, divisionCode: '6301', aliases: [uniq('市发改委')] })).statusCode).toBe(201);
      const dup = await post('/api/units', { name: ` ${name}`, divisionCode: '6301' });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.fields[0].field).toBe('name');
      const aliasClash = await post('/api/units', { name: uniq('另一个'), divisionCode: '6301', aliases: [name.replace('发展', '发 展')] });
      expect(aliasClash.statusCode).toBe(409);
      expect(aliasClash.json().error.fields[0].field).toBe('aliases');
      // Another division may use the same name.
      expect((await post('/api/units', { name, divisionCode: '6302' })).statusCode).toBe(201);
    });

    it('refuses an unknown division code with 400 naming divisionCode, and bad contacts', async () => {
      const r = await post('/api/units', { name: uniq('某局'), divisionCode: '639999' });
      expect(r.statusCode).toBe(400);
      expect(r.json().error.fields[0].field).toBe('divisionCode');
      const bad = await post('/api/units', { name: uniq('某局'), divisionCode: '63', contactEmail: 'not-mail', contactPhone: 'abc' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['body.contactEmail', 'body.contactPhone']);
      const long = await post('/api/units', { name: 'x'.repeat(201), divisionCode: '63' });
      expect(long.json().error.fields[0].field).toBe('body.name');
    });

    it('stores SQL meta-characters and HTML verbatim', async () => {
      const name = `${uniq("O'Brien")}'; drop table units; -- <script>alert("x")</script> %_\\`;
      const r = await post('/api/units', { name, divisionCode: '63', note: '<b>粗</b> & "引号"' });
      expect(r.statusCode).toBe(201);
      const got = await app.inject({ method: 'GET', url: `/api/units/${r.json().id}`, headers: admin });
      expect(got.json()).toMatchObject({ name, note: '<b>粗</b> & "引号"' });
      const search = await app.inject({ method: 'GET', url: `/api/units?q=${encodeURIComponent("'; drop table units; -- <script>")}`, headers: admin });
      expect(search.json().items.map((u: { name: string }) => u.name)).toContain(name);
    });
  });

  describe('authorisation', () => {
    it('refuses writes to anonymous (401) and non-admins (403)', async () => {
      const body = { name: uniq('局'), divisionCode: '63' };
      expect((await app.inject({ method: 'POST', url: '/api/units', payload: body })).statusCode).toBe(401);
      expect((await post('/api/units', body, viewer)).statusCode).toBe(403);
      expect((await post('/api/units', body, reporter)).statusCode).toBe(403);
      expect((await app.inject({ method: 'PATCH', url: `/api/units/${reporterUnitId}`, headers: reporter, payload: { version: 1, note: 'x' } })).statusCode).toBe(403);
      expect((await app.inject({ method: 'DELETE', url: `/api/units/${reporterUnitId}`, headers: viewer })).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: '/api/units' })).statusCode).toBe(401);
    });

    it('scopes reads: a viewer sees its subtree, a reporter its own unit', async () => {
      const outside = (await post('/api/units', { name: uniq('西宁市某局'), divisionCode: '6301' })).json();
      const inside = (await post('/api/units', { name: uniq('海北州某局'), divisionCode: '632222' })).json();
      const v = (await app.inject({ method: 'GET', url: '/api/units?pageSize=500', headers: viewer })).json();
      const ids = v.items.map((u: { id: number }) => u.id);
      expect(ids).toContain(inside.id);
      expect(ids).not.toContain(outside.id);
      expect(v.items.every((u: { divisionCode: string }) => u.divisionCode.startsWith('6322'))).toBe(true);
      expect((await app.inject({ method: 'GET', url: `/api/units/${outside.id}`, headers: viewer })).statusCode).toBe(403);
      const r = (await app.inject({ method: 'GET', url: '/api/units', headers: reporter })).json();
      expect(r.items.map((u: { id: number }) => u.id)).toEqual([reporterUnitId]);
      expect((await app.inject({ method: 'GET', url: `/api/units/${inside.id}`, headers: reporter })).statusCode).toBe(403);
    });
  });

  describe('resolve and merge', () => {
    it('resolves by name or alias ignoring spaces, and follows merges', async () => {
      const full = uniq('海北藏族自治州教育局');
      const short = uniq('州教育局');
      const a = await createUnit(getDb(), SYSTEM, { name: full, divisionCode: '6322', kind: 'department', aliases: [short] });
      expect((await resolveUnitName(getDb(), ` ${short.slice(0, 2)} ${short.slice(2)}`)).unit?.id).toBe(a.id);
      expect((await resolveUnitName(getDb(), full, { divisionCode: '6301' })).unit).toBeNull();
      const old = await createUnit(getDb(), SYSTEM, { name: uniq('海北州教体局'), divisionCode: '6322', kind: 'department', aliases: [uniq('州教体局')] });
      const merged = await mergeUnits(getDb(), SYSTEM, old.id, a.id);
      expect(merged.aliases).toEqual([short, old.name, ...old.aliases]);
      expect((await resolveUnitName(getDb(), old.aliases[0])).unit?.id).toBe(a.id);
      expect((await resolveUnitName(getDb(), old.name)).unit?.id).toBe(a.id);
    });
  });

  describe('parents, moves and merges over HTTP', () => {
    it('checks the parent unit, moves a unit between divisions, merges two units', async () => {
      const parent = (await post('/api/units', { name: uniq('门源县人民政府'), divisionCode: '632221', kind: 'government' })).json();
      const child = await post('/api/units', { name: uniq('门源县水利局'), divisionCode: '632221', parentUnitId: parent.id });
      expect(child.json()).toMatchObject({ parentUnitId: parent.id });
      const orphan = await post('/api/units', { name: uniq('门源县某局'), divisionCode: '632221', parentUnitId: 2 ** 31 - 2 });
      expect(orphan.statusCode).toBe(400);
      expect(orphan.json().error.fields[0].field).toBe('parentUnitId');
      const moved = await app.inject({ method: 'PATCH', url: `/api/units/${child.json().id}`, headers: admin, payload: { version: 1, divisionCode: '632222' } });
      expect(moved.json()).toMatchObject({ divisionCode: '632222', divisionName: '青海省海北藏族自治州祁连县', version: 2 });
      const gone = await app.inject({ method: 'PATCH', url: `/api/units/${child.json().id}`, headers: admin, payload: { version: 2, divisionCode: '639999' } });
      expect(gone.statusCode).toBe(400);

      const a = (await post('/api/units', { name: uniq('门源县农牧局'), divisionCode: '632221', aliases: [uniq('县农牧局')] })).json();
      const b = (await post('/api/units', { name: uniq('门源县农业农村局'), divisionCode: '632221' })).json();
      const merged = await post(`/api/units/${a.id}/merge`, { intoId: b.id });
      expect(merged.statusCode).toBe(200);
      expect(merged.json().aliases).toEqual([a.name, ...a.aliases]);
      const old = (await app.inject({ method: 'GET', url: `/api/units/${a.id}`, headers: admin })).json();
      expect(old).toMatchObject({ status: 'merged', mergedIntoId: b.id, aliases: [] });
      expect((await post(`/api/units/${a.id}/merge`, { intoId: b.id })).statusCode).toBe(409);
      expect((await post(`/api/units/${b.id}/merge`, { intoId: b.id })).statusCode).toBe(400);
      expect((await post(`/api/units/${b.id}/merge`, { intoId: a.id }, viewer)).statusCode).toBe(403);
      const resolved = await app.inject({ method: 'GET', url: `/api/units/resolve?name=${encodeURIComponent(a.aliases[0])}`, headers: admin });
      expect(resolved.json().unit.id).toBe(b.id);
    });
  });

  describe('import', () => {
    it('imports a good CSV in one go, and dry-runs without storing', async () => {
      const n1 = uniq('门源县发展和改革局');
      const n2 = uniq('门源县财政局');
      const csv = `名称,区划代码,类型,简称,联系人,电话,邮箱\n${n1},632221,部门,${uniq('县发改局')}、${uniq('发改局')},张三,0970-3851234,fg@example.cn\n${n2},632221,department,,,,\n`;
      const dry = await app.inject({ method: 'POST', url: '/api/units/import?dryRun=true', ...withAuth(multipart('units.csv', Buffer.from(csv), 'text/csv'), admin) });
      expect(dry.json()).toMatchObject({ dryRun: true, rows: 2, created: 0 });
      const r = await app.inject({ method: 'POST', url: '/api/units/import', ...withAuth(multipart('units.csv', Buffer.from(csv), 'text/csv'), admin) });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ dryRun: false, rows: 2, created: 2 });
      const u = (await resolveUnitName(getDb(), n1)).unit;
      expect(u?.aliases).toHaveLength(2);
      expect(u?.contactPhone).toBe('0970-3851234');
    });

    it('rejects a file with bad rows with a per-row report and stores nothing', async () => {
      const good = uniq('好单位');
      const dupe = uniq('重名单位');
      const csv = [
        'name,division_code,kind,aliases,联系人,电话,邮箱',
        `${good},632221,部门,,,,`,
        `${dupe},999999,部门,,,,`,
        `,632221,部门,,,,bad-mail`,
        `${dupe}2,632221,火箭,,,,`,
        `${dupe}3,639999,火箭,,,,`,
        `${good},632221,部门,,,,`,
        `${good}2,632221,部门,${good},,,`,
      ].join('\n');
      const r = await app.inject({ method: 'POST', url: '/api/units/import', ...withAuth(multipart('u.csv', Buffer.from(csv), 'text/csv'), admin) });
      expect(r.statusCode).toBe(422);
      const rows = r.json().error.rows as { row: number; field: string }[];
      expect(rows.map((p) => `${p.row}:${p.field}`)).toEqual(['3:divisionCode', '4:name', '4:contactEmail', '5:kind', '6:kind', '6:divisionCode', '7:name', '8:aliases']);
      expect((await resolveUnitName(getDb(), good)).unit).toBeNull();
    });

    it('reads XLSX with numeric division codes as text', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('单位');
      ws.addRow(['名称', '区划代码', '类型', '简称', '联系人', '电话', '邮箱']);
      const name = uniq('祁连县卫生健康局');
      ws.addRow([name, 632222, '部门', uniq('县卫健局'), '李四', 13800000000, { text: 'wj@example.cn', hyperlink: 'mailto:wj@example.cn' }]);
      ws.addRow([uniq('青海省某厅'), 63, '政府', '', '', '', '']);
      const buf = Buffer.from(await wb.xlsx.writeBuffer());
      const r = await app.inject({
        method: 'POST',
        url: '/api/units/import',
        ...withAuth(multipart('u.xlsx', buf, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), admin),
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().created).toBe(2);
      const u = (await resolveUnitName(getDb(), name)).unit;
      expect(u).toMatchObject({ divisionCode: '632222', contactPhone: '13800000000', contactEmail: 'wj@example.cn' });
    });

    it('refuses import to non-admins', async () => {
      const r = await app.inject({ method: 'POST', url: '/api/units/import', ...withAuth(multipart('u.csv', Buffer.from('名称,区划代码\n'), 'text/csv'), viewer) });
      expect(r.statusCode).toBe(403);
    });
  });
});

function withAuth(m: { payload: Buffer; headers: Record<string, string> }, auth: Record<string, string>) {
  return { payload: m.payload, headers: { ...m.headers, ...auth } };
}
