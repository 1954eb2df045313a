import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/platform/audit.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { createDataElement, type DataElement } from '../../src/reporting/data-element.service.ts';
import { createForm } from '../../src/reporting/form.service.ts';
import type { ReportingUser } from '../../src/reporting/reporting.access.ts';
import { approve, openSubmission, saveDraft, submit } from '../../src/reporting/submission.service.ts';
import { createUser } from '../app.ts';
import { monthsAgo, monthsAhead, seedHaibei } from '../reporting-fixtures.ts';
import { browserAvailable, openSession, pickOption, screenshot, startWebStack, type WebStack } from './browser.ts';

const enabled = browserAvailable();

/**
 * The office's plan becomes live tracking in the browser alone: a form built from the plan's
 * reporting duty (elements, one created inline, a unit and its division, a task, due and lock
 * rules, the reporter's preview) reaches the reporter; a target of the active plan is linked to an
 * indicator made from it in one step, and once a value is approved its status shows on the plan
 * dashboard.
 */
describe.skipIf(!enabled)('form builder and target linking (browser)', () => {
  let stack: WebStack;
  let db: Db;
  let browser: Browser;
  let base: string;
  let admin: { id: number; username: string; password: string };
  let reporter: { id: number; username: string; password: string };
  let unitId: number;
  let planId: number;
  let targetId: number;
  let households: DataElement;
  const year = Number(monthsAgo(0).code.slice(0, 4));

  beforeAll(async () => {
    stack = await startWebStack(async (d) => {
      db = d;
      await seedHaibei(db);
      unitId = Number((await db.kysely.insertInto('units').values({ name: '海北州统计局', division_code: '6322', kind: 'department' }).returning('id').executeTakeFirstOrThrow()).id);
      reporter = await createUser(db, { role: 'reporter', unitId, username: 'e2e-fb-reporter' });
      admin = await createUser(db, { role: 'admin', username: 'e2e-fb-admin' });
      const plan = await db.kysely
        .insertInto('plans')
        .values({ title: '海北州宽带网络建设实施方案', division_code: '6322', status: 'active', source_text: '……', activated_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      planId = Number(plan.id);
      const target = await db.kysely
        .insertInto('plan_items')
        .values({
          plan_id: planId,
          kind: 'target',
          ord: 1,
          review_status: 'accepted',
          data: JSON.stringify({ indicator: '全州固定宽带家庭普及率', value: 70, unit: '%', comparator: '>=', deadline: String(year + 1), baseline: { value: 40, date: String(year - 1) }, scope: null }),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      targetId = Number(target.id);
      for (const [i, title] of ['推进光纤到户改造', '实施宽带乡村工程'].entries()) {
        const task = await db.kysely.insertInto('plan_items').values({ plan_id: planId, kind: 'task', ord: 2 + i, data: JSON.stringify({ title, section: null, leadUnits: ['州统计局'], responsibleUnits: [], text: '' }), review_status: 'accepted' }).returning('id').executeTakeFirstOrThrow();
        await db.kysely.insertInto('plan_item_units').values({ item_id: task.id, role: 'lead', name_as_written: '州统计局', unit_id: unitId }).execute();
      }
      await db.kysely
        .insertInto('reporting_duties')
        .values({ plan_id: planId, what: '宽带发展情况月报', frequency: 'monthly', period_type: 'M', due_rule: JSON.stringify({ kind: 'offset', days: 10 }), grace_days: 60, starts_on: monthsAgo(2).start, ends_on: monthsAhead(12).end })
        .execute();
      households = await createDataElement(db, SYSTEM, { code: 'households', name: '家庭户数', valueType: 'integer', unit: '户', periodType: 'M', temporal: 'stock', spatial: 'sum', divisionLevel: 2, min: 0 });
    });
    ({ browser, base } = stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** A context of its own, signed in: the office and the reporter side by side. */
  const signIn = (who: { username: string; password: string }) => openSession(browser, base, who);

  /** Opens an antd select by its input id, types, and picks the visible option with the text. */
  /** Picks by the select's input id; `shows` checks the select then displays it. */
  const pick = (page: Page, id: string, typed: string, option: string | RegExp, shows?: string | RegExp): Promise<void> => pickOption(page, `#${id}`, typed, option, shows);

  it('the office builds a form from the plan’s reporting duty, previews it, and the reporter sees it', async () => {
    const office = await signIn(admin);
    let rep: Awaited<ReturnType<typeof signIn>> | null = null;
    try {
      // From the plan's duty to the builder, named after the duty.
      await office.page.goto(`${base}/plans/${planId}`);
      await office.page.getByTestId('duty-build-form').click();
      await office.page.waitForURL(/\/reporting\/forms\?plan=\d+&duty=\d+/);
      const builder = office.page.getByTestId('form-builder');
      await builder.getByTestId('fb-duty-note').waitFor();
      await expect.poll(() => office.page.locator('#fb-name').inputValue()).toBe('宽带发展情况月报');
      await office.page.locator('#fb-code').fill('HB-BB-DUTY');
      await office.page.locator('#fb-grace-days').fill('60');

      // Elements: one from the catalogue, one created inline.
      await pick(office.page, 'fb-add-element', '家庭户数', '家庭户数');
      await builder.getByTestId('fb-new-element').click();
      await office.page.locator('.ant-modal #code').fill('fbb_users');
      await office.page.locator('.ant-modal #name').fill('固定宽带家庭用户数');
      await office.page.locator('.ant-modal #unit').fill('户');
      await office.page.locator('.ant-modal #divisionLevel').click();
      await office.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '市（州）' }).click();
      await office.page.locator('.ant-modal .ant-btn-primary').click();
      await builder.getByTestId('fb-elements').getByText('固定宽带家庭用户数').waitFor();

      // The unit and the division it reports for; one task.
      await pick(office.page, 'fb-unit', '统计局', '海北州统计局', '海北州统计局');
      await pick(office.page, 'fb-division', '海北', '6322');
      await builder.getByTestId('fb-add-assignment').click();
      await builder.getByTestId('fb-assignments').getByText('海北州统计局').waitFor();
      await pick(office.page, 'fb-tasks', '光纤', '推进光纤到户改造');
      await office.page.keyboard.press('Escape');

      // The preview is the reporter's own form.
      const preview = builder.getByTestId('fb-preview');
      await preview.getByTestId('values-table').getByText('固定宽带家庭用户数').waitFor();
      await preview.getByText('推进光纤到户改造').waitFor();
      expect(await preview.getByText('实施宽带乡村工程').count()).toBe(0);
      await screenshot(office.page, 'forms-1-builder-preview');

      await builder.getByTestId('fb-save').click();
      await office.page.getByTestId('forms-table').getByText('HB-BB-DUTY').waitFor();
      const form = await db.kysely.selectFrom('forms').select(['id', 'plan_id', 'duty_id', 'period_type', 'grace_days']).where('code', '=', 'HB-BB-DUTY').executeTakeFirstOrThrow();
      expect(form).toMatchObject({ plan_id: planId, period_type: 'M', grace_days: 60 });
      expect(form.duty_id).not.toBeNull();
      const els = await db.kysely.selectFrom('form_elements as fe').innerJoin('data_elements as e', 'e.id', 'fe.element_id').select('e.code').where('fe.form_id', '=', form.id).orderBy('fe.ord').execute();
      expect(els.map((e) => e.code)).toEqual(['households', 'fbb_users']);

      // Editing it again opens on what was saved.
      await office.page.getByTestId('forms-table').locator('tr', { hasText: 'HB-BB-DUTY' }).getByTestId('form-edit').click();
      await builder.getByTestId('fb-assignments').getByText('海北州统计局').waitFor();
      await builder.getByRole('button', { name: /取\s*消/ }).first().click();

      // The reporter finds it among its due reports and opens the form it was previewed as.
      rep = await signIn(reporter);
      await rep.page.waitForURL(/\/reporting\/my$/);
      const row = rep.page.getByTestId('my-due').locator('tr', { hasText: '宽带发展情况月报' }).filter({ hasText: monthsAgo(1).code });
      await row.getByTestId('due-open').click();
      await rep.page.getByTestId('submission-title').filter({ hasText: '宽带发展情况月报' }).waitFor();
      await rep.page.getByTestId('values-table').getByText('固定宽带家庭用户数').waitFor();
      await rep.page.getByRole('tab', { name: /任务进展/ }).click();
      await rep.page.getByText('推进光纤到户改造').waitFor();
      await screenshot(rep.page, 'forms-2-reporter-sees-form');
      expect(office.problems).toEqual([]);
      expect(rep.problems).toEqual([]);
    } catch (e) {
      await screenshot(office.page, 'forms-failure-office').catch(() => {});
      if (rep) await screenshot(rep.page, 'forms-failure-reporter').catch(() => {});
      throw e;
    } finally {
      await office.ctx.close();
      await rep?.ctx.close();
    }
  }, 180_000);

  it('the office links a target of the active plan to an indicator made from it, and its status shows once a value is approved', async () => {
    const office = await signIn(admin);
    try {
      // The dashboard says nothing is linked and where to do it.
      await office.page.goto(`${base}/plans/${planId}/dashboard`);
      await office.page.getByTestId('go-link-targets').first().click();
      await office.page.waitForURL(new RegExp(`/plans/${planId}#target-links$`));
      const panel = office.page.getByTestId('target-links');
      await panel.getByTestId('tl-unlinked').waitFor();

      // One step: the indicator, a new numerator, the existing denominator, ×100, level 州, judged monthly.
      await panel.getByTestId(`tl-actions-${targetId}`).getByTestId('tl-create').click();
      const modal = office.page.locator('.ant-modal', { hasText: '按目标新建指标' });
      await modal.locator('#tl-code').fill('FBB_PEN');
      await modal.locator('#tl-name').fill('固定宽带家庭普及率');
      await modal.locator('#tl-num-code').fill('fbb_home_users');
      await modal.locator('#tl-num-name').fill('固定宽带入户用户数');
      await modal.locator('#tl-num-unit').fill('户');
      await pick(office.page, 'tl-den-element', '家庭户数', '家庭户数', '家庭户数');
      await pick(office.page, 'tl-level', '', '市（州）', '市（州）');
      await pick(office.page, 'tl-frequency', '', '判断频度：月', '判断频度：月');
      expect(await modal.locator('#tl-factor').inputValue()).toBe('100');
      await screenshot(office.page, 'forms-3-indicator-from-target');
      await office.page.getByTestId('tl-create-ok').click();
      await panel.getByTestId('tl-linked').filter({ hasText: '固定宽带家庭普及率' }).getByTestId('tl-linked-frequency').filter({ hasText: '判断频度：月' }).waitFor();

      // A value reported and approved through the reporting services.
      const link = await db.kysely.selectFrom('target_links').select(['indicator_id', 'frequency', 'division_code']).where('item_id', '=', targetId).executeTakeFirstOrThrow();
      expect(link).toMatchObject({ frequency: 'M', division_code: '6322' });
      const numerator = await db.kysely.selectFrom('data_elements').select(['id', 'division_level']).where('code', '=', 'fbb_home_users').executeTakeFirstOrThrow();
      expect(numerator.division_level).toBe(2);
      const form = await createForm(db, SYSTEM, {
        code: 'HB-PEN-M', name: '海北州普及率月报', periodType: 'M', dueRule: { kind: 'offset', days: 10 }, graceDays: 60,
        startsOn: monthsAgo(2).start, endsOn: monthsAhead(2).end, includesProgress: false,
        elements: [{ elementId: numerator.id, required: true }, { elementId: households.id, required: true }],
        assignments: [{ unitId, divisionCode: '6322' }], rules: [], taskIds: [],
      });
      const who: ReportingUser = { id: reporter.id, role: 'reporter', unitId, divisionCode: null };
      const sub = await openSubmission(db, SYSTEM, who, { formId: form.id, unitId, period: monthsAgo(1).code });
      const saved = await saveDraft(db, SYSTEM, who, sub.id, { version: sub.version, values: [{ elementId: numerator.id, divisionCode: '6322', value: 60_000 }, { elementId: households.id, divisionCode: '6322', value: 100_000 }] });
      const sent = await submit(db, SYSTEM, who, sub.id, { version: saved.version });
      await approve(db, SYSTEM, { id: admin.id, role: 'admin', unitId: null, divisionCode: null }, sub.id, { version: sent.version });

      // The target is alive on the dashboard: judged, with its latest value.
      await office.page.goto(`${base}/plans/${planId}/dashboard`);
      const card = office.page.getByTestId('trajectory-card').filter({ hasText: '固定宽带家庭普及率' });
      await card.getByTestId('trajectory-chart').waitFor();
      const tag = (await card.locator('.ant-card-extra').textContent()) ?? '';
      expect(tag).not.toBe('');
      expect(tag).not.toContain('无数据');
      expect(await card.textContent()).toContain(`60（${monthsAgo(1).code}）`);
      await screenshot(office.page, 'forms-4-dashboard-target-alive');
      expect(office.problems).toEqual([]);
    } catch (e) {
      await screenshot(office.page, 'forms-failure-linking').catch(() => {});
      throw e;
    } finally {
      await office.ctx.close();
    }
  }, 180_000);
});
