import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import { AppError, type FieldProblem } from '../errors.ts';

/**
 * Request body limits, sized to what real requests carry. A body is read whole and parsed on the
 * one event loop, so every extra megabyte is time every other user waits.
 */
export const BODY_LIMITS = {
  /** any JSON body without its own limit (forms, plans, users: a few kilobytes) */
  json: 1024 * 1024,
  /** a form definition: up to 20,000 unit × division assignments (~50 bytes each) */
  form: 2 * 1024 * 1024,
  /**
   * a draft save: the web form sends only the cells changed since the last save; 2 MB holds
   * ~25,000 cells with short comments (a pasted column of every village of a province is ~5,000),
   * more than a person edits between two autosaves. Whole tables go through the Excel upload
   * (multipart, LUOSHI_UPLOAD_MAX_MB) or /values.
   */
  draft: 2 * 1024 * 1024,
  /** values pushed by a system (JSON or CSV): the largest real form, 118,136 cells, is ~4.5 MB of CSV */
  bulkValues: 8 * 1024 * 1024,
} as const;

/** Bodies above this size are read only for a user whose role may write data. */
export const SMALL_BODY = 64 * 1024;

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Roles that read and never write data (their few writes — password, inbox — are tiny). */
const READ_ONLY_ROLES = new Set(['viewer', 'leader']);

function declaredLength(req: FastifyRequest): number {
  const len = req.headers['content-length'];
  // Chunked bodies announce no length: treat them as large until someone may send one.
  if (len === undefined) return req.headers['transfer-encoding'] ? Infinity : 0;
  const n = Number(len);
  return Number.isFinite(n) ? n : Infinity;
}

/**
 * Authorises before the body is read: a large body (over SMALL_BODY) on a state-changing API call
 * needs a session (401) whose role may write (403). Runs after the session hook (onRequest) and
 * before any content-type parser, multipart included, so the refusal costs no parsing.
 */
export function registerBodyGate(app: FastifyInstance): void {
  app.addHook('preParsing', async (req, reply, payload) => {
    if (!STATE_CHANGING.has(req.method) || !req.url.startsWith('/api/')) return payload;
    if (declaredLength(req) <= SMALL_BODY) return payload;
    // A refused body is not read to its end either: the connection closes after the answer.
    const refuse = (e: AppError) => {
      reply.header('connection', 'close');
      return e;
    };
    if (!req.user) {
      if (req.url.split('?')[0] === '/api/auth/login') throw refuse(new AppError('payload_too_large', 'the request body is too large', { fields: [{ field: 'body', reason: 'too large' }] }));
      throw refuse(new AppError('unauthenticated', '请先登录 / sign in first'));
    }
    if (READ_ONLY_ROLES.has(req.user.role)) throw refuse(new AppError('forbidden', `角色 ${req.user.role} 只能查看 / the ${req.user.role} role reads and does not send data`));
    return payload;
  });
}

/** How many problems a validation answer lists; `total` says how many there were. */
export const MAX_LISTED_PROBLEMS = 100;
/** Below this many items the route schema alone validates (fast enough, capped by the error handler). */
const SLICE = 2000;
const YIELD_AFTER_MS = 8;

/**
 * A preValidation hook for a body array that may hold 100,000+ items (`values` of a draft):
 * checks the items a few milliseconds at a time, yielding to the event loop in between, and answers 400 with the
 * first MAX_LISTED_PROBLEMS problems and the total. Zod would otherwise build an issue object for
 * every bad item in one synchronous run (200,000 bad items: seconds of a blocked server and a
 * reply of tens of megabytes). When every item is valid the route schema still validates the body.
 */
export function checkLargeArray(field: string, item: ZodType, minItems = SLICE) {
  return async (req: FastifyRequest): Promise<void> => {
    const body = req.body as Record<string, unknown> | null;
    const list = body && typeof body === 'object' ? body[field] : undefined;
    if (!Array.isArray(list) || list.length < minItems) return;
    const fields: FieldProblem[] = [];
    let total = 0;
    let since = performance.now();
    for (let i = 0; i < list.length; i++) {
      // Yield every few milliseconds so other requests are answered while a big body is checked.
      if (i % 64 === 0 && performance.now() - since > YIELD_AFTER_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        since = performance.now();
      }
      const r = item.safeParse(list[i]);
      if (r.success) continue;
      for (const issue of r.error.issues) {
        total++;
        if (fields.length < MAX_LISTED_PROBLEMS) fields.push({ field: ['body', field, i, ...issue.path].join('.'), reason: issue.message });
      }
    }
    if (total > 0) throw validationProblems(fields, total);
  };
}

/** A 400 listing at most MAX_LISTED_PROBLEMS problems, the message naming the first few. */
export function validationProblems(all: FieldProblem[], total = all.length): AppError {
  const fields = all.slice(0, MAX_LISTED_PROBLEMS);
  const head = fields.slice(0, 5).map((f) => `${f.field}: ${f.reason}`).join('; ');
  const message = total > 5 ? `${total} problems; first: ${head}` : head;
  return new AppError('validation_failed', message, { fields, total, ...(total > fields.length ? { truncated: true } : {}) });
}
