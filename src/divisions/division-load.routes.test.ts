import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { waitForDivisionLoad } from './division-load.service.ts';
import { loadDivisions } from './division.loader.ts';

// Before: divisions could only be loaded by the CLI with the server stopped, and 包头 / bt found
// nothing (only the exact 包头市). Seen failing before the load API and the search keys existed.
describeEachEngine('division loads while the server runs, and name search', (getDb) => {
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  beforeAll(async () => {
    await loadDivisions(getDb(), { provinces: ['63'] });
    app = await buildTestApp(getDb());
    const a = await createUser(getDb(), { role: 'admin' });
    const v = await createUser(getDb(), { role: 'viewer', divisionCode: '63' });
    admin = (await login(app, a.username, a.password)).headers;
    viewer = (await login(app, v.username, v.password)).headers;
  });
  afterAll(async () => app?.close());
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const r = await app.inject({ method: 'GET', url, headers });
    return { status: r.statusCode, body: r.json() };
  };
  const start = (scope: unknown, headers = admin) => app.inject({ method: 'POST', url: '/api/divisions/loads', headers, payload: { scope } });

  it('refuses anyone but the office, and bad scopes with the field named', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/divisions/loads', payload: { scope: ['15'] } })).statusCode).toBe(401);
    expect((await start(['15'], viewer)).statusCode).toBe(403);
    expect((await get('/api/divisions/loads', viewer)).status).toBe(403);
    expect((await get('/api/divisions/packaged', viewer)).status).toBe(403);
    const bad = await start(['1']);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toContain('scope');
    const unknown = await start(['99']);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields).toEqual([{ field: 'scope', reason: 'unknown province or prefecture code: 99' }]);
  });

  it('loads 内蒙古 in committed chunks with progress while reads go on, one load at a time, audited', async () => {
    const before = await get('/api/divisions/packaged', admin);
    expect(before.body.items.find((d: { code: string }) => d.code === '15')).toMatchObject({ name: '内蒙古自治区', level: 1, loaded: false });
    expect(before.body.items.find((d: { code: string }) => d.code === '63').loaded).toBe(true);

    const r = await start(['15', '1502']);
    expect(r.statusCode).toBe(202);
    const job = r.json();
    expect(job).toMatchObject({ scope: ['15'], status: 'running', doneRows: 0 });
    expect((await start(['44'])).statusCode).toBe(409);

    // Poll: some state between start and end must show committed rows short of the total, and a
    // read made then must answer.
    const seen: { done: number; total: number | null; status: string }[] = [];
    let readDuringLoad = 0;
    for (let i = 0; i < 2000; i++) {
      const p = (await get(`/api/divisions/loads/${job.id}`, admin)).body;
      seen.push({ done: p.doneRows, total: p.totalRows, status: p.status });
      if (p.status !== 'running') break;
      if (p.doneRows > 0 && p.doneRows < p.totalRows) {
        const read = await get('/api/divisions/63/children');
        if (read.status === 200 && read.body.items.length === 8) readDuringLoad++;
        const committed = await getDb().kysely.selectFrom('divisions').select((eb) => eb.fn.countAll<number>().as('n')).where('code', 'like', '15%').executeTakeFirstOrThrow();
        expect(Number(committed.n)).toBeGreaterThanOrEqual(p.doneRows);
      }
      await new Promise((res) => setTimeout(res, 20));
    }
    await waitForDivisionLoad(job.id);
    const done = (await get(`/api/divisions/loads/${job.id}`, admin)).body;
    expect(done).toMatchObject({ status: 'done', error: null });
    expect(done.doneRows).toBe(done.totalRows);
    expect(done.totalRows).toBeGreaterThan(15_000);
    expect(seen.some((s) => s.status === 'running' && s.done > 0 && s.total !== null && s.done < s.total)).toBe(true);
    expect(readDuringLoad).toBeGreaterThan(0);
    const audit = await getDb().kysely.selectFrom('audit_log').select('action').where('entity', '=', 'division_load_job').where('entity_id', '=', String(job.id)).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['divisions.load.finish', 'divisions.load.start']);
    expect((await get('/api/divisions/packaged', admin)).body.items.find((d: { code: string }) => d.code === '1502').loaded).toBe(true);
    expect((await get('/api/divisions/loads', admin)).body.items[0].id).toBe(job.id);
  });

  it('takes a silent running load for a leftover of a stopped server, a live one for live', async () => {
    const db = getDb();
    const stale = await db.kysely
      .insertInto('division_load_jobs')
      .values({ scope: ['44'], created_by: null, created_by_name: 'crashed', heartbeat_at: new Date(Date.now() - 3600_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const r = await start(['6301']);
    expect(r.statusCode).toBe(202);
    await waitForDivisionLoad(r.json().id);
    expect((await get(`/api/divisions/loads/${stale.id}`, admin)).body).toMatchObject({ status: 'interrupted' });
    // Another process's live load (recent heartbeat) blocks a second one.
    await db.kysely.insertInto('division_load_jobs').values({ scope: ['44'], created_by: null, created_by_name: 'other process' }).execute();
    expect((await start(['6302'])).statusCode).toBe(409);
    await db.kysely.updateTable('division_load_jobs').set({ status: 'done' }).where('created_by_name', '=', 'other process').execute();
  });

  it('finds 包头市 by 包头, by its initials and by exact lookup; 海北州 finds 海北藏族自治州', async () => {
    const byCore = await get('/api/divisions?q=' + encodeURIComponent('包头'));
    expect(byCore.body.items[0]).toMatchObject({ code: '1502', name: '包头市' });
    const byInitials = await get('/api/divisions?q=bt&level=prefecture');
    expect(byInitials.body.items.map((d: { name: string }) => d.name)).toContain('包头市');
    const upper = await get('/api/divisions?q=BTS&level=2');
    expect(upper.body.items[0].name).toBe('包头市');
    const lookup = await get('/api/divisions/lookup?name=' + encodeURIComponent('包头'));
    expect(lookup.status).toBe(200);
    expect(lookup.body.items.map((d: { code: string }) => d.code)).toEqual(['1502']);
    const haibei = await get('/api/divisions?q=' + encodeURIComponent('海北州'));
    expect(haibei.body.items[0]).toMatchObject({ code: '6322', name: '海北藏族自治州' });
    const nmg = await get('/api/divisions/lookup?name=' + encodeURIComponent('内蒙古'));
    expect(nmg.body.items[0].code).toBe('15');
    // Villages match by how their name starts (substrings are searched down to townships).
    const village = await getDb().kysely.selectFrom('divisions').select(['code', 'name']).where('code', 'like', '632221%').where('level', '=', 5).orderBy('code').executeTakeFirstOrThrow();
    const byVillage = await get(`/api/divisions?q=${encodeURIComponent(village.name)}&parent=${village.code.slice(0, 9)}`);
    expect(byVillage.body.items.map((d: { code: string }) => d.code)).toContain(village.code);
  });

  it('answers a former name given without its suffix (乐都 → 乐都县 → 乐都区)', async () => {
    const exact = await get('/api/divisions/lookup?name=' + encodeURIComponent('乐都县'));
    expect(exact.status).toBe(404);
    const core = await get('/api/divisions?q=' + encodeURIComponent('乐都'));
    expect(core.body.items[0].code).toBe('630202');
  });
});
