import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';

/**
 * When TEST_DATABASE_URL is set, every database test also runs on that PostgreSQL server. This
 * creates one migrated template database for the run (each test file clones it, see test/db.ts)
 * and drops everything the run created at the end. An unreachable server fails the run loudly.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string | null;
    pgTemplate: string | null;
    runId: string;
    /** A migrated PGlite data directory (dumpDataDir tarball) each PGlite test database starts from. */
    pgliteSnapshot: string;
  }
}

function withDb(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Migrates one PGlite database and dumps it: test files load the dump instead of migrating their
 * own (a fresh migrate per file cost ~9 s each).
 */
async function migratedPGliteSnapshot(): Promise<{ file: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'luoshi-snapshot-'));
  const db = await openDatabase({ dataDir: join(dir, 'data') });
  await migrate(db);
  await db.close();
  const pglite = await PGlite.create(join(dir, 'data', 'pglite'));
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const file = join(dir, 'migrated.tar');
  writeFileSync(file, new Uint8Array(await dump.arrayBuffer()));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  project.provide('runId', runId);
  const snapshot = await migratedPGliteSnapshot();
  project.provide('pgliteSnapshot', snapshot.file);
  const adminUrl = process.env.TEST_DATABASE_URL || null;
  if (!adminUrl) {
    console.warn('\n[luoshi] TEST_DATABASE_URL is not set: database tests run on PGlite only (the PostgreSQL variant is skipped).\n');
    project.provide('pgAdminUrl', null);
    project.provide('pgTemplate', null);
    return () => snapshot.remove();
  }
  const template = `luoshi_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect().catch((e: Error) => {
    throw new Error(`TEST_DATABASE_URL is set but the server cannot be reached: ${e.message}`);
  });
  await admin.query(`create database ${template}`);
  const db = await openDatabase({ databaseUrl: withDb(adminUrl, template), poolSize: 2 });
  await migrate(db);
  await db.close();
  await admin.end();
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);

  return async () => {
    snapshot.remove();
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    const r = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`luoshi_%${runId}%`]);
    for (const { datname } of r.rows) {
      await c.query(`drop database if exists ${datname} with (force)`);
    }
    await c.end();
  };
}
