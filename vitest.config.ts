import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Three tiers, one config (vitest projects), chosen by what a test file uses so a new file lands
 * in the right tier without a list to keep:
 *  - unit: no database, no browser, no child process — seconds (`npm run test:unit`);
 *  - db: a real database (describeEachEngine, test/app.ts), data directories, the CLI, isolation
 *    worker threads and the national division data (`npm run test:db`);
 *  - e2e: Chromium — test/e2e and the PDF renderer (`npm run test:e2e`).
 * `npm test` type-checks, lints and runs all three.
 */
const BROWSER = /launchBrowser|renderBriefingPdf|playwright-core|CHROMIUM/;
const DATABASE = /describeEachEngine|engineVariants|openDatabase|buildTestApp|test\/db\.ts|test\/app\.ts|LUOSHI_DATA_DIR|spawnSync|execFileSync|startWebStack|runIsolated|Isolated\(|readDivisionRecords\('all'\)/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name).split('\\').join('/'));
}

const all = [...testFiles('src'), ...testFiles('test')];
const tier = (f: string): 'unit' | 'db' | 'e2e' => {
  if (f.startsWith('test/e2e/')) return 'e2e';
  const text = readFileSync(f, 'utf8');
  if (BROWSER.test(text)) return 'e2e';
  return DATABASE.test(text) ? 'db' : 'unit';
};
const files = { unit: [] as string[], db: [] as string[], e2e: [] as string[] };
for (const f of all) files[tier(f)].push(f);

const common = { testTimeout: 60_000, hookTimeout: 120_000, pool: 'forks' as const, maxWorkers: 2, fileParallelism: true };

export default defineConfig({
  test: {
    env: { LUOSHI_STRICT_RESPONSES: '1' },
    projects: [
      { test: { ...common, name: 'unit', include: files.unit } },
      { test: { ...common, name: 'db', include: files.db, globalSetup: ['test/global-setup.ts'] } },
      // Browser tests drive a real Chromium against a real server on a 2-core machine shared with the
      // database tier: a step that waits on the UI can miss its 30 s under that load (seen in CI on
      // three different files, each passing alone). A failed browser test is run again, up to twice;
      // every attempt asserts the same things, so a real defect fails all three.
      { test: { ...common, name: 'e2e', include: files.e2e, globalSetup: ['test/global-setup.ts'], retry: 2 } },
    ],
  },
});
