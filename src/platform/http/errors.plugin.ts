import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import { validationProblems } from './body-limits.ts';

/**
 * Maps every failure to `{ error: { code, message, fields? } }`. Client mistakes are 4xx naming the
 * field and the reason; anything unexpected is a 500 whose details stay in the log, never in the
 * response.
 */
const DB_RETRY_AFTER_SECONDS = 5;

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validationContext?: string }, req, reply) => {
    const send = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
      reply.status(status).send({ error: { code, message, ...extra } });

    if (isDatabaseUnavailable(err)) {
      // A restarting server or a cut connection is not a bug: the client retries shortly.
      req.log.warn({ err: { message: err.message, code: err.code } }, 'database unavailable');
      reply.header('retry-after', String(DB_RETRY_AFTER_SECONDS));
      return send(503, 'service_unavailable', '数据库暂时不可用，请稍后重试 / the database is unavailable right now, retry shortly', {
        retryAfterSeconds: DB_RETRY_AFTER_SECONDS,
      });
    }
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ err }, 'application error');
      if (err.code === 'too_many_requests' && typeof err.details.retryAfterSeconds === 'number') {
        reply.header('retry-after', String(err.details.retryAfterSeconds));
      }
      return send(err.status, err.code, err.message, err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      // Listed problems are capped (a 200,000-item body can have as many): the reply stays small.
      const fields: FieldProblem[] = err.validation.slice(0, 100).map((v) => {
        const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        return { field: path ? `${where}.${path}` : where, reason: v.message ?? 'invalid' };
      });
      const capped = validationProblems(fields, err.validation.length);
      return send(400, 'validation_failed', capped.message, capped.details);
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(400, 'bad_request', 'the request body is not valid JSON', { fields: [{ field: 'body', reason: 'malformed JSON' }] });
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_REQ_FILE_TOO_LARGE':
        return send(413, 'payload_too_large', 'the request body is too large', { fields: [{ field: 'body', reason: 'too large' }] });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(415, 'unsupported_media_type', `unsupported content type ${req.headers['content-type'] ?? '(none)'}`);
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return send(415, 'unsupported_media_type', 'expected a multipart/form-data upload');
    }
    // PostgreSQL constraint violations that a service did not anticipate are still client errors.
    const pgCode = (err as unknown as { code?: string }).code;
    if (pgCode === '23505') return send(409, 'duplicate', 'a record with the same key already exists');
    if (pgCode === '23503') return send(422, 'unprocessable', 'a referenced record does not exist');
    if (pgCode === '23514' || pgCode === '22001' || pgCode === '22P02') return send(400, 'validation_failed', 'a value is out of range or malformed');
    // Invalid text (a NUL the input guard did not see, e.g. inside an uploaded file) or an
    // out-of-range number/date reaching SQL.
    if (pgCode === '22021' || pgCode === '22003' || pgCode === '22007' || pgCode === '22008') {
      return send(400, 'validation_failed', 'a value is out of range or not valid text');
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return send(err.statusCode, 'bad_request', err.message);
    }
    req.log.error({ err }, 'unhandled error');
    return send(500, 'internal', 'internal error', { requestId: req.id });
  });
}

/**
 * The one not-found handler (Fastify allows one per prefix): the web app's shell for client-side
 * routes when the web app is served, a JSON 404 for everything else.
 */
export function registerNotFound(app: FastifyInstance, serveWebShell: boolean): void {
  app.setNotFoundHandler((req, reply) => {
    if (serveWebShell && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html', { maxAge: 0 });
    return reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });
}
