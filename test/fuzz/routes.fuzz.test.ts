import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../app.ts';
import { describeEachEngine } from '../db.ts';
import { EXAMPLE_PLANS, readExamplePlan } from '../../src/demo/example-plans.ts';
import { loadDivisions } from '../../src/divisions/division.loader.ts';
import { SYSTEM } from '../../src/platform/audit.ts';
import { activatePlan, getPlan, importPlanText } from '../../src/plans/plan.service.ts';

/**
 * Malformed requests over every route of the OpenAPI document — wrong types, huge, empty and
 * exotic strings, NUL, missing fields, bad ids, bodies that are not objects or not JSON — as an
 * administrator, a viewer and anonymously. However wrong the request, the answer is a 4xx (or a
 * 2xx): never a 5xx. The generator is seeded, so a failure prints a request that reproduces.
 */
const REQUESTS = 10_000;
const SEED = Number(process.env.LUOSHI_FUZZ_SEED ?? 20261202);

// Routes whose success would end the fuzzing sessions or start long background work.
const SKIP = new Set(['POST /api/auth/logout', 'POST /api/auth/password', 'POST /api/divisions/loads']);

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] };
}
type Rng = ReturnType<typeof prng>;

const EVIL_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  'x'.repeat(5000),
  '中'.repeat(300),
  '😀👨‍👩‍👧‍👦',
  '\u202eevil',
  '\ud800',
  "'; drop table users; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  'null',
  'NaN',
  '-1',
  '1e309',
  '2015-13-45',
  '2014Q5',
  '9999-12-31',
  'true',
  '{}',
];
const EVIL_VALUES: unknown[] = [null, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, true, false, [], {}, [null], { a: { b: { c: [] } } }, ...EVIL_STRINGS];
const BAD_IDS = ['0', '1', '2', '-1', '999999999999', '9223372036854775808', '1e3', '1.5', 'abc', '%00', '%E4%B8%AD', '..%2F..', '1%20OR%201%3D1', 'x'.repeat(600), '63', '6322', '11', 'plan', 'indicator', 'index', 'FBB_HH_PEN', '%20'];

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  minLength?: number;
  minimum?: number;
}

/** A value of roughly the right shape (so a request can get past the first check), randomly off. */
function plausible(s: Schema | undefined, r: Rng, depth = 0): unknown {
  if (!s || depth > 4) return r.pick(EVIL_VALUES);
  if (s.enum) return r.pick(s.enum);
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return plausible(r.pick(alt), r, depth + 1);
  const type = Array.isArray(s.type) ? r.pick(s.type) : s.type;
  switch (type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, p] of Object.entries(s.properties ?? {})) if (s.required?.includes(k) || r.next() < 0.5) o[k] = plausible(p, r, depth + 1);
      return o;
    }
    case 'array':
      return Array.from({ length: r.int(3) }, () => plausible(s.items, r, depth + 1));
    case 'string':
      return r.next() < 0.5 ? 'a'.repeat(Math.max(1, s.minLength ?? 1)) : r.pick(['63', '6322', '2014-06-30', '2014Q2', 'admin', 'Pass-word-1234', 'department']);
    case 'integer':
    case 'number':
      return r.pick([1, 2, s.minimum ?? 0, 2014, 201406]);
    case 'boolean':
      return r.next() < 0.5;
    case 'null':
      return null;
    default:
      return r.pick(EVIL_VALUES);
  }
}

/** A body that is wrong in one of several ways. */
function malformedBody(s: Schema | undefined, r: Rng): { payload?: unknown; raw?: string; contentType?: string } {
  const base = plausible(s, r);
  switch (r.int(7)) {
    case 0: {
      // every property the wrong type
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(s?.properties ?? { x: 1 })) o[k] = r.pick(EVIL_VALUES);
      return { payload: o };
    }
    case 1: {
      // a required field missing
      const o = { ...(typeof base === 'object' && base && !Array.isArray(base) ? base : {}) } as Record<string, unknown>;
      const req = s?.required ?? [];
      if (req.length) delete o[r.pick(req)];
      return { payload: o };
    }
    case 2: {
      // every string evil (NUL, huge, unicode, lone surrogate …)
      const o = { ...(typeof base === 'object' && base && !Array.isArray(base) ? base : {}) } as Record<string, unknown>;
      for (const k of Object.keys(o)) if (typeof o[k] === 'string' || r.next() < 0.3) o[k] = r.pick(EVIL_STRINGS);
      return { payload: o };
    }
    case 3:
      return { payload: r.pick([[], [1, 2], 'text', 42, null, true, [{}]]) };
    case 4:
      return { raw: r.pick(['{', '{"a":', 'nul', '[1,2', '\u0000', '{"a":1}{"b":2}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', JSON.stringify({ deep: JSON.parse('['.repeat(200) + ']'.repeat(200)) })]), contentType: 'application/json' };
    case 5:
      return { raw: r.pick(['a,b\n1,2', '<xml/>', '']), contentType: r.pick(['text/plain', 'application/xml', 'text/csv', 'application/x-www-form-urlencoded']) };
    default:
      // plausible, with one field bent
      if (typeof base === 'object' && base && !Array.isArray(base)) {
        const keys = Object.keys(base);
        if (keys.length) (base as Record<string, unknown>)[r.pick(keys)] = r.pick(EVIL_VALUES);
      }
      return { payload: base };
  }
}

