import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app/app.ts';
import { createUser, login, testConfig } from '../app.ts';
import { describeEachEngine } from '../db.ts';
import { HAIBEI_COUNTIES, makeBroadbandElements, makeMonthlyForm, makeUnit, monthsAgo, seedHaibei } from '../reporting-fixtures.ts';
import { docxLiar, flateBombPdf, xlsxBombs } from './bombs.ts';

type Headers = Record<string, string>;
const P = '/api/reporting';
const invalidDraft = (n: number) => JSON.stringify({ version: 1, values: Array.from({ length: n }, () => ({ divisionCode: 'x', value: 1 })) });

/**
 * Every hostile request of issue 14 at once, while another client keeps asking /api/health: each
 * bomb is answered with a 4xx, and the server stays responsive: the p99 of health during the attack
 * is at most 200 ms plus twice the p99 of the quiet periods measured around it (≈ 200 ms on an idle
 * machine; the allowance is for a machine that other work already slows).
 */
describeEachEngine('no request stalls the server', (getDb) => {
  let app: FastifyInstance;
  let base: string;
  let admin: Headers;
  let viewer: Headers;
  let reporter: Headers;
  let subId: number;
  let bombs: { pdf: Uint8Array; docx: Buffer; xlsx: Awaited<ReturnType<typeof xlsxBombs>> };

  beforeAll(async () => {
    const db = getDb();
    await seedHaibei(db);
    app = await buildApp({ db, config: testConfig(), logger: false, serveWeb: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const els = await makeBroadbandElements(db);
    const unitId = await makeUnit(db, '海北州工业和信息化局', '6322');
    const form = await makeMonthlyForm(db, els, HAIBEI_COUNTIES.map((c) => ({ unitId, divisionCode: c })));
    const as = async (role: 'admin' | 'viewer' | 'reporter', opts: { unitId?: number; divisionCode?: string } = {}) => {
      const u = await createUser(db, { role, ...opts });
      return (await login(app, u.username, u.password)).headers;
    };
    admin = await as('admin');
    viewer = await as('viewer', { divisionCode: '6322' });
    reporter = await as('reporter', { unitId });
    const opened = await app.inject({ method: 'POST', url: `${P}/submissions`, headers: reporter, payload: { formId: form.id, unitId, period: monthsAgo(0).code } });
    expect(opened.statusCode, opened.body).toBe(200);
    subId = opened.json().id;
    bombs = { pdf: await flateBombPdf(520), docx: await docxLiar(300), xlsx: await xlsxBombs(300) };
    expect(bombs.pdf.byteLength).toBeLessThan(2 * 1024 * 1024);
    expect(bombs.xlsx.ratio).toBeLessThan(200);
  }, 300_000);
  afterAll(async () => app?.close());

  /** `{"a":"xxx…"}` of `mb` megabytes, built without a string that size. */
  const hugeJson = (mb: number) => {
    const b = new Uint8Array(mb * 1024 * 1024).fill(0x78);
    b.set(Buffer.from('{"a":"'), 0);
    b.set(Buffer.from('"}'), b.length - 2);
    return b;
  };
  const bytes = (s: string) => new Uint8Array(Buffer.from(s));
  const json = (name: string, headers: Headers, path: string, body: string) => ({ name, method: 'PUT', path, headers: { ...headers, 'content-type': 'application/json' }, body: bytes(body) });
  const upload = (name: string, headers: Headers, path: string, file: Uint8Array, filename: string, fields: Record<string, string> = {}) => ({
    name,
    method: 'POST',
    path,
    headers,
    body: new Uint8Array(file),
    multipart: { filename, fields },
  });

  it('answers every bomb with a 4xx while /api/health keeps its p99 near 200 ms', async () => {
    const attacks = [
      json('viewer draft 6.6 MB, 200,000 bad items', viewer, `${P}/submissions/${subId}/draft`, invalidDraft(200_000)),
      json('reporter draft 1.9 MB, 60,000 bad items', reporter, `${P}/submissions/${subId}/draft`, invalidDraft(60_000)),
      json('reporter draft 6.6 MB', reporter, `${P}/submissions/${subId}/draft`, invalidDraft(200_000)),
      { name: 'anonymous 60 MB JSON', method: 'POST', path: '/api/plans', headers: { 'content-type': 'application/json' }, body: hugeJson(60) },
      upload('PDF inflating to 520 MB', admin, '/api/plans/import', bombs.pdf, 'bomb.pdf', { divisionCode: '6322' }),
      upload('docx inflating to 300 MB, claiming 1 MB', admin, '/api/plans/import', bombs.docx, 'bomb.docx', { divisionCode: '6322' }),
      upload('xlsx inflating to 300 MB', reporter, `${P}/submissions/${subId}/upload`, bombs.xlsx.honest, 'bomb.xlsx'),
      upload('xlsx inflating to 300 MB, claiming 1 MB', reporter, `${P}/submissions/${subId}/upload`, bombs.xlsx.liar, 'liar.xlsx'),
    ];
    const run = async (list: typeof attacks, quietMs = 0) => {
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      // The client runs in its own thread: this thread's event loop is the server's alone.
      const client = new Worker(new URL('./attack-client.mjs', import.meta.url), {
        workerData: { base, health: '/api/health', attacks: list, quietMs },
        transferList: list.map((a) => a.body.buffer as ArrayBuffer),
      });
      try {
        const out = await new Promise<{ results: { name: string; status: number; body: string }[]; latencies: number[] }>((resolve, reject) => {
          client.once('message', resolve);
          client.once('error', reject);
        });
        const sorted = [...out.latencies].sort((a, b) => a - b);
        const p99 = sorted[Math.ceil(sorted.length * 0.99) - 1];
        const line = `n=${sorted.length} p50=${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms p99=${p99.toFixed(0)} ms max=${sorted.at(-1)!.toFixed(0)} ms; event loop delay p99=${(loop.percentile(99) / 1e6).toFixed(0)} ms max=${(loop.max / 1e6).toFixed(0)} ms`;
        return { ...out, p99, line };
      } finally {
        loop.disable();
        await client.terminate();
      }
    };
    const expected: Record<string, number[]> = {
      'viewer draft 6.6 MB, 200,000 bad items': [403, -1],
      'reporter draft 1.9 MB, 60,000 bad items': [400],
      'reporter draft 6.6 MB': [413, -1],
      'anonymous 60 MB JSON': [401, -1],
      'PDF inflating to 520 MB': [422],
      'docx inflating to 300 MB, claiming 1 MB': [422],
      'xlsx inflating to 300 MB': [400],
      'xlsx inflating to 300 MB, claiming 1 MB': [400],
    };
    // 200 ms on an idle machine (its quiet p99 is a few ms). On a machine other work already slows
    // (a shared CI box: quiet p99 of 100–800 ms was seen) the bound grows with the worse of the quiet
    // periods around the attack. The suite's other worker can also burst during one attack only (CI:
    // a single 1.6 s outlier with quiet periods of 15 ms), so an attack is tried up to three times and
    // one that keeps health within the bound passes; a stall of the event loop (seconds, as before
    // the fix) happens on every attempt and fails.
    const seen: string[] = [];
    let within = false;
    for (let attempt = 1; attempt <= 3 && !within; attempt++) {
      const before = await run([], 4000);
      const { results, latencies, p99, line } = await run(attacks);
      const after = await run([], 4000);
      const quiet = Math.max(before.p99, after.p99);
      const report = `attempt ${attempt}: health, quiet before: ${before.line}\nhealth during the attack: ${line}\nhealth, quiet after: ${after.line}`;
      console.log(report);
      seen.push(report);
      for (const r of results) expect(expected[r.name], `${r.name}: ${r.status} ${r.body}`).toContain(r.status);
      expect(latencies.length).toBeGreaterThan(20);
      within = p99 <= 200 + 2 * quiet;
    }
    expect(within, seen.join('\n')).toBe(true);
  }, 420_000);
});
