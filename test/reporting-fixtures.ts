import type { Db } from '../src/platform/db/database.ts';
import { SYSTEM } from '../src/platform/audit.ts';
import { createDataElement, type DataElement } from '../src/reporting/data-element.service.ts';
import { createForm, type FormDetail } from '../src/reporting/form.service.ts';
import type { FormInput } from '../src/reporting/reporting.schemas.ts';
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
