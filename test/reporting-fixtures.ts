import { readFileSync } from 'node:fs';
import { vi } from 'vitest';
import type { Db } from '../src/platform/db/database.ts';
import { SYSTEM } from '../src/platform/audit.ts';
import { createIndexDefinition } from '../src/indicators/dev-index.service.ts';
import { createIndicator } from '../src/indicators/indicator.service.ts';
import { saveTargetLink } from '../src/indicators/target-links.service.ts';
import { activatePlan, addItem, getItems, importPlanText } from '../src/plans/plan.service.ts';
import { createDataElement, type DataElement } from '../src/reporting/data-element.service.ts';
import { createForm, type FormDetail } from '../src/reporting/form.service.ts';
import type { ReportingUser } from '../src/reporting/reporting.access.ts';
import type { FormInput } from '../src/reporting/reporting.schemas.ts';
import { approve, openSubmission, saveDraft, submit } from '../src/reporting/submission.service.ts';
import { createUser } from './app.ts';
import { periodOf, nextPeriod, makePeriod, type Period } from '../src/kernel/period.ts';
import { today as chinaDay } from '../src/kernel/clock.ts';

/** Builders for reporting tests: unique codes per call, real rows through the services. */
let seq = 0;
export const uniq = (s: string) => `${s}${process.pid}x${++seq}`;

/** 青海 → 海北州 → its four counties (enough for unit rows at county level). */
export const HAIBEI_COUNTIES = ['632221', '632222', '632223', '632224'] as const;

