/**
 * The error catalogue. Domain code throws AppError with a stable machine code; the HTTP layer maps
 * it to its status and the CLI to exit code 1. Anything else that escapes is a bug: a 500 whose
 * message is hidden from the client.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  password_change_required: 403,
  not_found: 404,
  conflict: 409,
  duplicate: 409,
  locked: 423,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  too_many_requests: 429,
  internal: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldProblem {
  /** Dotted path of the offending field ("body.name", "row 3.code"). */
  field: string;
  reason: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { fields?: FieldProblem[]; [k: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string, id: unknown) => new AppError('not_found', `${what} ${String(id)} not found`);
export const forbidden = (why = 'not allowed') => new AppError('forbidden', why);
export const invalid = (field: string, reason: string) =>
  new AppError('validation_failed', `${field}: ${reason}`, { fields: [{ field, reason }] });
