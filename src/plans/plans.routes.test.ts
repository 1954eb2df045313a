import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';

const seedText = readFileSync(new URL('../../examples/plans/000_a21303be5ef81ba7.txt', import.meta.url), 'utf8');

function multipart(fields: Record<string, string>, file?: { name: string; content: string | Buffer }) {
  const boundary = '----luoshi' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachEngine('plans API', (getDb) => {
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let viewerElsewhere: Record<string, string>;
  let viewerHere: Record<string, string>;

  beforeAll(async () => {
    const db = getDb();
    await db.kysely
      .insertInto('divisions')
      .values([
        { code: '63', name: '青海省', level: 1, parent_code: null, full_name: '青海省' },
        { code: '6322', name: '海北藏族自治州', level: 2, parent_code: '63', full_name: '青海省海北藏族自治州' },
        { code: '6301', name: '西宁市', level: 2, parent_code: '63', full_name: '青海省西宁市' },
      ])
      .execute();
    app = await buildTestApp(db);
    const a = await createUser(db, { role: 'admin' });
    admin = (await login(app, a.username, a.password)).headers;
    const v1 = await createUser(db, { role: 'viewer', divisionCode: '6301' });
    viewerElsewhere = (await login(app, v1.username, v1.password)).headers;
    const v2 = await createUser(db, { role: 'viewer', divisionCode: '6322' });
    viewerHere = (await login(app, v2.username, v2.password)).headers;
  });
  afterAll(() => app.close());

  it('imports, reviews and activates a plan through the API; viewers see only their subtree', async () => {
    const up = multipart({ divisionCode: '6322' }, { name: '海北.txt', content: seedText });
    const r = await app.inject({ method: 'POST', url: '/api/plans/import', headers: { ...admin, ...up.headers }, payload: up.payload });
    expect(r.statusCode, r.body).toBe(201);
    const planId = r.json().plan.id as number;

    const items = (await app.inject({ method: 'GET', url: `/api/plans/${planId}/items?kind=task`, headers: admin })).json().items;
    expect(items.length).toBeGreaterThan(10);
    const reporting = (await app.inject({ method: 'GET', url: `/api/plans/${planId}/items?kind=reporting`, headers: admin })).json().items;
    expect(reporting.map((i: { data: { frequency: string } }) => i.data.frequency)).toContain('quarterly');

    const t = items[0];
    const edit = await app.inject({ method: 'PATCH', url: `/api/plans/${planId}/items/${t.id}`, headers: admin, payload: { version: t.version, decision: 'accepted' } });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json().reviewStatus).toBe('accepted');
    const stale = await app.inject({ method: 'PATCH', url: `/api/plans/${planId}/items/${t.id}`, headers: admin, payload: { version: t.version, decision: 'deleted' } });
    expect(stale.statusCode).toBe(409);

    // Refusals: a viewer outside the subtree reads nothing; no viewer changes anything.
    expect((await app.inject({ method: 'GET', url: `/api/plans/${planId}`, headers: viewerElsewhere })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/plans/${planId}/items`, headers: viewerElsewhere })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/plans', headers: viewerElsewhere })).json().items).toEqual([]);
    expect((await app.inject({ method: 'GET', url: `/api/plans/${planId}`, headers: viewerHere })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/api/plans/${planId}/activate`, headers: viewerHere, payload: { version: 1 } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/plans/${planId}` })).statusCode).toBe(401);

    const plan = (await app.inject({ method: 'GET', url: `/api/plans/${planId}`, headers: admin })).json();
    const act = await app.inject({ method: 'POST', url: `/api/plans/${planId}/activate`, headers: admin, payload: { version: plan.version } });
    expect(act.statusCode, act.body).toBe(200);
    expect(act.json().status).toBe('active');
    // Activation created the reporting calendar from the plan's duties (海北: 4月8日/7月8日/10月8日, 12月18日).
    const cal = (await app.inject({ method: 'GET', url: `/api/plans/${planId}/calendar`, headers: admin })).json().duties;
    const quarterly = cal.find((d: { frequency: string }) => d.frequency === 'quarterly');
    expect(quarterly.periods.map((p: { code: string; dueOn: string | null }) => [p.code, p.dueOn])).toEqual([
      ['2014Q1', '2014-04-08'],
      ['2014Q2', '2014-07-08'],
      ['2014Q3', '2014-10-08'],
      ['2014Q4', null],
    ]);
    expect(cal.find((d: { frequency: string }) => d.frequency === 'annual').periods[0].dueOn).toBe('2014-12-18');
    expect(cal.find((d: { frequency: string }) => d.frequency === 'monthly').periods[0].code).toBe('2014M02');
    const audit = (await app.inject({ method: 'GET', url: `/api/audit?entity=plan&entityId=${planId}`, headers: admin })).json();
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['import', 'activate']));
  });

  it('refuses bad uploads with a clear 4xx and stores nothing', async () => {
    const count = async () => (await app.inject({ method: 'GET', url: '/api/plans', headers: admin })).json().items.length;
    const before = await count();
    const cases = [
      multipart({ divisionCode: '6322' }, { name: 'empty.txt', content: '' }),
      multipart({ divisionCode: '6322' }, { name: 'junk.txt', content: Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 37) % 256)) }),
      multipart({ divisionCode: '6322' }, { name: 'plan.exe', content: 'MZ' }),
      multipart({ divisionCode: '12x' }, { name: 'a.txt', content: seedText }),
      multipart({ divisionCode: '6322' }),
    ];
    for (const c of cases) {
      const r = await app.inject({ method: 'POST', url: '/api/plans/import', headers: { ...admin, ...c.headers }, payload: c.payload });
      expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, r.body).toBeLessThan(500);
      expect(r.json().error.message).toBeTruthy();
    }
    expect(await count()).toBe(before);
  });
});
