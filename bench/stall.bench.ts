// `npm run bench stall`: the hostile requests of issue 14 sent at once (a viewer's 6.6 MB draft of
// 200,000 bad items, a writer's 1.9 MB one, a 6.6 MB one over the limit, an anonymous 60 MB body, a
// PDF inflating to 520 MB, a docx and two workbooks inflating to 300 MB) while a client asks
// /api/health every 5 ms. Prints the answers and health latency against a quiet baseline.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../src/platform/env.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { buildApp } from '../src/app/app.ts';
import { createUser, login } from '../test/app.ts';
import { HAIBEI_COUNTIES, makeBroadbandElements, makeMonthlyForm, makeUnit, monthsAgo, seedHaibei } from '../test/reporting-fixtures.ts';
import { docxLiar, flateBombPdf, xlsxBombs } from '../test/security/bombs.ts';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const db = await openDatabase({ dataDir: 'memory://' });
await migrate(db);
await seedHaibei(db);
const config = loadConfig({ LUOSHI_DATA_DIR: mkdtempSync(join(tmpdir(), 'luoshi-bench-')), LUOSHI_DEMO: 'off', LUOSHI_SCHEDULER: 'off' });
const app = await buildApp({ db, config, logger: false, serveWeb: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
const els = await makeBroadbandElements(db);
const unitId = await makeUnit(db, '海北州工业和信息化局', '6322');
const form = await makeMonthlyForm(db, els, HAIBEI_COUNTIES.map((c) => ({ unitId, divisionCode: c })));
const as = async (role: 'admin' | 'viewer' | 'reporter', opts: { unitId?: number; divisionCode?: string } = {}) => {
  const u = await createUser(db, { role, ...opts });
  return (await login(app, u.username, u.password)).headers;
};
const admin = await as('admin');
const viewer = await as('viewer', { divisionCode: '6322' });
const reporter = await as('reporter', { unitId });
const sub = (await app.inject({ method: 'POST', url: '/api/reporting/submissions', headers: reporter, payload: { formId: form.id, unitId, period: monthsAgo(0).code } })).json() as { id: number };
const [pdf, docx, xlsx] = await Promise.all([flateBombPdf(520), docxLiar(300), xlsxBombs(300)]);

const draft = (n: number) => new Uint8Array(Buffer.from(JSON.stringify({ version: 1, values: Array.from({ length: n }, () => ({ divisionCode: 'x', value: 1 })) })));
const huge = new Uint8Array(60 * 1024 * 1024).fill(0x78);
huge.set(Buffer.from('{"a":"'), 0);
huge.set(Buffer.from('"}'), huge.length - 2);
const put = (name: string, headers: Record<string, string>, body: Uint8Array) => ({ name, method: 'PUT', path: `/api/reporting/submissions/${sub.id}/draft`, headers: { ...headers, 'content-type': 'application/json' }, body });
const file = (name: string, headers: Record<string, string>, path: string, body: Uint8Array, filename: string, fields: Record<string, string> = {}) => ({ name, method: 'POST', path, headers, body: new Uint8Array(body), multipart: { filename, fields } });
const attacks = [
  put('viewer_draft_6_6mb', viewer, draft(200_000)),
  put('reporter_draft_1_9mb', reporter, draft(60_000)),
  put('reporter_draft_6_6mb', reporter, draft(200_000)),
  { name: 'anonymous_60mb', method: 'POST', path: '/api/plans', headers: { 'content-type': 'application/json' }, body: huge },
  file('pdf_520mb', admin, '/api/plans/import', pdf, 'bomb.pdf', { divisionCode: '6322' }),
  file('docx_300mb_liar', admin, '/api/plans/import', docx, 'bomb.docx', { divisionCode: '6322' }),
  file('xlsx_300mb', reporter, `/api/reporting/submissions/${sub.id}/upload`, xlsx.honest, 'bomb.xlsx'),
  file('xlsx_300mb_liar', reporter, `/api/reporting/submissions/${sub.id}/upload`, xlsx.liar, 'liar.xlsx'),
];

type Out = { results: { name: string; status: number; ms: number; bytes: number; body: string }[]; latencies: number[] };
async function run(list: typeof attacks, quietMs = 0): Promise<Out & { loopP99: number; loopMax: number }> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const client = new Worker(new URL('../test/security/attack-client.mjs', import.meta.url), {
    workerData: { base, health: '/api/health', attacks: list, quietMs },
    transferList: list.map((a) => a.body.buffer as ArrayBuffer),
  });
  const out = await new Promise<Out>((resolve, reject) => client.once('message', resolve).once('error', reject));
  loop.disable();
  await client.terminate();
  return { ...out, loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6 };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * p) - 1)];
const report = (prefix: string, r: Awaited<ReturnType<typeof run>>) => {
  console.log(`${prefix}_health_samples: ${r.latencies.length}`);
  console.log(`${prefix}_health_p50_ms: ${pct(r.latencies, 0.5).toFixed(0)}`);
  console.log(`${prefix}_health_p99_ms: ${pct(r.latencies, 0.99).toFixed(0)}`);
  console.log(`${prefix}_health_max_ms: ${Math.max(...r.latencies).toFixed(0)}`);
  console.log(`${prefix}_event_loop_delay_p99_ms: ${r.loopP99.toFixed(0)}`);
  console.log(`${prefix}_event_loop_delay_max_ms: ${r.loopMax.toFixed(0)}`);
};
const load = () => loadavg()[0].toFixed(1);
console.log(`load_average_start: ${load()}`);
report('quiet', await run([], 5000));
const attack = await run(attacks);
for (const r of attack.results) {
  console.log(`${r.name}_status: ${r.status}`);
  console.log(`${r.name}_answer_ms: ${r.ms.toFixed(0)}`);
  console.log(`${r.name}_reply_bytes: ${r.bytes}`);
  console.log(`${r.name}_answer: ${/"code":"(\w+)"/.exec(r.body)?.[1] ?? r.body.slice(0, 60)}`);
}
report('attack', attack);
console.log(`load_average_end: ${load()}`);
await app.close();
await db.close();
