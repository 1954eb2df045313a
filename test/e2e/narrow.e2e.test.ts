import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoAccount, buildDemo } from '../../src/demo/first-run.ts';
import { configureClock } from '../../src/kernel/clock.ts';
import { browserAvailable, screenshot, signIn, startWebStack, type WebStack } from './browser.ts';

const enabled = browserAvailable();
const WIDTH = 390;

/** Page width beyond the screen (0 when nothing scrolls sideways). */
const overflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

/**
 * Text in the header that wraps to one character per line: for every text node of two or more
 * characters, the number of lines it takes; a label squeezed to a column takes as many lines as
 * it has characters.
 */
const squeezedHeaderTexts = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const out: string[] = [];
    for (const header of document.querySelectorAll(sel)) {
      const walker = document.createTreeWalker(header, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = (n.textContent ?? '').trim();
        if (text.length < 2) continue;
        const el = n.parentElement!;
        if (el.offsetParent === null) continue; // hidden
        const range = document.createRange();
        range.selectNodeContents(n);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 2) out.push(`${text} (${tops.size} lines)`);
      }
    }
    return out;
  }, selector);

/**
 * The reporter's form, the leader's dashboards and the public portal at a phone's width (390 ×
 * 844): nothing scrolls sideways and the header's labels stay on their line. Before: the header
 * broke one character per line and the portal scrolled sideways. Over the first-run demo, whose
 * banner says which day the system goes by.
 */
describe.skipIf(!enabled)('narrow screens (browser, 390 px)', () => {
  let stack: WebStack;
  let browser: Browser;
  let base: string;
  let accounts: DemoAccount[];
  let haibeiPlan: number;
  let returnedSubmission: number;

  beforeAll(async () => {
    stack = await startWebStack(async (db) => {
      accounts = await buildDemo(db, () => {});
      // The demo's accounts must change their password first; that is another test's subject.
      await db.kysely.updateTable('users').set({ must_change_password: false }).execute();
      haibeiPlan = Number((await db.kysely.selectFrom('plans').select('id').where('division_code', '=', '6322').executeTakeFirstOrThrow()).id);
      returnedSubmission = Number((await db.kysely.selectFrom('submissions').select('id').where('status', '=', 'returned').executeTakeFirstOrThrow()).id);
    });
    ({ browser, base } = stack);
  }, 400_000);

  afterAll(async () => {
    configureClock({ today: null });
    await stack?.close();
  });

  const account = (role: string) => {
    const a = accounts.find((x) => x.role === role);
    if (!a) throw new Error(`no demo ${role}`);
    return a;
  };

  async function phone(name: string, run: (page: Page) => Promise<void>): Promise<void> {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: WIDTH, height: 844 }, isMobile: true, hasTouch: true });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await run(page);
    } catch (e) {
      await screenshot(page, `narrow-failed-${name}`);
      throw e;
    } finally {
      await page.close();
    }
    expect(problems).toEqual([]);
  }

  async function expectFits(page: Page, name: string, header: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    await screenshot(page, `narrow-${name}`);
    expect(await overflow(page), `${name} scrolls sideways`).toBeLessThanOrEqual(0);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(WIDTH);
    expect(await squeezedHeaderTexts(page, header), `${name}: header text wrapped`).toEqual([]);
  }

  it("the reporter's form fits, under the demo's date banner", async () => {
    await phone('reporter', async (page) => {
      // The sign-in page already says the data are a demonstration, and fits.
      await page.goto(`${base}/login`);
      await expect(page.getByTestId('clock-banner').textContent()).resolves.toContain('2016年3月20日');
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await signIn(page, base, account('reporter'));
      await expect(page.getByTestId('clock-banner').textContent()).resolves.toContain('演示数据：系统日期按 2016年3月20日 计');
      await expectFits(page, 'home', '.luoshi-header');
      await page.goto(`${base}/reporting/my`);
      await page.getByText('海北州宽带发展月报').first().waitFor();
      expect(await page.locator('body').textContent()).not.toMatch(/逾期\s*\d{3,}\s*天/);
      await expectFits(page, 'my-reports', '.luoshi-header');
      await page.goto(`${base}/reporting/submissions/${returnedSubmission}`);
      await page.getByText('2016').first().waitFor();
      await expectFits(page, 'reporter-form', '.luoshi-header');
    });
  });

  it("the leader's dashboards fit", async () => {
    await phone('leader', async (page) => {
      await signIn(page, base, account('leader'));
      await page.goto(`${base}/dashboard`);
      await page.getByTestId('plan-dashboard-link').first().waitFor();
      await expectFits(page, 'dashboard-home', '.luoshi-header');
      await page.goto(`${base}/plans/${haibeiPlan}/dashboard`);
      await page.getByTestId('dashboard-title').waitFor();
      await expectFits(page, 'plan-dashboard', '.luoshi-header');
    });
  });

  it('the public portal fits', async () => {
    await phone('portal', async (page) => {
      await page.goto(`${base}/open`);
      await page.getByTestId('portal-menu').waitFor();
      await expect(page.getByTestId('clock-banner').textContent()).resolves.toContain('2016年3月20日');
      await expectFits(page, 'portal', '.luoshi-portal-header');
      await page.goto(`${base}/open/plans/${haibeiPlan}`);
      await page.getByText('海北').first().waitFor();
      await expectFits(page, 'portal-plan', '.luoshi-portal-header');
      await page.goto(`${base}/open/indicators`);
      await page.waitForLoadState('networkidle');
      await expectFits(page, 'portal-indicators', '.luoshi-portal-header');
    });
  });
});
