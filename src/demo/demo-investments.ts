/**
 * 海北's operators report the investment they completed, each for itself: a monthly form of the
 * per-unit element 完成投资额, replayed through the reporting services like the other reports. Each
 * operator reports every county of the prefecture; the county's value is the operators' sum, and
 * the dashboard and briefing show planned beside done per operator.
 */
import { planInvestments } from '../dashboards/investments.service.ts';
import type { Actor } from '../platform/audit.ts';
import type { Db } from '../platform/db/database.ts';
import { createForm, getFormHead } from '../reporting/form.service.ts';
import type { ReportingUser } from '../reporting/reporting.access.ts';
import { buildCalendar } from '../reporting/calendar.ts';
import { approve, openSubmission, saveDraft, submit } from '../reporting/submission.service.ts';

export interface ReplayTools {
  openPastPeriods(db: Db, formId: number, periods: string[], reason: string): Promise<void>;
  closeReplayUnlocks(db: Db, formId: number, reason: string): Promise<void>;
  backdate(db: Db, submissionId: number, submittedAt: Date, reviewedAt: Date | null): Promise<void>;
  addDays(day: string, n: number): Date;
}

/** Share of its plan an operator has completed by the end of each quarter: one on pace, one slower, one far behind. */
const PACES = [
  [0.2, 0.45, 0.75, 0.98],
  [0.15, 0.35, 0.55, 0.72],
  [0.05, 0.12, 0.25, 0.38],
];

export async function replayOperatorInvestment(
  db: Db,
  actor: Actor,
  adminAs: ReportingUser,
  plan: { id: number; divisionCode: string; year: number },
  investmentElementId: number,
  counties: string[],
  tools: ReplayTools,
): Promise<number> {
  const planned = (await planInvestments(db, plan.id)).items.filter((u) => u.unitId !== null && u.planned > 0 && u.years.includes(plan.year));
  if (planned.length === 0 || counties.length === 0) return 0;
  const form = await createForm(db, actor, {
    code: 'HB-INVEST-M',
    name: '海北州运营商投资完成情况月报',
    planId: plan.id,
    periodType: 'M',
    dueRule: { kind: 'offset', days: 10 },
    graceDays: 15,
    exempt: [],
    startsOn: `${plan.year}-01-01`,
    endsOn: `${plan.year}-12-31`,
    includesProgress: false,
    elements: [{ elementId: investmentElementId, required: true }],
    assignments: planned.map((u) => ({ unitId: u.unitId as number, divisionCode: plan.divisionCode })),
    rules: [],
  });
  const head = await getFormHead(db, form.id);
  const periods = buildCalendar({ type: head.periodType, due: head.dueRule, graceDays: head.graceDays, exempt: head.exempt }, head.startsOn, head.endsOn);
  const REPLAY = '演示数据回放 / demo replay';
  await tools.openPastPeriods(db, form.id, periods.map((p) => p.code), REPLAY);
  let n = 0;
  for (const [u, op] of planned.entries()) {
    const pace = PACES[u % PACES.length];
    for (const [q, p] of periods.entries()) {
      // The month's investment: a third of its quarter's growth in the completed share, spread over the counties.
      const quarter = Math.floor(q / 3);
      const amount = (op.planned * (pace[quarter] - (quarter > 0 ? pace[quarter - 1] : 0))) / 3 / counties.length;
      const values = counties.map((c) => ({ elementId: investmentElementId, divisionCode: c, value: Math.round(amount * 10) / 10 }));
      const sub = await openSubmission(db, actor, adminAs, { formId: form.id, unitId: op.unitId as number, period: p.code });
      const s = await saveDraft(db, actor, adminAs, sub.id, { version: sub.version, values });
      const v = (await submit(db, actor, adminAs, s.id, { version: s.version })).version;
      await approve(db, actor, adminAs, s.id, { version: v });
      const late = u === 2 && q >= 6;
      await tools.backdate(db, s.id, tools.addDays(p.dueOn!, late ? 6 : -2), tools.addDays(p.dueOn!, 8));
      n++;
    }
  }
  await tools.closeReplayUnlocks(db, form.id, REPLAY);
  return n;
}
