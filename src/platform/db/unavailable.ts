/**
 * Whether an error means "the database cannot be reached right now" (server restarting, connection
 * refused or cut, pool closed) rather than "this statement is wrong". The HTTP layer answers the
 * first kind with 503 and Retry-After: the client should simply try again shortly.
 */
const CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown (pg_terminate_backend, fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovery)
  '08000',
  '08001',
  '08003',
  '08004',
  '08006', // connection_exception family
  '53300', // too_many_connections
]);

const MESSAGES =
  /Connection terminated|connection error and is not queryable|Cannot use a pool after calling end|timeout exceeded when trying to connect|Connection ended|PGlite is closed|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|Client was closed and is not queryable|driver has already been destroyed/i;

export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 3) return false;
  const err = e as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof err.code === 'string' && CODES.has(err.code)) return true;
  if (typeof err.message === 'string' && MESSAGES.test(err.message)) return true;
  // ECONNREFUSED on a host with several addresses arrives as an AggregateError.
  if (Array.isArray(err.errors) && err.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(err.cause, depth + 1);
}
