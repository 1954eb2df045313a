/**
 * `npm run bench load [-- --engine postgres|pglite --seconds 15 --connections 20]`
 *
 * HTTP load on a server holding the demo data (the first-run demo: divisions of 青海/湖南/广东,
 * the example plans, two years of reports, its declared today). For each endpoint, `--connections`
 * keep-alive connections send requests back to back for `--seconds`; the client runs in a worker
 * thread (its own event loop), the server in this one. Prints per endpoint
 * `load_<name>_req_per_s`, `_p50_ms`, `_p95_ms`, `_p99_ms`, `_errors`, and the machine's load
 * average at start and end (the machine may be shared).
 *
 * Endpoints: /api/health; /api/plans/:id/status of the 海北 plan (as a leader, default day:
 * today); /api/public/plans (anonymous); a draft save (PUT /api/reporting/submissions/:id/draft,
 * each connection its own reporter and report of 40 cells, like an autosaving editor).
 * Targets: plan status ≥ 200 req/s with p95 ≤ 100 ms; draft save p99 ≤ 200 ms.
 *
 * PostgreSQL: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/luoshi_bench_load (dropped
 * and created fresh). PGlite: a fresh data directory under the system's temp directory.
 */
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';

interface Conn {
  method: 'GET' | 'PUT';
  path: string;
  headers: Record<string, string>;
  /** draft saves: the report's cells and version */
  draft?: { version: number; values: { elementId: number; divisionCode: string; value: number }[] };
}

/** The load loop, run in a worker thread (plain JS: the worker has no TypeScript loader). */
const CLIENT_JS = `
const { parentPort, workerData: w } = require('node:worker_threads');
(async () => {
  const latencies = [];
  const errors = [];
  const end = performance.now() + w.seconds * 1000;
  await Promise.all(w.conns.map(async (c) => {
    let n = 0;
    while (performance.now() < end) {
      n++;
      const init = { method: c.method, headers: { ...c.headers } };
      if (c.draft) {
        init.headers['content-type'] = 'application/json';
        init.body = JSON.stringify({ version: c.draft.version, mode: 'merge', values: c.draft.values.map((v, k) => ({ ...v, value: v.value + ((n + k) % 7) })) });
      }
      const t0 = performance.now();
      try {
        const res = await fetch(w.url + c.path, init);
        const text = await res.text();
        latencies.push(performance.now() - t0);
        if (res.status !== 200) errors.push(res.status + ' ' + text.slice(0, 200));
        else if (c.draft) c.draft.version = JSON.parse(text).version;
      } catch (e) {
        latencies.push(performance.now() - t0);
        errors.push(String(e && e.message));
      }
    }
  }));
  parentPort.postMessage({ latencies, errors });
})();
`;

await main();

