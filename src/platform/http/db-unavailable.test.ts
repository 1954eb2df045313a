import { sql } from 'kysely';
import pg from 'pg';
import { expect, inject, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { describeEachEngine, engineVariants } from '../../../test/db.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';

/** A database that cannot be reached is 503 with Retry-After (try again shortly), never a 500. */
for (const variant of engineVariants()) {
  it(`answers 503 with Retry-After when the database is gone [${variant.engine}]`, async () => {
    const db = await variant.open();
    const app = await buildTestApp(db);
    try {
      expect((await app.inject({ method: 'GET', url: '/api/divisions?q=x' })).statusCode).toBe(200);
      await db.close();
      for (const req of [
        { method: 'GET' as const, url: '/api/divisions?q=x' },
        { method: 'GET' as const, url: '/api/auth/me', headers: { cookie: 'luoshi_session=abc' } },
        { method: 'POST' as const, url: '/api/auth/login', payload: { username: 'a', password: 'b' } },
      ]) {
        const r = await app.inject(req);
        expect(r.statusCode, req.url).toBe(503);
        expect(r.headers['retry-after']).toBe('5');
        expect(r.json().error.code).toBe('service_unavailable');
      }
    } finally {
      await app.close();
    }
  }, 120_000);
}

describeEachEngine('database connections cut by the server', (getDb, engine) => {
  it('classifies a terminated backend as unavailable, and the pool recovers afterwards', async () => {
    if (engine !== 'postgres') return; // PGlite runs in-process: nothing can cut it but close (above)
    const db = getDb();
    const app = await buildTestApp(db);
    try {
      const admin = new pg.Client({ connectionString: inject('pgAdminUrl')! });
      await admin.connect();
      try {
        const dbName = (await sql<{ d: string }>`select current_database() as d`.execute(db.kysely)).rows[0].d;
        const slow = sql`select pg_sleep(30)`.execute(db.kysely).then(
          () => null,
          (e: unknown) => e,
        );
        await new Promise((r) => setTimeout(r, 300));
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
        const err = await slow;
        expect(err).toBeTruthy();
        expect(isDatabaseUnavailable(err)).toBe(true);
      } finally {
        await admin.end();
      }
      // Connections the server cut are discarded; the next request gets a fresh one.
      expect((await app.inject({ method: 'GET', url: '/api/divisions?q=x' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
