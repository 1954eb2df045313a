import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/divisions/division.loader.ts';
import { openDatabase, type Db } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrator.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { createUser, testConfig } from '../app.ts';
import { browserAvailable, ensureWebBuilt, launchBrowser, listen, screenshot, signIn } from './browser.ts';

const enabled = browserAvailable();

/**
 * The office loads a prefecture from the divisions page while the server runs, watches the
 * progress bar, and finds it by pinyin initials. Before: only the CLI could load divisions, with
 * the server stopped, and 包头/bt found nothing.
 */
describe.skipIf(!enabled)('divisions page (browser)', () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let admin: { username: string; password: string };

  beforeAll(async () => {
    ensureWebBuilt();
    db = await openDatabase({ dataDir: 'memory://' });
    await migrate(db);
    await loadDivisions(db, { provinces: ['63'] });
    admin = await createUser(db, { role: 'admin', username: 'e2e-div-admin' });
    app = await buildApp({ db, config: testConfig(), logger: false, serveWeb: true });
    base = await listen(app);
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  it('loads 包头市 with a progress bar and finds it by bt', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await signIn(page, base, admin);
      await page.goto(`${base}/divisions`);
      await page.getByTestId('division-load').waitFor();
      await page.getByTestId('division-load-choose').click();
      await page.keyboard.type('包头');
      await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '包头市' }).first().click();
      await page.keyboard.press('Escape');
      await page.getByTestId('division-load-start').click();
      const progress = page.getByTestId('division-load-progress');
      await progress.getByText(/已加载 包头市：共 \d+ 条/).waitFor({ timeout: 120_000 });
      expect(await progress.locator('.ant-progress').getAttribute('class')).toContain('success');
      await screenshot(page, 'divisions-load');

      await page.getByTestId('division-search').locator('input').fill('bt');
      await page.getByTestId('division-search').locator('input').press('Enter');
      await page.getByText('内蒙古自治区包头市（1502）').waitFor();
      await page.getByTestId('division-search').locator('input').fill('包头');
      await page.getByTestId('division-search').locator('input').press('Enter');
      await page.getByText('内蒙古自治区包头市（1502）').waitFor();
    } finally {
      await page.close();
    }
    expect(problems).toEqual([]);
  });
});
