import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { SYSTEM } from '../platform/audit.ts';
import { activatePlan, getItems, importPlanText } from '../plans/plan.service.ts';

const example = (f: string) => readFileSync(new URL(`../../examples/plans/${f}`, import.meta.url), 'utf8');

describeEachEngine('open data: publication and the public API', (getDb) => {
  let app: FastifyInstance;
  let admin: Record<string, string>;
  const others: Record<string, Record<string, string>> = {};
  let shown: { id: number; title: string };
  let hidden: { id: number; title: string; docNumber: string | null; itemIds: number[] };
  let draftId: number;

  beforeAll(async () => {
    const db = getDb();
    await db.kysely
      .insertInto('divisions')
      .values([
        { code: '63', name: '青海省', level: 1, parent_code: null, full_name: '青海省' },
        { code: '6322', name: '海北藏族自治州', level: 2, parent_code: '63', full_name: '青海省海北藏族自治州' },
        { code: '43', name: '湖南省', level: 1, parent_code: null, full_name: '湖南省' },
      ])
      .execute();
    const load = async (file: string, divisionCode: string, activate: boolean) => {
      const { plan } = await importPlanText(db, SYSTEM, { text: example(file), filename: file, format: 'txt', divisionCode });
      if (activate) await activatePlan(db, SYSTEM, plan.id, plan.version);
      return plan;
    };
    const a = await load('002_40dd9cc1b2a28e96.txt', '43', true);
    const b = await load('004_ed61089e9c78246f.txt', '63', true);
    const c = await load('000_a21303be5ef81ba7.txt', '6322', false);
    shown = { id: a.id, title: a.title };
    hidden = { id: b.id, title: b.title, docNumber: b.docNumber, itemIds: (await getItems(db, b.id)).map((i) => i.id) };
    draftId = c.id;
    expect(hidden.title).not.toBe(shown.title);

    app = await buildTestApp(db);
    const u = await createUser(db, { role: 'admin' });
    admin = (await login(app, u.username, u.password)).headers;
    for (const role of ['reporter', 'viewer', 'leader'] as const) {
      const x = await createUser(db, { role });
      others[role] = (await login(app, x.username, x.password)).headers;
    }
  });
  afterAll(() => app?.close());

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  it('publishes nothing by default', async () => {
    const r = await get('/api/public/plans');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ items: [], total: 0, next: null });
    expect((await get(`/api/public/plans/${shown.id}`)).statusCode).toBe(404);
  });

  it('lets only the office publish and unpublish, audited', async () => {
    const url = `/api/publishing/plan/${shown.id}`;
    expect((await app.inject({ method: 'PUT', url, payload: {} })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/publishing' })).statusCode).toBe(401);
    for (const role of ['reporter', 'viewer', 'leader']) {
      expect((await app.inject({ method: 'PUT', url, payload: {}, headers: others[role] })).statusCode, role).toBe(403);
      expect((await app.inject({ method: 'DELETE', url, headers: others[role] })).statusCode, role).toBe(403);
      expect((await app.inject({ method: 'GET', url: '/api/publishing', headers: others[role] })).statusCode, role).toBe(403);
    }
    // A draft is not publishable; an unknown plan is 404; limits belong to indicators.
    const draft = await app.inject({ method: 'PUT', url: `/api/publishing/plan/${draftId}`, payload: {}, headers: admin });
    expect(draft.statusCode, draft.body).toBe(409);
    expect((await app.inject({ method: 'PUT', url: '/api/publishing/plan/999999', payload: {}, headers: admin })).statusCode).toBe(404);
    const bad = await app.inject({ method: 'PUT', url, payload: { lowestLevel: 9 }, headers: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toContain('lowestLevel');
    const wrong = await app.inject({ method: 'PUT', url, payload: { lowestLevel: 2 }, headers: admin });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].field).toBe('body.lowestLevel');

    const ok = await app.inject({ method: 'PUT', url, payload: { note: '2014年度' }, headers: admin });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ kind: 'plan', subject: String(shown.id), note: '2014年度' });
    // publish, unpublish, publish again: the audit log has all three.
    expect((await app.inject({ method: 'DELETE', url, headers: admin })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url, headers: admin })).statusCode).toBe(404);
    expect((await get(`/api/public/plans/${shown.id}`)).statusCode).toBe(404);
    expect((await app.inject({ method: 'PUT', url, payload: {}, headers: admin })).statusCode).toBe(200);
    const audit = (await get(`/api/audit?entity=publication&entityId=plan:${shown.id}`, admin)).json();
    expect(audit.items.map((a: { action: string }) => a.action).sort()).toEqual(['publish', 'publish', 'unpublish']);

    const list = (await get('/api/publishing', admin)).json().items as { kind: string; subject: string; publishable: boolean; publication: unknown }[];
    expect(list.find((c) => c.kind === 'plan' && c.subject === String(shown.id))?.publication).not.toBeNull();
    expect(list.find((c) => c.kind === 'plan' && c.subject === String(hidden.id))?.publication).toBeNull();
    expect(list.find((c) => c.kind === 'plan' && c.subject === String(draftId))?.publishable).toBe(false);
    // The plans domain shows the flag too.
    expect((await get(`/api/plans/${shown.id}`, admin)).json().published).toBe(true);
    expect((await get(`/api/plans/${hidden.id}`, admin)).json().published).toBe(false);
  });

  it('serves a published plan and its targets to anonymous readers; an unpublished plan is 404', async () => {
    const list = await get('/api/public/plans');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((p: { id: number }) => p.id)).toEqual([shown.id]);
    expect(list.json().items[0]).toMatchObject({ title: shown.title, divisionCode: '43', divisionName: '湖南省', status: 'active' });
    const one = await get(`/api/public/plans/${shown.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().title).toBe(shown.title);
    const targets = await get(`/api/public/plans/${shown.id}/targets`);
    expect(targets.statusCode, targets.body).toBe(200);
    expect(targets.json().total).toBeGreaterThan(0);
    expect(targets.json().items[0]).toMatchObject({ planId: shown.id });

    for (const url of [`/api/public/plans/${hidden.id}`, `/api/public/plans/${hidden.id}/targets`, `/api/public/plans/${draftId}`, '/api/public/plans/999999']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.json().error.code).toBe('not_found');
    }
    // Unpublished and nonexistent read the same, so existence is not revealed.
    const a = (await get(`/api/public/plans/${hidden.id}`)).json().error.message.replace(String(hidden.id), 'N');
    const b = (await get('/api/public/plans/999999')).json().error.message.replace('999999', 'N');
    expect(a).toBe(b);
    // Signed-in users get the same public view (no more).
    expect((await get(`/api/public/plans/${hidden.id}`, admin)).statusCode).toBe(404);
  });

  it('pages with limit, offset, total and next', async () => {
    const all = (await get(`/api/public/plans/${shown.id}/targets?limit=500`)).json();
    expect(all.total).toBeGreaterThanOrEqual(2);
    const first = (await get(`/api/public/plans/${shown.id}/targets?limit=1`)).json();
    expect(first).toMatchObject({ total: all.total, limit: 1, offset: 0 });
    expect(first.items).toHaveLength(1);
    expect(first.items[0].id).toBe(all.items[0].id);
    expect(first.next).toBe(`/api/public/plans/${shown.id}/targets?limit=1&offset=1`);
    const second = (await get(first.next)).json();
    expect(second.offset).toBe(1);
    expect(second.items[0].id).toBe(all.items[1].id);
    const last = (await get(`/api/public/plans/${shown.id}/targets?limit=1&offset=${all.total - 1}`)).json();
    expect(last.next).toBeNull();
    expect((await get(`/api/public/plans/${shown.id}/targets?offset=${all.total}`)).json().items).toEqual([]);
    for (const q of ['limit=501', 'limit=0', 'offset=-1', 'format=pdf']) {
      const r = await get(`/api/public/plans?${q}`);
      expect(r.statusCode, q).toBe(400);
      expect(r.json().error.fields[0].field).toMatch(/^querystring\./);
    }
  });

  it('sends a strong ETag and Cache-Control, and 304 on If-None-Match', async () => {
    const url = `/api/public/plans/${shown.id}/targets`;
    const r = await get(url);
    const etag = r.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(r.headers['cache-control']).toBe('public, max-age=60');
    expect(r.headers['last-modified']).toBeUndefined();
    expect((await get(`/api/public/plans/${shown.id}`)).headers['last-modified']).toMatch(/GMT$/);
    expect((await get(url)).headers.etag).toBe(etag);
    const again = await get(url, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await get(url, { 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304);
    expect((await get(url, { 'if-none-match': '"stale"' })).statusCode).toBe(200);
    // A different page is a different body, so a different tag.
    expect((await get(`${url}?limit=1`)).headers.etag).not.toBe(etag);
    // Errors are not cached.
    const missing = await get(`/api/public/plans/${hidden.id}`);
    expect(missing.headers.etag).toBeUndefined();
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it('downloads CSV (UTF-8 with BOM), XLSX (codes as text) and JSON that parse back', async () => {
    const page = (await get(`/api/public/plans/${shown.id}/targets?limit=500`)).json();
    const csv = await get(`/api/public/plans/${shown.id}/targets?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; .*filename\*=UTF-8''/);
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(csv.rawPayload.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(page.total);
    expect(rows[0]['指标']).toBe(page.items[0].indicator);
    expect(Number(rows[0]['目标值'])).toBe(page.items[0].target);

    const xlsx = await get(`/api/public/plans?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(2).value).toBe('方案名称');
    expect(ws.getRow(2).getCell(2).value).toBe(shown.title);
    const code = ws.getRow(2).getCell(6);
    expect(code.value).toBe('43');
    expect(typeof code.value).toBe('string');
    expect(ws.rowCount).toBe(2);

    const json = await get(`/api/public/plans/${shown.id}/targets?format=json`);
    expect(json.headers['content-disposition']).toContain('.json');
    const body = json.json();
    expect(body.total).toBe(page.total);
    expect(body.items[0]).toMatchObject({ id: page.items[0].id, indicator: page.items[0].indicator, target: page.items[0].target });
  });

  it('never lets anything of an unpublished plan out through any public path', async () => {
    const doc = (await get('/api/openapi.json')).json() as { paths: Record<string, { get?: { tags?: string[] } }> };
    const publicPaths = Object.entries(doc.paths).filter(([, v]) => v.get?.tags?.includes('open-data')).map(([p]) => p);
    expect(publicPaths.length).toBeGreaterThanOrEqual(3);
    // Every public path, with the published and the unpublished plan filled in wherever an id goes.
    const urls: string[] = [];
    for (const p of publicPaths) {
      for (const planId of [shown.id, hidden.id]) {
        const base = p.replace('{id}', String(planId)).replace('{code}', 'FBB_HH_PEN');
        for (const q of ['', '?limit=500', '?format=csv', '?format=json']) urls.push(base + q);
      }
    }
    const hiddenItems = new Set(hidden.itemIds);
    for (const url of [...new Set(urls)]) {
      const r = await get(url);
      expect(r.statusCode, url).toBeLessThan(500);
      const text = r.rawPayload.toString('utf8');
      expect(text.includes(hidden.title), url).toBe(false);
      if (hidden.docNumber) expect(text.includes(hidden.docNumber), url).toBe(false);
      if (r.statusCode !== 200 || !String(r.headers['content-type']).includes('json')) continue;
      // Structurally: no object names the hidden plan, no target is one of its items.
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) return v.forEach(walk);
        if (v && typeof v === 'object') {
          const o = v as Record<string, unknown>;
          expect(o.planId === hidden.id, `${url} planId`).toBe(false);
          if ('planId' in o || 'indicator' in o) expect(hiddenItems.has(Number(o.id)), `${url} item ${String(o.id)}`).toBe(false);
          Object.values(o).forEach(walk);
        }
      };
      walk(r.json());
    }
  });
});
