import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../platform/http/context.ts';
import { login, logout } from './auth.service.ts';
import { LoginThrottle, UnknownAccountLockout } from './login-throttle.ts';
import { abilities, requireUser } from './policy.ts';
import { clearSessionCookie, setSessionCookie } from './session.service.ts';
import { changeOwnPassword, getUser } from './users.service.ts';
import { passwordSchema, presentUser, userOut } from './users.schemas.ts';

const abilitiesOut = z.object({
  manageUsers: z.boolean(),
  manageUnits: z.boolean(),
  managePlans: z.boolean(),
  viewAudit: z.boolean(),
  report: z.boolean(),
  readAll: z.boolean(),
  readDivisionCode: z.string().nullable(),
  reportUnitId: z.number().nullable(),
});

export const authRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db, config }) => {
  const app = app0.withTypeProvider<ZodTypeProvider>();
  // Throttles per application instance (tests build many apps; each starts clean). Per IP slows
  // guessing across many names; per account slows many addresses guessing one name (the lock-out
  // stops it after LUOSHI_LOGIN_MAX_FAILURES wrong passwords, the throttle also bounds correct-name
  // probing and argon2 work).
  const perIp = new LoginThrottle(20, 60_000);
  const perAccount = new LoginThrottle(10, 60_000);
  const passwordChanges = new LoginThrottle(5, 60_000, Date.now, ['修改密码', 'password changes']);
  const unknown = new UnknownAccountLockout(config.LUOSHI_LOGIN_MAX_FAILURES, config.LUOSHI_LOCKOUT_MINUTES * 60_000);

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in: sets the session cookie and returns the CSRF token for later writes',
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
        response: { 200: z.object({ user: userOut, csrfToken: z.string() }) },
      },
    },
    async (req, reply) => {
      perIp.hit(`ip:${req.ip}`);
      perAccount.hit(`user:${req.body.username.trim().toLowerCase()}`);
      const r = await login(
        db,
        config,
        { ip: req.ip, requestId: req.id, userAgent: req.headers['user-agent'] },
        req.body.username,
        req.body.password,
        unknown,
      );
      setSessionCookie(reply, config, r.token);
      return { user: presentUser(r.user), csrfToken: r.csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: { tags: ['auth'], summary: 'Sign out: ends the session', response: { 200: z.object({ ok: z.literal(true) }) } },
    },
    async (req, reply) => {
      if (req.user && req.sessionId) await logout(db, req.actor(), req.sessionId, req.user.id);
      clearSessionCookie(reply, config);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, its CSRF token and what it may do',
        response: { 200: z.object({ user: userOut, csrfToken: z.string(), abilities: abilitiesOut }) },
      },
    },
    async (req) => {
      const me = requireUser(req);
      const user = await getUser(db, me.id);
      return { user: presentUser(user), csrfToken: req.csrfToken!, abilities: abilities(me) };
    },
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change the own password (other sessions of the user end)',
        body: z.object({ oldPassword: passwordSchema, newPassword: passwordSchema }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
      preValidation: async (req) => {
        requireUser(req);
      },
    },
    async (req) => {
      const me = requireUser(req);
      passwordChanges.hit(`user:${me.id}`);
      await changeOwnPassword(db, req.actor(), me.id, req.sessionId, req.body.oldPassword, req.body.newPassword, {
        maxFailures: config.LUOSHI_LOGIN_MAX_FAILURES,
        minutes: config.LUOSHI_LOCKOUT_MINUTES,
      });
      return { ok: true as const };
    },
  );
};
