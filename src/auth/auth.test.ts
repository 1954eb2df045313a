import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';

// Distinct addresses keep this suite's many sign-ins under the per-IP throttle, tested on its own.
let addr = 0;
const loginAs = (app: FastifyInstance, username: string, password: string, remoteAddress = `192.0.2.${++addr % 250}`) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

describeEachEngine('auth: sign-in, sessions, CSRF', (getDb) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(getDb(), { LUOSHI_LOGIN_MAX_FAILURES: '3', LUOSHI_LOCKOUT_MINUTES: '10' });
  });
  afterAll(() => app.close());

  it('signs in with an HttpOnly, SameSite=Lax session cookie and answers /me', async () => {
    const u = await createUser(getDb(), { role: 'viewer' });
    const r = await loginAs(app, u.username, u.password);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.user).toMatchObject({ username: u.username, role: 'viewer', divisionCode: '11' });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(body)).not.toMatch(/argon2/);
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const c = r.cookies.find((x) => x.name === 'luoshi_session')!;
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe('Lax');
    expect(c.path).toBe('/');
    expect(c.secure).toBeFalsy();

    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `luoshi_session=${c.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { id: u.id },
      csrfToken: body.csrfToken,
      abilities: { manageUsers: false, readDivisionCode: '11' },
    });
  });

  it('stores only a hash of the session token', async () => {
    const u = await createUser(getDb(), { role: 'leader' });
    const s = await login(app, u.username, u.password);
    const token = s.cookie.split('=')[1];
    const rows = await getDb().kysely.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].id).not.toBe(token);
    expect(rows[0].id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sets Secure on the cookie when configured', async () => {
    const secureApp = await buildTestApp(getDb(), { LUOSHI_SECURE_COOKIES: 'on' });
    try {
      const u = await createUser(getDb(), { role: 'leader' });
      const r = await loginAs(secureApp, u.username, u.password);
      expect(r.cookies.find((x) => x.name === 'luoshi_session')!.secure).toBe(true);
    } finally {
      await secureApp.close();
    }
  });

  it('answers anonymous /me with 401 and a bogus cookie as anonymous', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const r = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: 'luoshi_session=nonsense' } });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('unauthenticated');
  });

  it('treats an expired session as anonymous and removes it', async () => {
    const u = await createUser(getDb(), { role: 'leader' });
    const s = await login(app, u.username, u.password);
    await getDb().kysely.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', u.id).execute();
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
    const left = await getDb().kysely.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute();
    expect(left).toHaveLength(0);
  });

  it('logs out: the session is gone and the cookie cleared', async () => {
    const u = await createUser(getDb(), { role: 'leader' });
    const s = await login(app, u.username, u.password);
    const r = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
    expect(r.statusCode).toBe(200);
    const cleared = r.cookies.find((x) => x.name === 'luoshi_session')!;
    expect(cleared.value).toBe('');
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
  });

  it('says only "wrong username or password" for a wrong password and an unknown user', async () => {
    const u = await createUser(getDb(), { role: 'leader' });
    const wrong = await loginAs(app, u.username, 'Wrong-password-1');
    const unknown = await loginAs(app, 'nobody-here', 'Wrong-password-1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.cookies).toHaveLength(0);
  });

  it('refuses a deactivated user with the same generic 401', async () => {
    const u = await createUser(getDb(), { role: 'leader' });
    await getDb().kysely.updateTable('users').set({ active: false }).where('id', '=', u.id).execute();
    const r = await loginAs(app, u.username, u.password);
    expect(r.statusCode).toBe(401);
    expect(r.json().error.message).toMatch(/wrong username or password/);
  });

  it('locks an account after N consecutive failures (423), audits it, and an admin unlocks it', async () => {
    const u = await createUser(getDb(), { role: 'leader' });
    expect((await loginAs(app, u.username, 'Wrong-password-1')).statusCode).toBe(401);
    expect((await loginAs(app, u.username, 'Wrong-password-2')).statusCode).toBe(401);
    const third = await loginAs(app, u.username, 'Wrong-password-3');
    expect(third.statusCode).toBe(423);
    expect(third.json().error.code).toBe('locked');
    expect(third.json().error.message).toMatch(/locked/);
    // Even the right password is refused while locked.
    const right = await loginAs(app, u.username, u.password);
    expect(right.statusCode).toBe(423);

    const actions = await getDb()
      .kysely.selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'user')
      .where('entity_id', '=', String(u.id))
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'create',
      'login_failed',
      'login_failed',
      'login_failed',
      'lockout',
      'login_refused_locked',
    ]);

    const admin = await createUser(getDb(), { role: 'admin' });
    const s = await login(app, admin.username, admin.password);
    const unlock = await app.inject({ method: 'PATCH', url: `/api/users/${u.id}`, headers: s.headers, payload: { unlock: true } });
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json()).toMatchObject({ locked: false, failedLogins: 0 });
    expect((await loginAs(app, u.username, u.password)).statusCode).toBe(200);
  });

  it('resets the failure count on a successful sign-in', async () => {
    const u = await createUser(getDb(), { role: 'leader' });
    for (let round = 0; round < 3; round++) {
      expect((await loginAs(app, u.username, 'Wrong-password-1')).statusCode).toBe(401);
      expect((await loginAs(app, u.username, 'Wrong-password-2')).statusCode).toBe(401);
      expect((await loginAs(app, u.username, u.password)).statusCode).toBe(200);
    }
  });

  it('throttles sign-in attempts per address (429) without affecting other addresses', async () => {
    const fresh = await buildTestApp(getDb());
    try {
      for (let i = 0; i < 20; i++) {
        expect((await loginAs(fresh, `ghost${i}`, 'Wrong-password-1', '198.51.100.7')).statusCode).toBe(401);
      }
      const r = await loginAs(fresh, 'ghost', 'Wrong-password-1', '198.51.100.7');
      expect(r.statusCode).toBe(429);
      expect(r.json().error.code).toBe('too_many_requests');
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect((await loginAs(fresh, 'ghost', 'Wrong-password-1', '198.51.100.8')).statusCode).toBe(401);
    } finally {
      await fresh.close();
    }
  });

  it('refuses a state-changing request without or with a wrong CSRF token (403) and changes nothing', async () => {
    const admin = await createUser(getDb(), { role: 'admin' });
    const target = await createUser(getDb(), { role: 'leader' });
    const s = await login(app, admin.username, admin.password);
    for (const headers of [{ cookie: s.cookie }, { cookie: s.cookie, 'x-csrf-token': 'wrong' }, { cookie: s.cookie, 'x-csrf-token': '' }]) {
      const r = await app.inject({ method: 'PATCH', url: `/api/users/${target.id}`, headers, payload: { displayName: 'hacked' } });
      expect(r.statusCode).toBe(403);
      expect(r.json().error.code).toBe('csrf_failed');
    }
    const post = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: s.cookie },
      payload: { username: 'csrf-victim', role: 'leader' },
    });
    expect(post.statusCode).toBe(403);
    const logout = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect(logout.statusCode).toBe(403);
    const row = await getDb().kysely.selectFrom('users').select('display_name').where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(row.display_name).toBe(target.username);
    expect(await getDb().kysely.selectFrom('users').select('id').where('username', '=', 'csrf-victim').executeTakeFirst()).toBeUndefined();
    // The session itself is still valid: the same request with the token succeeds.
    const ok = await app.inject({ method: 'PATCH', url: `/api/users/${target.id}`, headers: s.headers, payload: { displayName: 'ok' } });
    expect(ok.statusCode).toBe(200);
  });

  it('changes the own password under the rules; other sessions end', async () => {
    const u = await createUser(getDb(), { role: 'viewer' });
    const s1 = await login(app, u.username, u.password);
    const s2 = await login(app, u.username, u.password);
    const change = (payload: object) => app.inject({ method: 'POST', url: '/api/auth/password', headers: s1.headers, payload });

    const wrongOld = await change({ oldPassword: 'Not-the-password-1', newPassword: 'Brand-new-pass-99' });
    expect(wrongOld.statusCode).toBe(400);
    expect(wrongOld.json().error.fields).toEqual([{ field: 'oldPassword', reason: expect.any(String) }]);

    for (const bad of ['short1!A', 'alllowercaseonl', u.username]) {
      const r = await change({ oldPassword: u.password, newPassword: bad });
      expect(r.statusCode).toBe(400);
      expect(r.json().error.fields[0].field).toBe('newPassword');
    }

    expect((await change({ oldPassword: u.password, newPassword: 'Brand-new-pass-99' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: s1.headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: s2.headers })).statusCode).toBe(401);
    expect((await loginAs(app, u.username, u.password)).statusCode).toBe(401);
    expect((await loginAs(app, u.username, 'Brand-new-pass-99')).statusCode).toBe(200);
  });

  it('refuses anonymous password changes with 401', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/auth/password', payload: { oldPassword: 'a', newPassword: 'b' } });
    expect(r.statusCode).toBe(401);
  });

  it('validates the login body: malformed JSON, wrong types, over-long and huge bodies', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('bad_request');
    const types = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 5, password: [] } });
    expect(types.statusCode).toBe(400);
    expect(new Set(types.json().error.fields.map((f: { field: string }) => f.field))).toEqual(new Set(['body.password', 'body.username']));
    const long = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a'.repeat(65), password: 'x' } });
    expect(long.statusCode).toBe(400);
    const huge = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'a', password: 'x'.repeat(10 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
  });

  it("does not let SQL in the username reach the database as SQL", async () => {
    const r = await loginAs(app, "admin' or '1'='1", "x' or '1'='1");
    expect(r.statusCode).toBe(401);
  });
});
