/**
 * The first line of authorisation, for every API route at once, before its input is parsed or
 * validated: a route not in the public list needs a session (401), and the read-only roles
 * (viewer, leader) make no state-changing request but to their own account and inbox (403).
 *
 * Route handlers and services still check role and unit/division scope for what they serve; this
 * gate makes sure that an anonymous or read-only caller learns nothing from a route — not which
 * ids exist (404) and not what its input looks like (400) — and that a route added without a
 * check is still closed. The lists below are the whole public surface of the API.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../platform/errors.ts';

/** Routes anyone may call (method and route pattern). */
const PUBLIC: RegExp[] = [
  /^GET \/api\/health$/,
  /^GET \/api\/openapi\.json$/,
  /^GET \/api\/docs(\/|$)/,
  /^GET \/api\/public(\/|$)/, // the open-data portal: what the office published
  /^GET \/api\/divisions(\/|$)/, // GB/T 2260 reference data
  /^GET \/api\/maps(\/|$)/, // division boundaries, reference data
  /^GET \/api\/clock$/, // the installation's declared today (the demo banner on the sign-in page)
  /^POST \/api\/auth\/login$/,
  /^POST \/api\/auth\/logout$/,
  /^GET \/api\/auth\/me$/,
];

/** The writes a read-only role may make: its own password and session, its inbox. */
const OWN_ACCOUNT: RegExp[] = [/^POST \/api\/auth\/(password|logout)$/, /^POST \/api\/inbox\/:[^/]+\/read$/];

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const READ_ONLY_ROLES = new Set(['viewer', 'leader']);

export const isPublicRoute = (method: string, route: string): boolean => PUBLIC.some((r) => r.test(`${method} ${route}`));

export function registerAccessGate(app: FastifyInstance): void {
  app.addHook('preParsing', async (req, _reply, payload) => {
    const route = req.routeOptions.url;
    // Unknown paths fall through to the 404 handler; the web app and static files are not the API.
    if (!route || !route.startsWith('/api/')) return payload;
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (isPublicRoute(method, route)) return payload;
    if (!req.user) throw new AppError('unauthenticated', '请先登录 / sign in first');
    if (STATE_CHANGING.has(method) && READ_ONLY_ROLES.has(req.user.role) && !OWN_ACCOUNT.some((r) => r.test(`${method} ${route}`))) {
      throw new AppError('forbidden', `角色 ${req.user.role} 只能查看 / the ${req.user.role} role reads and does not change data`);
    }
    return payload;
  });
}
