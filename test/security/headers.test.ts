import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testConfig } from '../app.ts';
import { describeEachEngine } from '../db.ts';
import { buildApp } from '../../src/app/app.ts';

describeEachEngine('security headers', (getDb) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'luoshi-web-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'app.js'), 'void 0');
    app = await buildApp({ db: getDb(), config: testConfig(), serveWeb: true, webRoot: root, logger: false });
  });
  afterAll(() => app.close());

  const expectHeaders = (h: Record<string, unknown>) => {
    const csp = String(h['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
  };

  it('on the app shell, static files, API answers, errors and the API docs', async () => {
    for (const url of ['/', '/plans/1/review', '/app.js', '/api/health', '/api/nope', '/api/auth/me', '/api/docs/']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBeLessThan(500);
      expectHeaders(r.headers);
    }
    const bad = await app.inject({ method: 'POST', url: '/api/auth/login', payload: '{"username":', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expectHeaders(bad.headers);
  });

  it('HSTS only when the deployment says it is behind HTTPS', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/health' })).headers['strict-transport-security']).toBeUndefined();
    const https = await buildApp({ db: getDb(), config: testConfig({ LUOSHI_SECURE_COOKIES: 'on' }), serveWeb: false, logger: false });
    try {
      expect((await https.inject({ method: 'GET', url: '/api/health' })).headers['strict-transport-security']).toMatch(/max-age=\d+/);
    } finally {
      await https.close();
    }
  });
});
