import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestApp, testConfig } from '../../test/app.ts';
import { buildApp, WEB_DIST } from './app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { listMigrations } from '../platform/db/migrator.ts';

// The web build is served from the repository's dist/web wherever the composition root lives (it
// once moved folders and kept a relative path that pointed outside the repository: no UI at all).
it('serves the web build from <repository>/dist/web', () => {
  expect(WEB_DIST.endsWith('/dist/web/')).toBe(true);
  expect(existsSync(join(WEB_DIST, '..', '..', 'package.json'))).toBe(true);
});

describeEachEngine('http platform', (getDb, engine) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(getDb());
  });
  afterAll(() => app.close());

  it('reports engine and migration version on /api/health', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok', engine, migration: listMigrations().at(-1)!.name, pending: 0 });
  });

  it('serves an OpenAPI document and a docs page', async () => {
    const doc = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toMatch(/^3\./);
    expect(Object.keys(doc.json().paths)).toContain('/api/health');
    const page = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/html/);
  });

  it('serves the web app shell for client-side routes and JSON 404s for the API', async () => {
    const root = mkdtempSync(join(tmpdir(), 'luoshi-web-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    const web = await buildApp({ db: getDb(), config: testConfig(), serveWeb: true, webRoot: root });
    try {
      const page = await web.inject({ method: 'GET', url: '/plans/12/review' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('id="root"');
      const api = await web.inject({ method: 'GET', url: '/api/nope' });
      expect(api.statusCode).toBe(404);
      expect(api.json().error.code).toBe('not_found');
    } finally {
      await web.close();
    }
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/nope' });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('not_found');
  });
});
