import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/divisions/division.loader.ts';
import { createUser } from '../app.ts';
import { browserAvailable, openSession, screenshot, startWebStack, type WebStack } from './browser.ts';

const enabled = browserAvailable();

/**
 * The office loads a prefecture from the divisions page while the server runs, watches the
 * progress bar, and finds it by pinyin initials. Before: only the CLI could load divisions, with
 * the server stopped, and 包头/bt found nothing.
 */
describe.skipIf(!enabled)('divisions page (browser)', () => {
  let stack: WebStack;
  let admin: { username: string; password: string };

  beforeAll(async () => {
    stack = await startWebStack(async (db) => {
      await loadDivisions(db, { provinces: ['63'] });
      admin = await createUser(db, { role: 'admin', username: 'e2e-div-admin' });
    });
  }, 240_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('loads 包头市 with a progress bar and finds it by bt', async () => {
    const { base } = stack;
    const { ctx, page, problems } = await openSession(stack.browser, base, admin, { viewport: { width: 1280, height: 900 } });
    try {
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
      await ctx.close();
    }
    expect(problems).toEqual([]);
  });
});
