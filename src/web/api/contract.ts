/**
 * Names for the generated API types (schema.d.ts, from the routes' zod schemas via
 * `npm run gen:api`). `Reply<'/api/plans/{id}'>` is what GET /api/plans/:id answers.
 */
import type { paths } from './schema';

export type { paths };
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type ApiPath = keyof paths;

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type SuccessOf<Rs> = Rs extends { 200: infer R } ? JsonOf<R> : Rs extends { 201: infer R } ? JsonOf<R> : never;

/** The JSON body of the success reply (200, else 201) of a method on a path. */
export type Reply<P extends ApiPath, M extends Method = 'get'> = paths[P] extends Record<M, infer Op> ? (Op extends { responses: infer Rs } ? SuccessOf<Rs> : never) : never;

/** The JSON request body of a method on a path. */
export type Body<P extends ApiPath, M extends Method> = paths[P] extends Record<M, infer Op>
  ? Op extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B
    : never
  : never;

/** The query parameters of a method on a path. */
export type QueryOf<P extends ApiPath, M extends Method = 'get'> = paths[P] extends Record<M, infer Op> ? (Op extends { parameters: { query?: infer Q } } ? Q : never) : never;

/** One element of a list reply's `items`. */
export type Item<T> = T extends { items: (infer I)[] } ? I : never;