async function main() {
  const { values: args } = parseArgs({
    options: {
      engine: { type: 'string', default: 'postgres' },
      seconds: { type: 'string', default: '15' },
      connections: { type: 'string', default: '20' },
    },
  });
  if (args.engine !== 'postgres' && args.engine !== 'pglite') throw new Error(`--engine must be postgres or pglite, got ${args.engine}`);
  const seconds = Number(args.seconds);
  const connections = Number(args.connections);
  const { loadavg, cpus, tmpdir } = await import('node:os');
  const { mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { loadConfig } = await import('../src/platform/env.ts');
  const { openDatabase } = await import('../src/platform/db/database.ts');
  const { migrate } = await import('../src/platform/db/migrator.ts');
  const { buildApp } = await import('../src/app/app.ts');
  const { applyClockSetting } = await import('../src/platform/settings.repository.ts');
  const { buildDemo } = await import('../src/demo/first-run.ts');
  const { createUser } = await import('../src/auth/users.service.ts');
  const { createSession, SESSION_COOKIE } = await import('../src/auth/session.service.ts');
  const { createDataElement } = await import('../src/reporting/data-element.service.ts');
  const { createForm, formRows } = await import('../src/reporting/form.service.ts');
  const { openSubmission } = await import('../src/reporting/submission.service.ts');
  const { periodOf } = await import('../src/kernel/period.ts');
  const { today } = await import('../src/kernel/clock.ts');
  const { SYSTEM } = await import('../src/platform/audit.ts');

  const dir = mkdtempSync(join(tmpdir(), 'luoshi-bench-load-'));
  let databaseUrl: string | undefined;
  if (args.engine === 'postgres') {
    const pg = (await import('pg')).default;
    const url = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/luoshi_bench_load');
    const name = url.pathname.slice(1) || 'luoshi_bench_load';
    const adminUrl = new URL(url);
    adminUrl.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    await admin.end();
    databaseUrl = url.toString();
  }
  const config = loadConfig({ ...process.env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), LUOSHI_DATA_DIR: dir, LUOSHI_DEMO: 'off', LUOSHI_SCHEDULER: 'off', LUOSHI_LOG_LEVEL: 'silent' });
  const db = await openDatabase(databaseUrl ? { databaseUrl, poolSize: config.LUOSHI_DB_POOL } : { dataDir: join(dir, 'db') });
  await migrate(db);
  const t0 = performance.now();
  await buildDemo(db, () => {});
  await applyClockSetting(db.kysely);
  console.error(`setup: demo built in ${((performance.now() - t0) / 1000).toFixed(0)} s on ${args.engine}; today is ${today()}`);

  const app = await buildApp({ db, config, logger: false, serveWeb: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const password = 'Bench-password-42';
  // Sessions made directly (as a login makes them): the login throttle would stop 21 sign-ins a minute.
  const signIn = async (userId: number) => {
    const s = await createSession(db, config, userId);
    return { cookie: `${SESSION_COOKIE}=${s.token}`, 'x-csrf-token': s.csrfToken };
  };

  // The 海北 plan, read by a leader.
  const plan = await db.kysely.selectFrom('plans').select('id').where('division_code', '=', '6322').where('status', '=', 'active').orderBy('id').executeTakeFirstOrThrow();
  const leader = await signIn((await createUser(db, SYSTEM, { username: 'bench-leader', role: 'leader', password })).user.id);

  // Reporters for the draft saves: each its own unit and report of the current month (today of
  // the clock), 10 county-level elements × the 4 counties of 海北.
  const els = [];
  for (let i = 0; i < 10; i++) {
    els.push(await createDataElement(db, SYSTEM, { code: `bench_load_${i}`, name: `压测指标${i}`, valueType: 'integer', unit: '户', min: 0, periodType: 'M', temporal: 'stock', spatial: 'sum', divisionLevel: 3 } as never));
  }
  const units: number[] = [];
  for (let i = 0; i < connections; i++) {
    const u = await db.kysely.insertInto('units').values({ name: `压测填报单位${i}`, division_code: '6322', kind: 'department' }).returning('id').executeTakeFirstOrThrow();
    units.push(Number(u.id));
  }
  const period = periodOf('M', today()).code;
  const year = Number(period.slice(0, 4));
  const form = await createForm(db, SYSTEM, {
    code: 'BENCH-LOAD-M',
    name: '压测月报（负载）',
    periodType: 'M',
    dueRule: { kind: 'offset', days: 10 },
    graceDays: 15,
    startsOn: `${year - 1}-01-01`,
    endsOn: `${year + 1}-12-31`,
    elements: els.map((e) => ({ elementId: e.id, required: false })),
    assignments: units.map((u) => ({ unitId: u, divisionCode: '6322' })),
    rules: [],
  } as never);
  const drafts: Conn[] = [];
  for (let i = 0; i < units.length; i++) {
    const created = await createUser(db, SYSTEM, { username: `bench-load-reporter-${i}`, role: 'reporter', unitId: units[i], password });
    const headers = await signIn(created.user.id);
    const sub = await openSubmission(db, SYSTEM, { id: created.user.id, role: 'reporter', unitId: units[i], divisionCode: null }, { formId: form.id, unitId: units[i], period });
    const rows = await formRows(db.kysely, form.id, units[i]);
    drafts.push({
      method: 'PUT',
      path: `/api/reporting/submissions/${sub.id}/draft`,
      headers,
      draft: { version: sub.version, values: rows.map((r, j) => ({ elementId: r.elementId, divisionCode: r.divisionCode, value: 1000 + j })) },
    });
  }

  const statusPath = `/api/plans/${plan.id}/status`;
  // One cold status (nothing cached) for reference: the computation the cache saves.
  const tc = performance.now();
  const cold = await fetch(`${base}${statusPath}?asOf=${today()}`, { headers: leader });
  if (cold.status !== 200) throw new Error(`status: ${cold.status} ${await cold.text()}`);
  const coldMs = performance.now() - tc;
  const statusBytes = (await cold.text()).length;

  const same = (c: Conn) => Array.from({ length: connections }, () => c);
  const endpoints: { name: string; conns: Conn[] }[] = [
    { name: 'health', conns: same({ method: 'GET', path: '/api/health', headers: {} }) },
    { name: 'plan_status', conns: same({ method: 'GET', path: statusPath, headers: leader }) },
    { name: 'public_plans', conns: same({ method: 'GET', path: '/api/public/plans', headers: {} }) },
    { name: 'draft_save', conns: drafts },
  ];

  console.log(`bench_engine: ${args.engine}`);
  console.log(`bench_cpus: ${cpus().length}`);
  console.log(`bench_connections: ${connections}`);
  console.log(`bench_seconds_per_endpoint: ${seconds}`);
  console.log(`bench_load_average_1m_start: ${loadavg()[0].toFixed(1)}`);
  console.log(`load_plan_status_cold_ms: ${coldMs.toFixed(0)}   (one uncached computation, ${(statusBytes / 1024).toFixed(0)} kB)`);
  try {
    for (const e of endpoints) {
      const result = await new Promise<{ latencies: number[]; errors: string[] }>((resolve, reject) => {
        const w = new Worker(CLIENT_JS, { eval: true, workerData: { url: base, conns: e.conns, seconds } });
        w.once('message', resolve);
        w.once('error', reject);
      });
      const sorted = [...result.latencies].sort((a, b) => a - b);
      const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
      const target = e.name === 'plan_status' ? '   (target ≥ 200 req/s, p95 ≤ 100 ms)' : e.name === 'draft_save' ? '   (target p99 ≤ 200 ms)' : '';
      console.log(`load_${e.name}_req_per_s: ${(sorted.length / seconds).toFixed(0)}${target}`);
      console.log(`load_${e.name}_p50_ms: ${pct(50).toFixed(1)}`);
      console.log(`load_${e.name}_p95_ms: ${pct(95).toFixed(1)}`);
      console.log(`load_${e.name}_p99_ms: ${pct(99).toFixed(1)}`);
      console.log(`load_${e.name}_errors: ${result.errors.length}`);
      if (result.errors.length) console.error(`${e.name}: first errors: ${result.errors.slice(0, 3).join(' | ')}`);
    }
  } finally {
    console.log(`bench_load_average_1m_end: ${loadavg()[0].toFixed(1)}`);
    await app.close();
    await db.close();
  }
}