export async function seedHaibei(db: Db): Promise<void> {
  await db.kysely
    .insertInto('divisions')
    .values([
      { code: '63', name: '青海省', level: 1, parent_code: null, full_name: '青海省' },
      { code: '6322', name: '海北藏族自治州', level: 2, parent_code: '63', full_name: '青海省海北藏族自治州' },
      { code: '632221', name: '门源回族自治县', level: 3, parent_code: '6322', full_name: '青海省海北藏族自治州门源回族自治县' },
      { code: '632222', name: '祁连县', level: 3, parent_code: '6322', full_name: '青海省海北藏族自治州祁连县' },
      { code: '632223', name: '海晏县', level: 3, parent_code: '6322', full_name: '青海省海北藏族自治州海晏县' },
      { code: '632224', name: '刚察县', level: 3, parent_code: '6322', full_name: '青海省海北藏族自治州刚察县' },
      { code: '6301', name: '西宁市', level: 2, parent_code: '63', full_name: '青海省西宁市' },
    ])
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function makeUnit(db: Db, name: string, divisionCode: string): Promise<number> {
  const r = await db.kysely.insertInto('units').values({ name: uniq(name), division_code: divisionCode, kind: 'department' }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** The three broadband elements of the 海北州 plan, at county level. */
export async function makeBroadbandElements(db: Db): Promise<{ users: DataElement; households: DataElement; investment: DataElement }> {
  const users = await createDataElement(db, SYSTEM, {
    code: uniq('fixed_bb_households_'), name: uniq('固定宽带家庭用户数'), valueType: 'integer', unit: '户', periodType: 'M',
    temporal: 'stock', spatial: 'sum', divisionLevel: 3, min: 0, maxJumpShare: 0.5,
  });
  const households = await createDataElement(db, SYSTEM, {
    code: uniq('households_'), name: uniq('家庭户数'), valueType: 'integer', unit: '户', periodType: 'M', temporal: 'stock', spatial: 'sum', divisionLevel: 3, min: 0,
  });
  const investment = await createDataElement(db, SYSTEM, {
    code: uniq('investment_'), name: uniq('完成投资额'), valueType: 'number', unit: '万元', periodType: 'M', temporal: 'flow', spatial: 'sum', divisionLevel: 3, min: 0,
  });
  return { users, households, investment };
}

/** Today (Beijing) and whole months around it, so lock dates are relative to the real clock. */
export function monthsAgo(n: number): Period {
  let p = periodOf('M', chinaDay());
  for (let i = 0; i < n; i++) p = p.index > 1 ? makePeriod('M', p.year, p.index - 1) : makePeriod('M', p.year - 1, 12);
  return p;
}
export const monthsAhead = (n: number): Period => {
  let p = periodOf('M', chinaDay());
  for (let i = 0; i < n; i++) p = nextPeriod(p);
  return p;
};

/**
 * A monthly form due 10 days after each month, spanning a year back to a year ahead, with the
 * broadband elements and the rule 固定宽带家庭用户数 ≤ 家庭户数 × 1.5 (warning).
 */
export async function makeMonthlyForm(
  db: Db,
  els: { users: DataElement; households: DataElement; investment: DataElement },
  assignments: FormInput['assignments'],
  over: Partial<FormInput> = {},
): Promise<FormDetail> {
  return createForm(db, SYSTEM, {
    code: uniq('HB-M-'),
    name: uniq('海北州宽带月报'),
    periodType: 'M',
    dueRule: { kind: 'offset', days: 10 },
    graceDays: 15,
    startsOn: monthsAgo(12).start,
    endsOn: monthsAhead(12).end,
    elements: [
      { elementId: els.users.id, required: true },
      { elementId: els.households.id, required: true },
      { elementId: els.investment.id, required: false },
    ],
    assignments,
    rules: [{ leftElementId: els.users.id, op: '<=', rightElementId: els.households.id, factor: 1.5, severity: 'warning', message: '固定宽带家庭用户数不应超过家庭户数的1.5倍' }],
    ...over,
  });
}

const HAIBEI_2014_PLAN = readFileSync(new URL('../examples/plans/000_a21303be5ef81ba7.txt', import.meta.url), 'utf8');

/**
 * 海北州's 2014 plan, imported from its text, with a broadband target added in review and linked
 * to an indicator; three operators (units the plan names) report a quarterly form per county:
 *   电信 (门源): Q1 on 04-03, Q2 on 07-03 (on time, due 07-08)     users 350 → 400 of 1000 households
 *   移动 (祁连): Q1 on 04-03, Q2 on 07-20 (late)                    users 300 → 330 of 1000
 *   联通 (海晏): nothing
 * so 6322's 固定宽带家庭普及率 is 32.5% in 2014Q1 and 36.5% in 2014Q2 (Σusers / Σhouseholds), and
 * by the day after the due date Q1 reads 2 of 3 on time (66.7%), Q2 1 of 3 (33.3%). The briefing's
 * API test and its browser test both start from it. `unlinkedTarget` adds a target no indicator
 * measures; `words` gives a report's narrative or problems by `<operator> <period>`.
 */
export async function seedBriefingPlan(db: Db, opts: { unlinkedTarget?: boolean; words?: Record<string, { narrative?: string; problems?: string }> } = {}) {
  await seedHaibei(db);
  const imported = await importPlanText(db, SYSTEM, { text: HAIBEI_2014_PLAN, filename: '海北.txt', format: 'txt', divisionCode: '6322' });
  const planId = imported.plan.id;
  const target = await addItem(db, SYSTEM, planId, 'target', {
    indicator: '固定宽带家庭普及率', scope: '全州', value: 40, unit: '%', comparator: '>=', deadline: '2014-12', baseline: { value: 30, date: '2013' },
    text: '到2014年底，全州固定宽带家庭普及率达到40%',
  }, null);
  const unlinked = opts.unlinkedTarget
    ? await addItem(db, SYSTEM, planId, 'target', { indicator: '3G/4G用户普及率', scope: '全州', value: 40, unit: '%', comparator: '>=', deadline: '2014-12', baseline: null, text: '3G/4G用户普及率达到40%' }, null)
    : null;
  const plan = await activatePlan(db, SYSTEM, planId, imported.plan.version);

  const tasks = await getItems(db, planId, 'task');
  const unitNamed = (name: string) => tasks.flatMap((t) => t.units).find((u) => u.nameAsWritten === name && u.unitId !== null)!.unitId!;
  const units = { telecom: unitNamed('电信海北分公司'), mobile: unitNamed('移动海北分公司'), unicom: unitNamed('联通海北分公司') };
  const taskOf = (unitId: number) => tasks.find((t) => t.units.some((u) => u.unitId === unitId && u.role === 'lead'))!.id;

  const els = await makeBroadbandElements(db);
  const indicator = await createIndicator(db, SYSTEM, { code: uniq('FIXED_HB_'), name: uniq('固定宽带家庭普及率'), unit: '%', direction: 'higher', numeratorElementId: els.users.id, denominatorElementId: els.households.id, factor: 100 });
  await saveTargetLink(db, SYSTEM, planId, target.id, { indicatorId: indicator.id, divisionCode: '6322', frequency: 'Q' });
  const form = await createForm(db, SYSTEM, {
    code: uniq('HB-Q-'), name: uniq('海北州宽带季报'), planId, periodType: 'Q', dueRule: { kind: 'offset', days: 8 }, graceDays: 60, startsOn: '2014-01-01', endsOn: '2014-12-31',
    elements: [{ elementId: els.users.id, required: true }, { elementId: els.households.id, required: true }],
    assignments: [{ unitId: units.telecom, divisionCode: '632221' }, { unitId: units.mobile, divisionCode: '632222' }, { unitId: units.unicom, divisionCode: '632223' }],
    rules: [],
    includesProgress: true,
  });
  const office: ReportingUser = { id: (await createUser(db, { role: 'admin' })).id, role: 'admin', unitId: null, divisionCode: null };
  const reporterOf = async (unitId: number): Promise<ReportingUser> => ({ id: (await createUser(db, { role: 'reporter', unitId })).id, role: 'reporter', unitId, divisionCode: null });
  const reporters = { telecom: await reporterOf(units.telecom), mobile: await reporterOf(units.mobile) };
  const report = async (who: 'telecom' | 'mobile', county: string, period: string, day: string, users: number, percent: number) => {
    // Each report is made on its day: on time or late is judged by the submission's own timestamps.
    vi.setSystemTime(new Date(`${day}T10:00:00+08:00`));
    const user = reporters[who];
    const sub = await openSubmission(db, SYSTEM, user, { formId: form.id, unitId: units[who], period });
    const saved = await saveDraft(db, SYSTEM, user, sub.id, {
      version: sub.version,
      values: [{ elementId: els.users.id, divisionCode: county, value: users }, { elementId: els.households.id, divisionCode: county, value: 1000 }],
      progress: [{ itemId: taskOf(units[who]), status: 'in_progress', percent, ...opts.words?.[`${who} ${period}`] }],
    });
    const sent = await submit(db, SYSTEM, user, sub.id, { version: saved.version });
    await approve(db, SYSTEM, office, sub.id, { version: sent.version });
  };
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    await report('telecom', '632221', '2014Q1', '2014-04-03', 350, 30);
    await report('mobile', '632222', '2014Q1', '2014-04-03', 300, 20);
    await report('telecom', '632221', '2014Q2', '2014-07-03', 400, 60);
    await report('mobile', '632222', '2014Q2', '2014-07-20', 330, 35);
  } finally {
    vi.useRealTimers();
  }
  return { planId, plan, units, targetId: target.id, unlinkedId: unlinked?.id ?? null };
}

/**
 * A 宽带发展指数 over the two access indicators of src/indicators/status.test-fixtures.ts's
 * monitoredProvince (their codes), each against its reference as the ITU IDI method does; the
 * publishing API test and the portal's browser test both serve it.
 */
export async function broadbandIndex(db: Db, code: string, codes: { fixed: string; villages: string }, about: { description: string; sources: string[] }): Promise<void> {
  await createIndexDefinition(db, SYSTEM, {
    code,
    name: '宽带发展指数',
    ...about,
    scale: 10,
    groups: [{ code: 'access', name: '普及', weight: 1 }],
    components: [
      { indicator: codes.fixed, name: '固定宽带家庭普及率', group: 'access', reference: 70, log: false, cap: 1.2, weight: 1 },
      { indicator: codes.villages, name: '行政村通宽带比例', group: 'access', reference: 98, log: false, cap: 1.2, weight: 1 },
    ],
  });
}
