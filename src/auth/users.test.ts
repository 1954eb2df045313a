import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';

type Session = Awaited<ReturnType<typeof login>>;

describeEachEngine('users and audit API', (getDb) => {
  let app: FastifyInstance;
  let admin: Session;
  let adminId: number;
  let unitId: number;
  beforeAll(async () => {
    app = await buildTestApp(getDb());
    const a = await createUser(getDb(), { role: 'admin' });
    adminId = a.id;
    admin = await login(app, a.username, a.password);
    const r = await createUser(getDb(), { role: 'reporter' }); // also creates division 11 and a unit
    unitId = (await getDb().kysely.selectFrom('users').select('unit_id').where('id', '=', r.id).executeTakeFirstOrThrow()).unit_id!;
  });
  afterAll(() => app.close());

  const as = (s: Session) => ({
    get: (url: string) => app.inject({ method: 'GET', url, headers: s.headers }),
    post: (url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: s.headers, payload: payload as object }),
    patch: (url: string, payload: unknown) => app.inject({ method: 'PATCH', url, headers: s.headers, payload: payload as object }),
  });

  describe('access', () => {
    it('refuses anonymous with 401 on every users and audit endpoint', async () => {
      for (const [method, url, payload] of [
        ['GET', '/api/users', undefined],
        ['POST', '/api/users', { username: 'anon-made', role: 'admin' }],
        ['GET', `/api/users/${adminId}`, undefined],
        ['PATCH', `/api/users/${adminId}`, { displayName: 'anon' }],
        ['GET', '/api/audit', undefined],
      ] as const) {
        const r = await app.inject({ method, url, payload });
        expect([url, r.statusCode, r.json().error.code]).toEqual([url, 401, 'unauthenticated']);
      }
      // The guard runs before validation: an invalid body still gets 401, not a schema lesson.
      const r = await app.inject({ method: 'POST', url: '/api/users', payload: { nonsense: true } });
      expect(r.statusCode).toBe(401);
    });

    it.each(['leader', 'viewer', 'reporter'] as const)('refuses a %s with 403', async (role) => {
      const u = await createUser(getDb(), { role });
      const s = as(await login(app, u.username, u.password));
      expect((await s.get('/api/users')).statusCode).toBe(403);
      expect((await s.get(`/api/users/${u.id}`)).statusCode).toBe(403);
      expect((await s.post('/api/users', { username: `made-by-${role}`, role: 'admin' })).statusCode).toBe(403);
      const selfPromote = await s.patch(`/api/users/${u.id}`, { role: 'admin' });
      expect(selfPromote.statusCode).toBe(403);
      expect(selfPromote.json().error.code).toBe('forbidden');
      expect((await s.get('/api/audit')).statusCode).toBe(403);
      const row = await getDb().kysely.selectFrom('users').select('role').where('id', '=', u.id).executeTakeFirstOrThrow();
      expect(row.role).toBe(role);
    });

    it('offers no route to change or delete audit rows, nor to delete users', async () => {
      for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
        expect((await app.inject({ method, url: '/api/audit/1', headers: admin.headers, payload: {} })).statusCode).toBe(404);
      }
      expect((await app.inject({ method: 'DELETE', url: `/api/users/${adminId}`, headers: admin.headers })).statusCode).toBe(404);
    });
  });

  describe('admin manages users', () => {
    it('creates a user with a generated password, shown once, that works', async () => {
      const r = await as(admin).post('/api/users', { username: 'gen-pass.user', role: 'leader', displayName: '王领导' });
      expect(r.statusCode).toBe(201);
      const { user, generatedPassword } = r.json();
      expect(user).toMatchObject({ username: 'gen-pass.user', displayName: '王领导', role: 'leader', active: true, mustChangePassword: true });
      expect(generatedPassword).toHaveLength(20);
      await login(app, 'gen-pass.user', generatedPassword);
      const again = await as(admin).get(`/api/users/${user.id}`);
      expect(again.json()).not.toHaveProperty('generatedPassword');
    });

    it('refuses a duplicate username with 409', async () => {
      await as(admin).post('/api/users', { username: 'dup-user', role: 'leader' });
      const r = await as(admin).post('/api/users', { username: 'dup-user', role: 'leader' });
      expect(r.statusCode).toBe(409);
    });

    it('validates role scope: reporter needs an existing unit, viewer an existing division', async () => {
      const cases: [object, string][] = [
        [{ username: 'rep-nounit', role: 'reporter' }, 'unitId'],
        [{ username: 'rep-badunit', role: 'reporter', unitId: 999999 }, 'unitId'],
        [{ username: 'view-nodiv', role: 'viewer' }, 'divisionCode'],
        [{ username: 'view-baddiv', role: 'viewer', divisionCode: '99' }, 'divisionCode'],
        [{ username: 'view-junk', role: 'viewer', divisionCode: '11; drop' }, 'body.divisionCode'],
        [{ username: 'Bad Name', role: 'leader' }, 'body.username'],
        [{ username: 'x-role', role: 'superuser' }, 'body.role'],
        [{ username: 'weak-pass', role: 'leader', password: 'abc' }, 'password'],
        [{ username: 'same-pass-xyz', role: 'leader', password: 'same-pass-xyz' }, 'password'],
      ];
      for (const [body, field] of cases) {
        const r = await as(admin).post('/api/users', body);
        expect([body, r.statusCode]).toEqual([body, 400]);
        expect(r.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
      const ok = await as(admin).post('/api/users', { username: 'rep-ok', role: 'reporter', unitId, password: 'Reporter-pass-1' });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().user).toMatchObject({ unitId, divisionCode: null });
      const v = await as(admin).post('/api/users', { username: 'view-ok', role: 'viewer', divisionCode: '11' });
      expect(v.json().user).toMatchObject({ divisionCode: '11', unitId: null });
    });

    it('lists with paging and filters', async () => {
      for (let i = 0; i < 3; i++) await createUser(getDb(), { role: 'viewer' });
      const all = await as(admin).get('/api/users?role=viewer&pageSize=2&page=1');
      expect(all.statusCode).toBe(200);
      expect(all.json().items).toHaveLength(2);
      expect(all.json().total).toBeGreaterThanOrEqual(3);
      expect(all.json().items.every((u: { role: string }) => u.role === 'viewer')).toBe(true);
      const byUnit = await as(admin).get(`/api/users?unitId=${unitId}`);
      expect(byUnit.json().items.every((u: { unitId: number }) => u.unitId === unitId)).toBe(true);
      expect((await as(admin).get('/api/users?pageSize=1000')).statusCode).toBe(400);
      expect((await as(admin).get('/api/users?role=god')).statusCode).toBe(400);
    });

    it('changes role and scope, deactivates (sessions end) and reactivates', async () => {
      const u = await createUser(getDb(), { role: 'leader' });
      const s = await login(app, u.username, u.password);
      const toViewer = await as(admin).patch(`/api/users/${u.id}`, { role: 'viewer' });
      expect(toViewer.statusCode).toBe(400);
      expect(toViewer.json().error.fields[0].field).toBe('divisionCode');
      const ok = await as(admin).patch(`/api/users/${u.id}`, { role: 'viewer', divisionCode: '11' });
      expect(ok.json()).toMatchObject({ role: 'viewer', divisionCode: '11', version: 2 });
      // The role change applies to the live session at once.
      expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).json().user.role).toBe('viewer');

      const stale = await as(admin).patch(`/api/users/${u.id}`, { displayName: 'x', version: 1 });
      expect(stale.statusCode).toBe(409);

      expect((await as(admin).patch(`/api/users/${u.id}`, { active: false })).json().active).toBe(false);
      expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
      const refused = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: u.password } });
      expect(refused.statusCode).toBe(401);
      await as(admin).patch(`/api/users/${u.id}`, { active: true });
      await login(app, u.username, u.password);
    });

    it('resets a password (rules apply; old sessions end; must change)', async () => {
      const u = await createUser(getDb(), { role: 'leader' });
      const s = await login(app, u.username, u.password);
      const weak = await as(admin).patch(`/api/users/${u.id}`, { password: 'weak' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error.fields[0].field).toBe('password');
      const r = await as(admin).patch(`/api/users/${u.id}`, { password: 'Reset-by-admin-7' });
      expect(r.json().mustChangePassword).toBe(true);
      expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
      await login(app, u.username, 'Reset-by-admin-7');
    });

    it('keeps at least one active admin', async () => {
      const admins = await getDb().kysely.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', true).execute();
      const others = admins.map((a) => Number(a.id)).filter((id) => id !== adminId);
      const setActive = (ids: number[], active: boolean) =>
        ids.length ? getDb().kysely.updateTable('users').set({ active }).where('id', 'in', ids).execute() : undefined;
      // Leave the signed-in admin as the only active one, then try to demote or deactivate it.
      await setActive(others, false);
      try {
        expect((await as(admin).patch(`/api/users/${adminId}`, { role: 'leader' })).statusCode).toBe(409);
        expect((await as(admin).patch(`/api/users/${adminId}`, { active: false })).statusCode).toBe(409);
      } finally {
        await setActive(others, true);
      }
    });

    it('stores SQL meta-characters and HTML in display names verbatim', async () => {
      const nasty = `Robert'); DROP TABLE users;-- <script>alert("x")</script> & 张三 \\ %_`;
      const r = await as(admin).post('/api/users', { username: 'nasty-name', role: 'leader', displayName: nasty });
      expect(r.statusCode).toBe(201);
      expect(r.json().user.displayName).toBe(nasty);
      const list = await as(admin).get(`/api/users?q=${encodeURIComponent("'); DROP")}`);
      expect(list.json().items.map((u: { username: string }) => u.username)).toEqual(['nasty-name']);
      const pct = await as(admin).get(`/api/users?q=${encodeURIComponent('%_')}`);
      expect(pct.json().items.map((u: { username: string }) => u.username)).toEqual(['nasty-name']);
    });

    it('rejects malformed and oversized input', async () => {
      const bad = await app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        payload: '{"username": "x",',
      });
      expect(bad.statusCode).toBe(400);
      const types = await as(admin).post('/api/users', { username: ['a'], role: 1, unitId: 'one' });
      expect(types.statusCode).toBe(400);
      const long = await as(admin).post('/api/users', { username: 'long-name', role: 'leader', displayName: 'x'.repeat(101) });
      expect(long.statusCode).toBe(400);
      expect(long.json().error.fields[0].field).toBe('body.displayName');
      const unknown = await as(admin).patch(`/api/users/${adminId}`, { passwordHash: 'x' });
      expect(unknown.statusCode).toBe(400);
      const huge = await app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        payload: JSON.stringify({ username: 'huge', role: 'leader', displayName: 'x'.repeat(10 * 1024 * 1024) }),
      });
      expect(huge.statusCode).toBe(413);
      expect((await as(admin).get('/api/users/abc')).statusCode).toBe(400);
      expect((await as(admin).get('/api/users/999999')).statusCode).toBe(404);
    });
  });

  describe('audit log', () => {
    it('records user changes with before/after and never a password hash', async () => {
      const created = await as(admin).post('/api/users', { username: 'audited-user', role: 'leader', password: 'Audited-pass-1' });
      const id = created.json().user.id;
      await as(admin).patch(`/api/users/${id}`, { displayName: '审计 用户', password: 'Audited-pass-2' });
      const r = await as(admin).get(`/api/audit?entity=user&entityId=${id}`);
      expect(r.statusCode).toBe(200);
      const items = r.json().items;
      expect(items.map((a: { action: string }) => a.action)).toEqual(['password_reset', 'update', 'create']);
      const update = items[1];
      expect(update).toMatchObject({
        actorId: adminId,
        entity: 'user',
        entityId: String(id),
        before: { displayName: 'audited-user', mustChangePassword: true },
        after: { displayName: '审计 用户' },
      });
      expect(update.requestId).toBeTruthy();
      expect(items[2].after).toMatchObject({ username: 'audited-user', role: 'leader' });
      const everything = JSON.stringify(
        await getDb().kysely.selectFrom('audit_log').selectAll().execute(),
      );
      expect(everything).not.toMatch(/argon2|password_hash|passwordHash|Audited-pass/);
    });

    it('filters by actor, time and action and pages newest first', async () => {
      const from = new Date(Date.now() - 60_000).toISOString();
      const r = await as(admin).get(`/api/audit?actorId=${adminId}&from=${encodeURIComponent(from)}&pageSize=3`);
      expect(r.statusCode).toBe(200);
      const items = r.json().items;
      expect(items.length).toBeLessThanOrEqual(3);
      expect(items.every((a: { actorId: number }) => a.actorId === adminId)).toBe(true);
      const times = items.map((a: { at: string }) => a.at);
      expect([...times].sort().reverse()).toEqual(times);
      const future = await as(admin).get(`/api/audit?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`);
      expect(future.json().items).toEqual([]);
      const logins = await as(admin).get('/api/audit?action=login');
      expect(logins.json().items.length).toBeGreaterThan(0);
      expect((await as(admin).get('/api/audit?from=yesterday')).statusCode).toBe(400);
    });

    it('is append-only in the database itself', async () => {
      await expect(getDb().kysely.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    });
  });
});