interface Operation {
  method: string;
  path: string;
  query: { name: string; schema?: Schema }[];
  body?: Schema;
}

async function operations(app: FastifyInstance): Promise<Operation[]> {
  const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema?: Schema }[]; requestBody?: { content: Record<string, { schema?: Schema }> } }>>;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      const method = m.toUpperCase();
      if (SKIP.has(`${method} ${path}`)) continue;
      ops.push({
        method,
        path,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        body: op.requestBody?.content['application/json']?.schema,
      });
    }
  }
  return ops;
}

function request(op: Operation, r: Rng, headers: Record<string, string>): InjectOptions {
  const path = op.path.replace(/\{[^}]+\}/g, () => r.pick(BAD_IDS));
  const q = new URLSearchParams();
  for (const p of op.query) {
    if (r.next() < 0.3) continue;
    const v = r.next() < 0.4 ? plausible(p.schema, r) : r.pick(EVIL_STRINGS);
    q.append(p.name, typeof v === 'string' ? v : JSON.stringify(v));
    if (r.next() < 0.1) q.append(p.name, r.pick(EVIL_STRINGS)); // repeated: an array where one value is expected
  }
  if (r.next() < 0.1) q.append(r.pick(['__proto__', 'constructor', 'x', 'limit']), r.pick(EVIL_STRINGS));
  const qs = q.toString();
  const opts: InjectOptions = { method: op.method as InjectOptions['method'], url: qs ? `${path}?${qs}` : path, headers: { ...headers } };
  if (op.method !== 'GET' && op.method !== 'DELETE') {
    const b = malformedBody(op.body, r);
    if (b.raw !== undefined) {
      opts.payload = b.raw;
      opts.headers = { ...opts.headers, 'content-type': b.contentType ?? 'application/json' };
    } else {
      opts.payload = b.payload as InjectOptions['payload'];
      if (typeof b.payload !== 'object' || b.payload === null) {
        opts.payload = JSON.stringify(b.payload);
        opts.headers = { ...opts.headers, 'content-type': 'application/json' };
      }
    }
  }
  return opts;
}

describeEachEngine('fuzzing every route with malformed requests', (getDb, engine) => {
  let app: FastifyInstance;
  const who: Record<string, Record<string, string>> = { anonymous: {} };
  beforeAll(async () => {
    const db = getDb();
    // Real records behind the small ids the fuzzer tries (1, 2, 63, 6322): one province's divisions
    // and an activated example plan with its items, units and reporting duties.
    await loadDivisions(db, { provinces: ['63'] });
    const p = EXAMPLE_PLANS.find((x) => x.divisionCode === '6322') ?? EXAMPLE_PLANS[0];
    const { plan } = await importPlanText(db, SYSTEM, { text: readExamplePlan(p.file), filename: p.file, format: 'txt', divisionCode: p.divisionCode });
    await activatePlan(db, SYSTEM, plan.id, (await getPlan(db, plan.id)).version);
    app = await buildTestApp(db);
    // Users 1 and 2 are decoys: the fuzzer's own accounts must not be the ones its PATCH
    // /api/users/1 deactivates, or the rest of the run would be anonymous.
    for (const role of ['admin', 'reporter', 'viewer'] as const) await createUser(db, { role });
    const admin = await createUser(db, { role: 'admin' });
    const viewer = await createUser(db, { role: 'viewer' });
    who.admin = (await login(app, admin.username, admin.password)).headers;
    who.viewer = (await login(app, viewer.username, viewer.password)).headers;
  });
  afterAll(async () => {
    await app?.close();
  });

  it(`answers ${REQUESTS} malformed requests over every route without a single 5xx`, async () => {
    const ops = await operations(app);
    expect(ops.length).toBeGreaterThan(100);
    const r = prng(SEED);
    const failures: string[] = [];
    const seen = new Map<number, number>();
    for (let i = 0; i < REQUESTS; i++) {
      const op = ops[i % ops.length];
      const role = r.pick(['admin', 'admin', 'viewer', 'anonymous']);
      const req = request(op, r, who[role]);
      const res = await app.inject(req);
      seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500) {
        failures.push(`#${i} ${role} ${req.method} ${String(req.url).slice(0, 200)} ${JSON.stringify(req.payload ?? null).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    console.info(`fuzz [${engine}]: ${REQUESTS} requests over ${ops.length} operations, seed ${SEED}; statuses ${JSON.stringify(Object.fromEntries([...seen].sort((a, b) => a[0] - b[0])))}`);
    // The run must have reached handlers, not only the validators.
    expect([...seen.keys()].some((s) => s === 404)).toBe(true);
    expect([...seen.keys()].some((s) => s === 400)).toBe(true);
    expect(failures.slice(0, 30)).toEqual([]);
    // The run kept its roles to the end (nothing it sent ended its own sessions).
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: who.admin })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: who.viewer })).statusCode).toBe(200);
  }, 600_000);
});
