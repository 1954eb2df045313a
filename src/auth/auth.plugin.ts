import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../platform/audit.ts';
import { AppError } from '../platform/errors.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { csrfMatches, loadSession, SESSION_COOKIE } from './session.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The CSRF token of the current session (null when anonymous). */
    csrfToken: string | null;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Login is the one state-changing call made before a session (and so a CSRF token) exists. */
const csrfExempt = (req: FastifyRequest, path: string) => req.method === 'POST' && path === '/api/auth/login';

/**
 * What a user who must change the password may still do: see who it is, change the password, sign
 * out (or in again). Public and health endpoints need no session at all.
 */
const allowedBeforePasswordChange = (method: string, path: string) =>
  (method === 'GET' && path === '/api/auth/me') ||
  (method === 'POST' && ['/api/auth/password', '/api/auth/logout', '/api/auth/login'].includes(path)) ||
  path === '/api/health' ||
  path.startsWith('/api/public/');

/**
 * Loads the session of every request (cookie → user) and enforces CSRF on state-changing API
 * requests that ride on a session. Anonymous requests carry no ambient credentials, so they need
 * no CSRF token; the route guards answer them with 401 where a user is required.
 */
const plugin: FastifyPluginAsync<AppDeps> = async (app, { db, config }) => {
  app.decorateRequest('user', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('actor', function (this: FastifyRequest): Actor {
    return { id: this.user?.id ?? null, name: this.user?.username ?? 'anonymous', requestId: this.id, ip: this.ip };
  });

  app.addHook('onRequest', async (req) => {
    const path = req.url.split('?')[0];
    if (!path.startsWith('/api/')) return;
    const session = await loadSession(db, config, req.cookies[SESSION_COOKIE]);
    if (!session) return;
    req.user = session.user;
    req.sessionId = session.id;
    req.csrfToken = session.csrfToken;
    if (STATE_CHANGING.has(req.method) && !csrfExempt(req, path) && !csrfMatches(session.csrfToken, req.headers['x-csrf-token'])) {
      throw new AppError('csrf_failed', 'CSRF 校验失败，请刷新页面 / missing or wrong x-csrf-token header');
    }
    // Enforced here, not only by the web app: a temporary password (set by an administrator or the
    // demo) must not be usable for anything but replacing it.
    if (session.user.mustChangePassword && !allowedBeforePasswordChange(req.method, path)) {
      throw new AppError('password_change_required', '请先修改初始密码 / change your password first (POST /api/auth/password)');
    }
  });
};

export const authPlugin = fp(plugin, { name: 'luoshi-auth' });
