/**
 * The JSON API client: same-origin cookies, the CSRF token on state-changing requests, and errors
 * of the form `{ error: { code, message, fields? } }` turned into a typed ApiError.
 */
import { reasonText } from '../i18n/errors.ts';
import { currentLocale } from '../i18n/index.tsx';

export interface FieldProblem {
  field: string;
  reason: string;
  row?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly rows: FieldProblem[] = [],
    /** The whole error object as sent (e.g. a 409's `current` and `yours`, a 422's `issues`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any request (other than the session probe) answers 401. */
export function setUnauthenticatedHandler(fn: (() => void) | null): void {
  onUnauthenticated = fn;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

function asProblems(v: unknown): FieldProblem[] {
  if (Array.isArray(v)) {
    return v
      .filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
      .map((x) => ({
        field: String(x.field ?? ''),
        reason: String(x.reason ?? x.message ?? ''),
        ...(x.row !== undefined ? { row: Number(x.row) } : {}),
      }));
  }
  if (v && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>).map(([field, reason]) => ({ field, reason: String(reason) }));
  }
  return [];
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not call the global 401 handler (the session probe and login). */
  quiet401?: boolean;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', (e as Error).message);
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = (data as { error?: Record<string, unknown> } | null)?.error;
    const apiError = new ApiError(
      res.status,
      typeof err?.code === 'string' ? err.code : `http_${res.status}`,
      typeof err?.message === 'string' ? err.message : res.statusText,
      asProblems(err?.fields),
      asProblems(err?.rows),
      err ?? {},
    );
    if (res.status === 401 && !opts.quiet401) onUnauthenticated?.();
    throw apiError;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body: body ?? {} }),
  del: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { body: form }),
};

/**
 * Maps an API error's field problems to antd Form field errors: "body.name" → name,
 * "body.aliases.0" → aliases. Returns the entries that matched a known field.
 */
export function formFieldErrors<const K extends string>(err: unknown, known: readonly K[]): { name: K; errors: string[] }[] {
  if (!(err instanceof ApiError)) return [];
  const byField = new Map<K, string[]>();
  for (const f of err.fields) {
    const parts = f.field.split('.');
    const name = known.find((k) => parts.includes(k));
    if (!name) continue;
    byField.set(name, [...(byField.get(name) ?? []), reasonText(currentLocale(), f.reason)]);
  }
  return [...byField].map(([name, errors]) => ({ name, errors }));
}
