import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../src/platform/env.ts';
import type { Db } from '../src/platform/db/database.ts';
import { buildApp } from '../src/app/app.ts';

/** A configuration for tests: its own temporary data directory, no demo, no scheduler. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const dir = mkdtempSync(join(tmpdir(), 'luoshi-test-'));
  return loadConfig({ LUOSHI_DATA_DIR: dir, LUOSHI_DEMO: 'off', LUOSHI_SCHEDULER: 'off', ...overrides });
}

/** The real HTTP application over the given database, driven with app.inject() (no port). */
export async function buildTestApp(db: Db, overrides: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ db, config: testConfig(overrides), logger: false, serveWeb: false });
  await app.ready();
  return app;
}

let userSeq = 0;
export const TEST_PASSWORD = 'Correct-horse-42';

/**
 * Creates an active user directly (no HTTP, system actor) with a unique username. A reporter
 * without `unitId` gets a fresh unit in division 11; a viewer without `divisionCode` gets 11.
 */
export async function createUser(
  db: Db,
  opts: { role: 'admin' | 'reporter' | 'viewer' | 'leader'; unitId?: number; divisionCode?: string; username?: string; password?: string },
): Promise<{ id: number; username: string; password: string }> {
  const { createUser: create } = await import('../src/auth/users.service.ts');
  const { SYSTEM } = await import('../src/platform/audit.ts');
  const username = opts.username ?? `t${process.pid}-${++userSeq}-${opts.role}`;
  const password = opts.password ?? TEST_PASSWORD;
  let { unitId, divisionCode } = opts;
  if ((opts.role === 'reporter' && unitId === undefined) || (opts.role === 'viewer' && divisionCode === undefined)) {
    await db.kysely
      .insertInto('divisions')
      .values({ code: '11', name: '北京市', level: 1, parent_code: null, full_name: '北京市' })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    divisionCode ??= '11';
    if (opts.role === 'reporter' && unitId === undefined) {
      const u = await db.kysely
        .insertInto('units')
        .values({ name: `测试单位 ${username}`, division_code: '11', kind: 'department' })
        .returning('id')
        .executeTakeFirstOrThrow();
      unitId = Number(u.id);
    }
  }
  const r = await create(db, SYSTEM, { username, role: opts.role, unitId, divisionCode, password });
  return { id: r.user.id, username, password };
}

let loginSeq = 1;

/** Signs in through the API; `headers` carries the session cookie and the CSRF token for app.inject. */
export async function login(
  app: FastifyInstance,
  username: string,
  password: string,
): Promise<{ cookie: string; csrf: string; headers: Record<string, string> }> {
  // Each sign-in comes from its own address, so suites that sign in often stay under the per-IP
  // login throttle (which has its own test).
  const remoteAddress = `10.${(loginSeq >> 16) & 255}.${(loginSeq >> 8) & 255}.${loginSeq++ & 255}`;
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
  if (r.statusCode !== 200) throw new Error(`login of ${username} failed: ${r.statusCode} ${r.body}`);
  const c = r.cookies.find((x) => x.name === 'luoshi_session');
  if (!c) throw new Error('login set no luoshi_session cookie');
  const cookie = `luoshi_session=${c.value}`;
  const csrf = (r.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}
