import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../src/platform/env.ts';
import type { Db } from '../src/platform/db/database.ts';
import { buildApp } from '../src/platform/http/app.ts';

/** A configuration for tests: its own temporary data directory, no demo, no scheduler. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const dir = mkdtempSync(join(tmpdir(), 'luoshi-test-'));
  return loadConfig({ LUOSHI_DATA_DIR: dir, LUOSHI_DEMO: 'off', LUOSHI_SCHEDULER: 'off', ...overrides });
}

/** The real HTTP application over the given database, driven with app.inject() (no port). */
export async function buildTestApp(db: Db, overrides: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ db, config: testConfig(overrides), logger: false, serveWeb: false });
  await app.ready();
  return app;
}
