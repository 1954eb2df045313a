import type { FastifyInstance } from 'fastify';

/**
 * The content security policy of every response. Scripts only from our own origin (the Vite build
 * emits no inline script), so injected markup cannot run code even if some escaping is missed.
 * antd (CSS-in-JS) and ECharts set inline styles, hence 'unsafe-inline' for styles only. No page
 * may frame ours (clickjacking of the review and approval buttons).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(opts: { https: boolean }): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    // Only behind HTTPS: over plain HTTP the header is ignored anyway, and it would pin a
    // development host to HTTPS in the browser.
    ...(opts.https ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/** Sets the headers on every response, errors and static files included (set before routing). */
export function registerSecurityHeaders(app: FastifyInstance, opts: { https: boolean }): void {
  const headers = securityHeaders(opts);
  app.addHook('onRequest', async (_req, reply) => {
    reply.headers(headers);
  });
}
