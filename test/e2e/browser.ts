import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Db } from '../../src/platform/db/database.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { testConfig } from '../app.ts';
import { engineVariants } from '../db.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'artifacts', 'screenshots');
const WEB_SRC = join(ROOT, 'src', 'web');
const WEB_INDEX = join(ROOT, 'dist', 'web', 'index.html');

/**
 * Whether browser tests can run here. Without Chromium they fail under CI (it must be installed
 * there) and are skipped elsewhere with a message saying how to enable them.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: browser tests cannot run (apt-get install -y chromium fonts-noto-cjk)`);
  console.warn(`\n[luoshi] ${CHROMIUM} not found: browser tests are SKIPPED. Install with: apt-get install -y chromium fonts-noto-cjk\n`);
  return false;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function fresh(): boolean {
  return existsSync(WEB_INDEX) && statSync(WEB_INDEX).mtimeMs >= newestMtime(WEB_SRC);
}

/**
 * Builds dist/web when it is missing or older than any file under src/web. Test files run in
 * parallel workers, so one builds (holding a lock directory) while the others wait for it.
 */
export function ensureWebBuilt(): void {
  if (fresh()) return;
  const lock = join(ROOT, 'dist', '.web-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another worker builds; a lock older than 3 minutes is a leftover of a killed run.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    if (fresh()) return;
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn'], {
      cwd: ROOT,
      // vitest sets NODE_ENV=test, which would make Vite produce a development bundle.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'inherit',
      timeout: 120_000,
    });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Saves a full-page screenshot as artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Starts the application on a free local port; returns its base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no TCP address');
  return `http://127.0.0.1:${addr.port}`;
}

/** Signs in through the login page and waits for the main menu of the signed-in app. */
export async function signIn(page: Page, base: string, who: { username: string; password: string }): Promise<void> {
  await page.goto(`${base}/login`);
  await page.locator('#login-username').fill(who.username);
  await page.locator('#login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('main-menu').waitFor();
}

export interface WebStack {
  db: Db;
  app: FastifyInstance;
  browser: Browser;
  /** http://127.0.0.1:<port> */
  base: string;
  close(): Promise<void>;
}

/**
 * The stack every browser test runs on: the web app built, a migrated PGlite database (the run's
 * snapshot) seeded by `seed`, the real server on a free port, and Chromium. Call `close()` in afterAll.
 */
export async function startWebStack(seed: (db: Db) => Promise<void> = async () => {}, config: Record<string, string> = {}): Promise<WebStack> {
  ensureWebBuilt();
  const pglite = engineVariants().find((v) => v.engine === 'pglite')!;
  const db = await pglite.open();
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  try {
    await seed(db);
    app = await buildApp({ db, config: testConfig(config), logger: false, serveWeb: true });
    const base = await listen(app);
    browser = await launchBrowser();
    const stack = { db, app, browser, base };
    return {
      ...stack,
      async close() {
        await stack.browser.close();
        await stack.app.close();
        await stack.db.close();
      },
    };
  } catch (e) {
    await browser?.close();
    await app?.close();
    await db.close();
    throw e;
  }
}
