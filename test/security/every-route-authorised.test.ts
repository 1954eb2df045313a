import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../app.ts';
import { describeEachEngine } from '../db.ts';

/**
 * Every operation of the API is authorised on the server: walked from the OpenAPI document, so a
 * route added tomorrow is covered without anyone remembering to. Anonymous, everything but the
 * public reference data, the open-data portal and sign-in answers 401; a read-only viewer's
 * writes answer 403 (or 404 for a subject it may not know of) — never a 2xx, never a 5xx.
 */
const ANONYMOUS_OK: RegExp[] = [
  /^GET \/api\/health$/,
  /^GET \/api\/openapi\.json$/,
  /^GET \/api\/public(\/|$)/,
  /^GET \/api\/divisions(\/|$)/, // GB/T 2260 reference data
  /^GET \/api\/maps(\/|$)/, // boundaries of divisions, reference data
  /^GET \/api\/docs(\/|$)/,
  /^GET \/api\/clock$/, // the declared "today" (the demo banner on the sign-in page)
  /^POST \/api\/auth\/login$/,
  /^POST \/api\/auth\/logout$/,
  /^GET \/api\/auth\/me$/,
];

// Writes a viewer may make to its own account (or that end its own session).
const VIEWER_WRITES_OK: RegExp[] = [/^POST \/api\/auth\/(login|logout|password)$/, /^POST \/api\/inbox\/[^/]+\/read$/];

const fill = (path: string) => path.replace(/\{[^}]+\}/g, '1');

describeEachEngine('every route is authorised on the server', (getDb) => {
  let app: FastifyInstance;
  let viewer: Record<string, string>;
  let ops: { method: string; path: string }[] = [];

  beforeAll(async () => {
    const db = getDb();
    app = await buildTestApp(db);
    const v = await createUser(db, { role: 'viewer' });
    viewer = (await login(app, v.username, v.password)).headers;
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    ops = Object.entries(doc.paths).flatMap(([path, m]) =>
      Object.keys(m)
        .filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k))
        .map((k) => ({ method: k.toUpperCase(), path })),
    );
  });
  afterAll(() => app?.close());

  it('refuses anonymous requests to everything that is not public', async () => {
    expect(ops.length).toBeGreaterThan(100);
    const wrong: string[] = [];
    let refused = 0;
    for (const op of ops) {
      const name = `${op.method} ${op.path}`;
      if (ANONYMOUS_OK.some((r) => r.test(name))) continue;
      const r = await app.inject({ method: op.method as 'GET', url: fill(op.path), ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: {} }) });
      if (r.statusCode === 401) refused++;
      else wrong.push(`${name} → ${r.statusCode} ${r.body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
    expect(refused).toBeGreaterThan(80);
  });

  it("refuses a viewer's writes", async () => {
    const wrong: string[] = [];
    let refused = 0;
    for (const op of ops) {
      const name = `${op.method} ${op.path}`;
      if (op.method === 'GET' || VIEWER_WRITES_OK.some((r) => r.test(name)) || ANONYMOUS_OK.some((r) => r.test(name))) continue;
      const r = await app.inject({ method: op.method as 'POST', url: fill(op.path), headers: viewer, ...(op.method === 'DELETE' ? {} : { payload: {} }) });
      if (r.statusCode === 403 || r.statusCode === 404) refused++;
      else wrong.push(`${name} → ${r.statusCode} ${r.body.slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
    expect(refused).toBeGreaterThan(40);
  });
});
