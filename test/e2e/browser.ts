import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import type { Db, Engine } from '../../src/platform/db/database.ts';
import { buildApp } from '../../src/app/app.ts';
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

/**
 * Debian's Chromium with the agreed flags. Every page it opens prefers reduced motion, so the app
 * turns antd's animations off (a click on an option still sliding in missed under the suite's load)
 * and the tests exercise that accessibility setting on every page.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = (options = {}) => newContext({ reducedMotion: 'reduce', ...options });
  browser.newPage = (options = {}) => newPage({ reducedMotion: 'reduce', ...options });
  return browser;
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

/**
 * Picks an option of an antd select: clicks the select (`selector`, usually its input id), types
 * `typed` to filter, clicks the visible option with `option`. With `shows`, it then waits until the
 * select displays that text and picks again if not (up to three times): under the full suite's load
 * a click on an option still in its opening animation was seen to leave the old value selected
 * (the target was then judged quarterly and its monthly value never showed).
 */
export async function pickOption(page: Page, selector: string, typed: string, option: string | RegExp, shows?: string | RegExp): Promise<void> {
  const select = page.locator(selector).locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  for (let attempt = 1; ; attempt++) {
    await page.locator(selector).click();
    if (typed) await page.keyboard.type(typed);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    if (shows === undefined) return;
    // The dropdown is portaled to the body: the select's own text is what it displays.
    try {
      await select.filter({ hasText: shows }).waitFor({ timeout: 5_000 });
      return;
    } catch (e) {
      // No Escape to reset: inside a modal it would close the modal. The option's click closed the
      // dropdown, so the next click on the select opens it again.
      if (attempt >= 3) throw new Error(`the select ${selector} does not show ${String(shows)} after three picks`, { cause: e });
    }
  }
}

export interface Session {
  ctx: BrowserContext;
  page: Page;
  /** Page errors and 5xx responses seen so far: a test ends with `expect(problems).toEqual([])`. */
  problems: string[];
}

/**
 * A browser context of its own (cookies apart from other sessions: the office and a reporter side
 * by side), in Chinese at 1400×900 unless `options` say otherwise, signed in as `who` (null: not
 * signed in). It records page errors and server errors (5xx) in `problems`, which a page that looks
 * right can still hide. E2E_TRACE=1 prints every response. Close with `ctx.close()`.
 */
export async function openSession(browser: Browser, base: string, who: { username: string; password: string } | null, options: BrowserContextOptions = {}): Promise<Session> {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 }, ...options });
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    if (process.env.E2E_TRACE) console.log(r.status(), r.request().method(), r.url());
  });
  try {
    if (who) await signIn(page, base, who);
  } catch (e) {
    if (problems.length) (e as Error).message += `\npage errors: ${problems.join('\n')}`;
    await ctx.close();
    throw e;
  }
  return { ctx, page, problems };
}

export interface WebStack {
  db: Db;
  app: FastifyInstance;
  browser: Browser;
  /** http://127.0.0.1:<port> */
  base: string;
  engine: Engine;
  close(): Promise<void>;
}

/**
 * The engines browser tests can run on here: PGlite always, PostgreSQL when TEST_DATABASE_URL is set
 * (.ci/run sets it). Without it the PostgreSQL runs are skipped, and said so once per file.
 */
export function webEngines(): Engine[] {
  const engines = engineVariants().map((v) => v.engine);
  if (!engines.includes('postgres')) console.warn('\n[luoshi] TEST_DATABASE_URL is not set: the browser tests\' PostgreSQL runs are SKIPPED (PGlite only).\n');
  return engines;
}

/**
 * The stack every browser test runs on: the web app built, a freshly migrated database with no
 * content (PGlite from the run's snapshot, or a PostgreSQL database cloned from the run's migrated
 * template with `engine: 'postgres'`) seeded by `seed`, the real server on a free port, and
 * Chromium. Call `close()` in afterAll.
 */
export async function startWebStack(seed: (db: Db) => Promise<void> = async () => {}, config: Record<string, string> = {}, { engine = 'pglite' }: { engine?: Engine } = {}): Promise<WebStack> {
  ensureWebBuilt();
  const variant = engineVariants().find((v) => v.engine === engine);
  if (!variant) throw new Error(`no ${engine} database for browser tests here (PostgreSQL needs TEST_DATABASE_URL)`);
  const db = await variant.open();
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  try {
    await seed(db);
    app = await buildApp({ db, config: testConfig(config), logger: false, serveWeb: true });
    const base = await listen(app);
    browser = await launchBrowser();
    const stack = { db, app, browser, base, engine };
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
