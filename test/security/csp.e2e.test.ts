import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/divisions/division.loader.ts';
import { SYSTEM } from '../../src/platform/audit.ts';
import { activatePlan, getPlan, importPlanText } from '../../src/plans/plan.service.ts';
import { createUser } from '../app.ts';
import { browserAvailable, screenshot, signIn, startWebStack, type WebStack } from '../e2e/browser.ts';
import { waitRendered } from '../e2e/charts.ts';

const enabled = browserAvailable();
const PAYLOAD_UNIT = '<img src onerror=alert()>公司';
/** The plain-text plan of issue 14: a unit named with markup, investing 5000万元. */
const PLAN = `海北州推进宽带网络发展实施方案

一、工作目标
到2015年底，全州固定宽带家庭普及率达到50%。

二、重点任务
（一）加快光纤网络建设。${PAYLOAD_UNIT}投入5000万元，2015年底前完成全州光纤到村。（牵头单位：${PAYLOAD_UNIT}）
`;

/**
 * The app in Chromium under the real Content-Security-Policy: the pages render with no CSP
 * violation, the payload of a hostile plan shows as text in the chart tooltip and never runs, and
 * the policy itself refuses inline script.
 */
describe.skipIf(!enabled)('content security policy and escaping (browser)', () => {
  let stack: WebStack;
  let base: string;
  let planId: number;
  let admin: { username: string; password: string };

  beforeAll(async () => {
    stack = await startWebStack(async (db) => {
      await loadDivisions(db, { provinces: ['63'] });
      const { plan } = await importPlanText(db, SYSTEM, { text: PLAN, filename: 'xss.txt', format: 'txt', divisionCode: '6322' });
      planId = plan.id;
      await activatePlan(db, SYSTEM, planId, (await getPlan(db, planId)).version);
      admin = await createUser(db, { role: 'admin', username: 'e2e-csp-admin' });
    });
    ({ base } = stack);
  }, 240_000);

  afterAll(async () => {
    await stack?.close();
  });

  /** Console messages that report a refused resource or script (Chromium's CSP wording). */
  const cspMessages = (list: ConsoleMessage[]) => list.map((m) => m.text()).filter((t) => /Content Security Policy|Refused to/i.test(t));

  async function watched(): Promise<{ page: Page; console: ConsoleMessage[]; dialogs: string[]; violations: () => Promise<string[]> }> {
    const page = await stack.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const messages: ConsoleMessage[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => messages.push(m));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    return { page, console: messages, dialogs, violations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp) };
  }

  it('renders the app with no CSP violation; the hostile unit name is text in the tooltip and never runs', async () => {
    const w = await watched();
    const { page } = w;
    try {
      const first = await page.goto(`${base}/login`);
      expect(first?.headers()['content-security-policy']).toContain("script-src 'self'");
      await signIn(page, base, admin);
      expect(await w.violations()).toEqual([]);

      await page.goto(`${base}/plans/${planId}/dashboard`);
      const chart = page.getByTestId('investment-bar').first();
      await waitRendered(page, chart);
      await chart.scrollIntoViewIfNeeded();
      const box = (await chart.boundingBox())!;
      // the one bar of the one unit: the middle of the plot, where the axis pointer triggers
      for (const f of [0.5, 0.55, 0.6]) await page.mouse.move(box.x + box.width * f, box.y + box.height * f, { steps: 4 });
      // ECharts puts its tooltip (HTML) inside the chart's element; the canvas labels are not in the DOM.
      const tip = chart.getByText(PAYLOAD_UNIT, { exact: false });
      await tip.first().waitFor({ timeout: 15_000 });
      // the name is shown as text: no element was made from it
      expect(await tip.first().innerHTML()).toContain('&lt;img src onerror=alert()&gt;公司');
      expect(await chart.locator('img').count()).toBe(0);
      await screenshot(page, 'security-tooltip-escaped');

      for (const path of ['/dashboard', '/open']) {
        await page.goto(`${base}${path}`);
        await page.waitForLoadState('networkidle');
      }
      // the API docs (Swagger UI) run under the same policy
      await page.goto(`${base}/api/docs/`);
      await page.locator('.swagger-ui .info').first().waitFor({ timeout: 20_000 });
      expect(w.dialogs).toEqual([]);
      expect(await w.violations()).toEqual([]);
      expect(cspMessages(w.console)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the policy refuses inline script even where markup gets into the page', async () => {
    const w = await watched();
    const { page } = w;
    try {
      await page.goto(`${base}/login`);
      await page.locator('#login-username').waitFor();
      const ran = await page.evaluate(async () => {
        const holder = document.createElement('div');
        holder.innerHTML = '<img src="data:," onerror="window.__ran = 1">';
        document.body.append(holder);
        const s = document.createElement('script');
        s.textContent = 'window.__ran = 2';
        document.body.append(s);
        await new Promise((r) => setTimeout(r, 300));
        return (window as unknown as { __ran?: number }).__ran ?? 0;
      });
      expect(ran).toBe(0);
      expect((await w.violations()).join('\n')).toMatch(/script-src/);
    } finally {
      await page.close();
    }
  });
});
