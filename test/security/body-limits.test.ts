import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../app.ts';
import { describeEachEngine } from '../db.ts';
import { HAIBEI_COUNTIES, makeBroadbandElements, makeMonthlyForm, makeUnit, monthsAgo, seedHaibei } from '../reporting-fixtures.ts';

type Headers = Record<string, string>;
const P = '/api/reporting';

/** A draft of `n` items whose division code is malformed: one problem per item. */
const invalidDraft = (n: number) => JSON.stringify({ version: 1, values: Array.from({ length: n }, () => ({ divisionCode: 'x', value: 1 })) });
const json = { 'content-type': 'application/json' };

describeEachEngine('request bodies: authorised before parsing, limited, problems capped', (getDb) => {
  let app: FastifyInstance;
  let viewer: Headers;
  let leader: Headers;
  let reporter: Headers;
  let otherReporter: Headers;
  let subId: number;

  beforeAll(async () => {
    const db = getDb();
    await seedHaibei(db);
    app = await buildTestApp(db);
    const els = await makeBroadbandElements(db);
    const unitId = await makeUnit(db, '海北州工业和信息化局', '6322');
    const form = await makeMonthlyForm(db, els, HAIBEI_COUNTIES.map((c) => ({ unitId, divisionCode: c })));
    const as = async (role: 'viewer' | 'leader' | 'reporter', opts: { unitId?: number; divisionCode?: string }) => {
      const u = await createUser(db, { role, ...opts });
      return (await login(app, u.username, u.password)).headers;
    };
    viewer = await as('viewer', { divisionCode: '6322' });
    leader = await as('leader', {});
    reporter = await as('reporter', { unitId });
    otherReporter = await as('reporter', { unitId: await makeUnit(db, '西宁市工信局', '6301') });
    const opened = await app.inject({ method: 'POST', url: `${P}/submissions`, headers: reporter, payload: { formId: form.id, unitId, period: monthsAgo(0).code } });
    expect(opened.statusCode, opened.body).toBe(200);
    subId = opened.json().id;
  });
  afterAll(async () => app?.close());

  it('anonymous large bodies are refused with 401 before they are read (malformed JSON is never parsed)', async () => {
    const junk = `{"version":1,"values":[${'x'.repeat(200_000)}`;
    const r = await app.inject({ method: 'PUT', url: `${P}/submissions/${subId}/draft`, headers: json, payload: junk });
    expect(r.statusCode, r.body).toBe(401);
    const big = await app.inject({ method: 'POST', url: '/api/plans', headers: json, payload: `{"a":"${'x'.repeat(60 * 1024 * 1024)}"}` });
    expect(big.statusCode).toBe(401);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', headers: json, payload: `{"username":"${'x'.repeat(100_000)}"}` });
    expect(login.statusCode).toBe(413);
    // small anonymous bodies still reach the route (and its own 401)
    expect((await app.inject({ method: 'PUT', url: `${P}/submissions/${subId}/draft`, headers: json, payload: '{"version":1}' })).statusCode).toBe(401);
  });

  it('a viewer or leader sending a huge draft gets 403 before parsing, not seconds of validation', async () => {
    const bomb = invalidDraft(200_000);
    expect(bomb.length).toBeGreaterThan(6_000_000);
    for (const headers of [viewer, leader]) {
      const r = await app.inject({ method: 'PUT', url: `${P}/submissions/${subId}/draft`, headers: { ...headers, ...json }, payload: bomb });
      expect(r.statusCode, r.body.slice(0, 300)).toBe(403);
      expect(r.body.length).toBeLessThan(1000);
      const junk = await app.inject({ method: 'PUT', url: `${P}/submissions/${subId}/draft`, headers: { ...headers, ...json }, payload: `{${'x'.repeat(100_000)}` });
      expect(junk.statusCode).toBe(403);
    }
  });

  it('a reporter of another unit gets 403 for a large draft or push before it is parsed', async () => {
    const junk = `{"version":1,"values":[${'x'.repeat(200_000)}`;
    for (const path of ['draft', 'values']) {
      const r = await app.inject({ method: path === 'draft' ? 'PUT' : 'POST', url: `${P}/submissions/${subId}/${path}`, headers: { ...otherReporter, ...json }, payload: junk });
      expect(r.statusCode, r.body).toBe(403);
    }
    // the owner's malformed body is parsed (and refused as such)
    const own = await app.inject({ method: 'PUT', url: `${P}/submissions/${subId}/draft`, headers: { ...reporter, ...json }, payload: junk });
    expect(own.statusCode).toBe(400);
    expect(own.json().error.fields[0].reason).toBe('malformed JSON');
  });

  it('a draft over its limit is 413; JSON bodies elsewhere are limited to 1 MB', async () => {
    const r = await app.inject({ method: 'PUT', url: `${P}/submissions/${subId}/draft`, headers: { ...reporter, ...json }, payload: invalidDraft(200_000) });
    expect(r.statusCode).toBe(413);
    expect(r.json().error.code).toBe('payload_too_large');
    const other = await app.inject({ method: 'POST', url: `${P}/submissions`, headers: { ...reporter, ...json }, payload: `{"pad":"${'x'.repeat(1_100_000)}"}` });
    expect(other.statusCode).toBe(413);
  });

  it('a writer’s draft with 60,000 bad items: 400 listing the first 100 problems and the total, a small reply', async () => {
    const body = invalidDraft(60_000);
    expect(body.length).toBeLessThan(2 * 1024 * 1024);
    const r = await app.inject({ method: 'PUT', url: `${P}/submissions/${subId}/draft`, headers: { ...reporter, ...json }, payload: body });
    expect(r.statusCode).toBe(400);
    const e = r.json().error;
    expect(e.code).toBe('validation_failed');
    expect(e.fields).toHaveLength(100);
    expect(e.fields[0].field).toBe('body.values.0.divisionCode');
    expect(e.total).toBe(60_000);
    expect(e.message).toMatch(/^60000 problems; first: body\.values\.0\.divisionCode/);
    expect(r.body.length).toBeLessThan(20_000);
  });

  it('schema problems below the slicing threshold are capped the same way', async () => {
    const r = await app.inject({ method: 'PUT', url: `${P}/submissions/${subId}/draft`, headers: { ...reporter, ...json }, payload: invalidDraft(1500) });
    expect(r.statusCode).toBe(400);
    const e = r.json().error;
    expect(e.fields).toHaveLength(100);
    expect(e.total).toBe(1500);
  });
});
