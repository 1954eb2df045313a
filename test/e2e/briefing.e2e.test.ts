import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BriefingData } from '../../src/briefings/briefing-data.ts';
import { formatNumber, formatPercent } from '../../src/briefings/briefing-sentences.ts';
import { createUser, login } from '../app.ts';
import { pdfText } from '../pdf.ts';
import { seedBriefingPlan } from '../reporting-fixtures.ts';
import { browserAvailable, openSession, SCREENSHOTS, screenshot, startWebStack, type WebStack } from './browser.ts';

const enabled = browserAvailable();
const TITLE = (quarter: string) => `关于《海北州建设宽带青海促进信息消费工作2014年实施方案》2014年${quarter}工作推进情况的通报`;

// The briefing button end to end: the office opens the plan, the panel starts on the quarter of the
// newest data, another quarter is picked, the preview says what the document will say, and the
// Word file the browser saves is the one the server logged, with the title, sections and numbers.
describe.skipIf(!enabled)('briefing panel (browser)', () => {
  let stack: WebStack;
  let app: FastifyInstance;
  let base: string;
  let planId: number;
  let admin: { username: string; password: string };

  beforeAll(async () => {
    // 海北州's 2014 plan, its target linked, three operators' quarterly reports (one late, one
    // missing): test/reporting-fixtures.ts, the same seed as the briefing's API test.
    stack = await startWebStack(async (db) => {
      planId = (await seedBriefingPlan(db)).planId;
      admin = await createUser(db, { role: 'admin', username: 'e2e-briefing-admin' });
    });
    ({ app, base } = stack);
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('previews the briefing of a picked period and downloads it as Word and PDF', async () => {
    const api = (await login(app, admin.username, admin.password)).headers;
    const apiGet = async <T,>(url: string): Promise<T> => {
      const r = await app.inject({ method: 'GET', url, headers: api });
      expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
      return r.json() as T;
    };
    const { ctx, page, problems } = await openSession(stack.browser, base, admin, { acceptDownloads: true });
    try {
      await page.getByTestId('main-menu').getByText('方案', { exact: true }).click();
      await page.getByTestId('plans-table').getByRole('link', { name: /宽带/ }).click();
      await page.waitForURL(new RegExp(`/plans/${planId}$`));

      // Starts on the quarter of the newest data (2014Q2), its preview built from the API's data.
      const panel = page.getByTestId('briefing-panel');
      const preview = panel.getByTestId('briefing-preview');
      await expect.poll(() => panel.getByTestId('briefing-period').textContent()).toContain('2014年第二季度');
      await expect.poll(() => preview.getByTestId('briefing-title').textContent()).toBe(TITLE('第二季度'));
      await preview.getByText('本期应报单位3个，按时报送1个，按时报送率33.3%', { exact: false }).waitFor();

      // Pick 2014Q1: the preview changes to that quarter's sentences and numbers.
      // The dropdown animates in; on a loaded machine a click can land before the option settles,
      // so the pick is checked on the select itself and made again if it did not take.
      for (let attempt = 0; attempt < 3; attempt++) {
        await panel.getByTestId('briefing-period').click();
        await page.keyboard.type('第一季度');
        await page.locator('.ant-select-item-option', { hasText: '2014年第一季度' }).click();
        const picked = await expect
          .poll(() => panel.getByTestId('briefing-period').textContent(), { timeout: 5_000 })
          .toContain('2014年第一季度')
          .then(() => true, () => false);
        if (picked) break;
        await page.keyboard.press('Escape');
      }
      await expect.poll(() => preview.getByTestId('briefing-title').textContent(), { timeout: 20_000 }).toBe(TITLE('第一季度'));
      const q1 = await apiGet<BriefingData>(`/api/plans/${planId}/briefing/data?period=2014Q1`);
      const rate = formatPercent(q1.completeness!.onTimeRate.value);
      expect(rate).toBe('66.7%');
      const lead = `本期应报单位3个，按时报送2个，按时报送率${rate}；逾期未报：联通海北分公司。`;
      await preview.getByText(lead).waitFor();
      const sections = await preview.getByTestId('briefing-section').allTextContents();
      expect(sections.slice(0, 2)).toEqual(['一、总体进展', '二、目标指标完成情况']);
      expect(sections.map((h) => h.replace(/^[一二三四五六七八九十]+、/, ''))).toEqual(expect.arrayContaining(['报送情况', '存在问题', '下一步工作要求']));
      const target = q1.targets.find((x) => x.indicator === '固定宽带家庭普及率')!;
      expect(target.latest.value).toBeCloseTo(32.5, 6); // (350 + 300) / 2000 × 100
      const keyNumber = (label: string) => panel.getByTestId('briefing-key-numbers').locator('.ant-statistic', { has: page.getByText(label, { exact: true }) }).locator('.ant-statistic-content');
      await expect.poll(() => keyNumber('按时报送率').textContent()).toBe(rate);
      await expect.poll(() => keyNumber('固定宽带家庭普及率').textContent()).toBe(`${formatNumber(target.latest.value)}%`);

      // The red head off: gone from the preview, and asked of the server.
      await expect.poll(() => preview.getByTestId('briefing-redhead-line').count()).toBe(1);
      await panel.getByTestId('briefing-redhead').click();
      await expect.poll(() => preview.getByTestId('briefing-redhead-line').count()).toBe(0);

      // Word: saved under the server's Chinese file name, with the title, sections and numbers.
      const [docx] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('briefing-docx').click()]);
      expect(docx.suggestedFilename()).toBe('海北州建设宽带青海促进信息消费工作2014年实施方案_2014Q1_工作推进情况通报.docx');
      const bytes = readFileSync((await docx.path())!);
      const { value: text } = await mammoth.extractRawText({ buffer: bytes });
      expect(text).toContain(TITLE('第一季度'));
      let at = -1;
      for (const h of ['一、总体进展', '报送情况', '下一步工作要求']) {
        expect(text.indexOf(h), h).toBeGreaterThan(at);
        at = text.indexOf(h);
      }
      expect(text).toContain(lead);
      const { value: html } = await mammoth.convertToHtml({ buffer: bytes });
      expect(html).toContain(`<td><p>${formatNumber(target.latest.value)}</p><p>2014Q1</p></td>`);

      // The file saved is the one logged, as asked (Q1, Word, no red head), and the list shows it.
      const log = await apiGet<{ items: { period: string; format: string; redHead: boolean; sha256: string }[] }>(`/api/plans/${planId}/briefings`);
      expect(log.items[0]).toMatchObject({ period: '2014Q1', format: 'docx', redHead: false, sha256: createHash('sha256').update(bytes).digest('hex') });
      await panel.getByTestId('briefing-log').locator('tbody tr', { hasText: '2014年第一季度' }).filter({ hasText: 'Word' }).waitFor();

      // PDF: a text layer with the title.
      const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), panel.getByTestId('briefing-pdf').click()]);
      expect(pdf.suggestedFilename()).toMatch(/_2014Q1_工作推进情况通报\.pdf$/);
      const pdfBytes = readFileSync((await pdf.path())!);
      expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect((await pdfText(pdfBytes)).replace(/\s+/g, '')).toContain(TITLE('第一季度'));
      await panel.getByTestId('briefing-log').locator('tbody tr', { hasText: 'PDF' }).waitFor();
      // The office edits before it sends: a 文号, a contact, one paragraph reworded; saved, the Word file says so.
      await panel.getByTestId('briefing-edit').click();
      // antd puts data-testid on the <input> itself, or on its wrapper when it has an addon.
      const box = async (id: string) => {
        const el = panel.getByTestId(id);
        return (await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input');
      };
      await (await box('briefing-docnumber')).fill('北政办〔2014〕23号');
      await (await box('briefing-contact-name')).fill('李明');
      await (await box('briefing-contact-phone')).fill('0970-8642100');
      const lead2 = panel.getByTestId('briefing-edit-overview.reporting');
      await lead2.fill('本期各单位报送情况总体平稳。');
      await panel.getByTestId('briefing-save-draft').click();
      await page.getByText('草稿已保存').waitFor();
      await panel.getByTestId('briefing-edit').click();
      await preview.getByText('（联系人：李明，电话：0970-8642100）').waitFor();
      const [edited] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('briefing-docx').click()]);
      const { value: editedText } = await mammoth.extractRawText({ buffer: readFileSync((await edited.path())!) });
      expect(editedText).toContain('北政办〔2014〕23号');
      expect(editedText).toContain('本期各单位报送情况总体平稳。');
      expect(editedText).not.toContain(lead);
      expect(editedText).toContain('（联系人：李明，电话：0970-8642100）');
      await panel.screenshot({ path: join(SCREENSHOTS, 'briefing-panel.png') });
      await screenshot(page, 'briefing-overview');
      expect(problems).toEqual([]);
    } catch (e) {
      await screenshot(page, 'briefing-failure').catch(() => {});
      throw e;
    } finally {
      await ctx.close();
    }
  }, 120_000);
});
