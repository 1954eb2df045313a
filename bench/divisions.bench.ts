/**
 * `npm run bench divisions -- --engine postgres|pglite [--provinces 63,44]`
 * Loads every division (~665k rows) into a fresh database and prints the time. PostgreSQL: a
 * temporary database is created next to DATABASE_URL (or TEST_DATABASE_URL) and dropped after.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadDivisions } from '../src/divisions/division.loader.ts';
import { type Db, openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';

const { values } = parseArgs({
  options: { engine: { type: 'string', default: 'postgres' }, provinces: { type: 'string' }, batch: { type: 'string' }, concurrency: { type: 'string' } },
});
const engine = values.engine;
if (engine !== 'postgres' && engine !== 'pglite') {
  console.error('usage: npm run bench divisions -- --engine postgres|pglite [--provinces 63,44] [--batch 10000] [--concurrency 3]');
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
  db = await openDatabase({ databaseUrl: u.toString(), poolSize: 2 });
  cleanup = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
} else {
  db = await openDatabase({ dataDir: 'memory://' });
}

try {
  await migrate(db);
  const provinces: string[] | 'all' = values.provinces ? values.provinces.split(',') : 'all';
  const opts = { provinces, batchSize: values.batch ? Number(values.batch) : undefined, concurrency: values.concurrency ? Number(values.concurrency) : undefined };
  const r = await loadDivisions(db, opts);
  const again = performance.now();
  await loadDivisions(db, opts);
  const reloadS = (performance.now() - again) / 1000;
  console.log(`engine: ${engine}`);
  console.log(`divisions_rows: ${r.rows}`);
  console.log(`divisions_load_${provinces === 'all' ? 'all' : 'selected'}_s: ${r.seconds.toFixed(2)}`);
  console.log(`divisions_rows_per_s: ${Math.round(r.rows / r.seconds)}`);
  console.log(`divisions_reload_unchanged_s: ${reloadS.toFixed(2)}`);
} finally {
  await db.close();
  await cleanup();
}
