import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type Db, type Engine, openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';

/**
 * The database test variants: PGlite always; PostgreSQL when TEST_DATABASE_URL is set. The same
 * test body runs on each, unchanged ("no mocks"): use `describeEachEngine`.
 */
export interface EngineVariant {
  engine: Engine;
  /** Opens a fresh, migrated, empty database of this engine. */
  open(): Promise<Db>;
}

let counter = 0;
let snapshotBytes: Uint8Array<ArrayBuffer> | undefined;

/** The migrated snapshot of the global setup, read once per worker. */
function migratedSnapshot(): Blob {
  snapshotBytes ??= new Uint8Array(readFileSync(inject('pgliteSnapshot')));
  return new Blob([snapshotBytes]);
}

export function engineVariants(): EngineVariant[] {
  const variants: EngineVariant[] = [
    {
      engine: 'pglite',
      async open() {
        const db = await openDatabase({ dataDir: 'memory://', loadDataDir: migratedSnapshot() });
        await migrate(db); // no-op on the migrated snapshot; keeps the contract of open()
        return db;
      },
    },
  ];
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplate');
  if (adminUrl && template) {
    variants.push({
      engine: 'postgres',
      async open() {
        const name = `luoshi_t_${inject('runId')}_${process.pid}_${++counter}`;
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        await admin.query(`create database ${name} template ${template}`);
        await admin.end();
        const u = new URL(adminUrl);
        u.pathname = `/${name}`;
        const db = await openDatabase({ databaseUrl: u.toString(), poolSize: 10 });
        await migrate(db); // no-op on the migrated template; keeps the contract of open()
        const close = db.close.bind(db);
        return Object.assign(db, {
          async close() {
            await close();
            const c = new pg.Client({ connectionString: adminUrl });
            await c.connect();
            await c.query(`drop database if exists ${name} with (force)`);
            await c.end();
          },
        });
      },
    });
  }
  return variants;
}

/**
 * Declares the suite once per engine. `getDb()` returns that engine's database, shared by the
 * tests of the suite: build rows with unique names (test/factories.ts) rather than relying on
 * an empty database in each test.
 */
export function describeEachEngine(title: string, body: (getDb: () => Db, engine: Engine) => void): void {
  for (const variant of engineVariants()) {
    describe(`${title} [${variant.engine}]`, () => {
      let db: Db | undefined;
      beforeAll(async () => {
        db = await variant.open();
      });
      afterAll(async () => {
        await db?.close();
      });
      body(() => {
        if (!db) throw new Error('database not open yet: call getDb() inside a test or hook');
        return db;
      }, variant.engine);
    });
  }
}
