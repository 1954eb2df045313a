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
  }
}

function withDb(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  project.provide('runId', runId);
  const adminUrl = process.env.TEST_DATABASE_URL || null;
  if (!adminUrl) {
    console.warn('\n[luoshi] TEST_DATABASE_URL is not set: database tests run on PGlite only (the PostgreSQL variant is skipped).\n');
    project.provide('pgAdminUrl', null);
    project.provide('pgTemplate', null);
    return;
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
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    const r = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`luoshi_%${runId}%`]);
    for (const { datname } of r.rows) {
      await c.query(`drop database if exists ${datname} with (force)`);
    }
    await c.end();
  };
}
