/**
 * `npm run bench division-search -- --engine postgres|pglite [--provinces 15,63]`
 * Loads divisions through the load job (chunked transactions, as the admin page does) while a
 * reader polls, then times name searches: by name without suffix (包头), by pinyin initials (bt),
 * by a shortened name (海北州) and the exact lookup of 包头. Prints the job's time, the slowest
 * read answered during the load, and the median of 20 runs of each search.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startDivisionLoad, getDivisionLoad, waitForDivisionLoad } from '../src/divisions/division-load.service.ts';
import { findDivisionsByName, searchDivisions } from '../src/divisions/division.service.ts';
import { SYSTEM } from '../src/platform/audit.ts';
import { type Db, openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';

const { values } = parseArgs({ options: { engine: { type: 'string', default: 'postgres' }, provinces: { type: 'string' } } });
const engine = values.engine;
if (engine !== 'postgres' && engine !== 'pglite') {
  console.error('usage: npm run bench division-search -- --engine postgres|pglite [--provinces 15,63]');
  process.exit(2);
}

let db: Db;
let cleanup = async () => {};
if (engine === 'postgres') {
  const url = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!url) {
    console.error('set DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server for --engine postgres');
    process.exit(2);
  }
  const name = `luoshi_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  db = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
  cleanup = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
} else {
  db = await openDatabase({ dataDir: 'memory://' });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(fn: () => Promise<unknown>, runs = 20): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

try {
  await migrate(db);
  const scope: string[] | 'all' = values.provinces ? values.provinces.split(',') : 'all';
  const started = performance.now();
  const job = await startDivisionLoad(db, SYSTEM, scope);
  // A reader during the load: the slowest answer it gets is what a user of the server waits.
  let slowestRead = 0;
  let reads = 0;
  let running = true;
  const reader = (async () => {
    while (running) {
      const t = performance.now();
      await db.kysely.selectFrom('divisions').select('code').where('parent_code', '=', '15').execute();
      slowestRead = Math.max(slowestRead, performance.now() - t);
      reads++;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await waitForDivisionLoad(job.id);
  running = false;
  await reader;
  const done = await getDivisionLoad(db.kysely, job.id);
  if (done.status !== 'done') throw new Error(`load ${done.status}: ${done.error}`);
  const loadS = (performance.now() - started) / 1000;

  console.log(`engine: ${engine}`);
  console.log(`division_job_rows: ${done.doneRows}`);
  console.log(`division_job_load_s: ${loadS.toFixed(2)}`);
  console.log(`division_job_reads_during_load: ${reads}`);
  console.log(`division_job_slowest_read_ms: ${slowestRead.toFixed(0)}`);
  const page = { page: 1, pageSize: 20 };
  console.log(`division_search_core_ms: ${(await timed(() => searchDivisions(db, { q: '包头', ...page }))).toFixed(1)}`);
  console.log(`division_search_initials_ms: ${(await timed(() => searchDivisions(db, { q: 'bt', level: 2, ...page }))).toFixed(1)}`);
  console.log(`division_search_shortened_ms: ${(await timed(() => searchDivisions(db, { q: '海北州', ...page }))).toFixed(1)}`);
  console.log(`division_lookup_core_ms: ${(await timed(() => findDivisionsByName(db, '包头'))).toFixed(1)}`);
} finally {
  await db.close();
  await cleanup();
}
