import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, createUser, login, TEST_PASSWORD } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { SYSTEM } from '../platform/audit.ts';
import { createUser as createUserService } from './users.service.ts';

/** Attacks the sign-in, password and session rules of issue 14 would have let through. */
describeEachEngine('security of sign-in and sessions', (getDb) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(getDb());
  });
  afterAll(async () => {
    await app.close();
  });

  const attempt = (username: string, opts: { remoteAddress?: string; xff?: string; password?: string } = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: opts.password ?? 'Wrong-password-99' },
      remoteAddress: opts.remoteAddress ?? '192.0.2.10',
      headers: opts.xff ? { 'x-forwarded-for': opts.xff } : {},
    });

  it('ignores X-Forwarded-For unless the proxy is trusted: a changing header does not escape the per-IP throttle or forge the audit IP', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 30; i++) {
      codes.push((await attempt(`nobody-${i}`, { remoteAddress: '192.0.2.77', xff: `203.0.113.${i}` })).statusCode);
    }
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(9);
    const ips = await sql<{ ip: string }>`select distinct ip from audit_log where entity = 'login' and entity_id like 'nobody-%'`.execute(getDb().kysely);
    expect(ips.rows.map((r) => r.ip)).toEqual(['192.0.2.77']);

    // Behind a named proxy the forwarded client address is the one recorded.
    const proxied = await buildTestApp(getDb(), { LUOSHI_TRUST_PROXY: '192.0.2.1, 10.0.0.0/8' });
    try {
      const r = await proxied.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'proxied-nobody', password: 'x' }, remoteAddress: '192.0.2.1', headers: { 'x-forwarded-for': '198.51.100.9' } });
      expect(r.statusCode).toBe(401);
      const ip = await sql<{ ip: string }>`select ip from audit_log where entity_id = 'proxied-nobody'`.execute(getDb().kysely);
      expect(ip.rows[0].ip).toBe('198.51.100.9');
    } finally {
      await proxied.close();
    }
  });

  it('throttles sign-in per account, whatever address the attempts come from', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 14; i++) codes.push((await attempt('per-account-target', { remoteAddress: `198.18.0.${i + 1}` })).statusCode);
    expect(codes.slice(0, 10).every((c) => c !== 429)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429, 429, 429]);
    const r = await attempt('per-account-target', { remoteAddress: '198.18.1.1' });
    expect(r.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('answers a locked account and an unknown name alike', async () => {
    const real = await createUser(getDb(), { role: 'viewer' });
    const answers = async (username: string, base: number) => {
      const out: { status: number; code: string; message: string }[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await attempt(username, { remoteAddress: `198.19.${base}.${i + 1}` });
        const e = r.json().error as { code: string; message: string };
        out.push({ status: r.statusCode, code: e.code, message: e.message });
      }
      return out;
    };
    const known = await answers(real.username, 1);
    const unknown = await answers('no-such-account-x', 2);
    expect(known.map((a) => a.status)).toEqual([401, 401, 401, 401, 423, 423]);
    expect(unknown).toEqual(known);
  });

  it('enforces a required password change on the server: only me, password and logout work until it is done', async () => {
    const db = getDb();
    const username = `must-change-${process.pid}`;
    await createUserService(db, SYSTEM, { username, role: 'admin', password: TEST_PASSWORD, mustChangePassword: true });
    const s = await login(app, username, TEST_PASSWORD);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).statusCode).toBe(200);
    for (const url of ['/api/plans', '/api/users', '/api/audit']) {
      const r = await app.inject({ method: 'GET', url, headers: s.headers });
      expect(r.statusCode, url).toBe(403);
      expect(r.json().error.code).toBe('password_change_required');
    }
    const w = await app.inject({ method: 'POST', url: '/api/units', headers: s.headers, payload: { name: 'x', divisionCode: '11', kind: 'department' } });
    expect(w.json().error.code).toBe('password_change_required');
    const ch = await app.inject({ method: 'POST', url: '/api/auth/password', headers: s.headers, payload: { oldPassword: TEST_PASSWORD, newPassword: 'Brand-new-pass-77' } });
    expect(ch.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/plans', headers: s.headers })).statusCode).toBe(200);
  });

  it('locks the account and ends its sessions after repeated wrong current passwords on password change', async () => {
    const u = await createUser(getDb(), { role: 'reporter' });
    const s = await login(app, u.username, u.password);
    const other = await login(app, u.username, u.password);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await app.inject({ method: 'POST', url: '/api/auth/password', headers: s.headers, payload: { oldPassword: `Guess-number-${i}0`, newPassword: 'Stolen-session-99' } });
      statuses.push(r.statusCode);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 423]);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: other.headers })).statusCode).toBe(401);
    const again = await attempt(u.username, { password: u.password, remoteAddress: '198.20.0.1' });
    expect(again.statusCode).toBe(423);
  });

  it('refuses a NUL character anywhere in the input with 400 naming the field (anonymous and signed-in)', async () => {
    const a = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ad\u0000min', password: 'x' }, remoteAddress: '198.21.0.1' });
    expect(a.statusCode).toBe(400);
    expect(a.json().error.fields).toEqual([{ field: 'body.username', reason: expect.stringMatching(/NUL/) }]);
    const q = await app.inject({ method: 'GET', url: '/api/divisions?q=%00' });
    expect(q.statusCode).toBe(400);
    expect(q.json().error.fields[0].field).toBe('query.q');
    const p = await app.inject({ method: 'GET', url: '/api/divisions/11%0001' });
    expect(p.statusCode).toBe(400);
    expect(p.json().error.fields[0].field).toBe('params.code');
    const admin = await createUser(getDb(), { role: 'admin' });
    const s = await login(app, admin.username, admin.password);
    const b = await app.inject({ method: 'POST', url: '/api/units', headers: s.headers, payload: { name: '单位\u0000', divisionCode: '11', kind: 'department', aliases: ['a', 'b\u0000'] } });
    expect(b.statusCode).toBe(400);
    expect(b.json().error.fields[0].field).toBe('body.name');
  });
});
