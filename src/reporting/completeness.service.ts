import { asOfFrame } from '../kernel/as-of.ts';
import { eventDay, today as clockToday } from '../kernel/clock.ts';
import { addDays, dayDiff } from '../kernel/day.ts';
import { parsePeriod, periodWithin } from '../kernel/period.ts';
import { RATE_DEFINITIONS, ratesOf } from '../kernel/rates.ts';
import { formUseEvidence } from './completeness.repository.ts';
import type { Executor } from '../platform/db/database.ts';
import { activePlansNamingUnit, assignedUnits, progressItemsOf, type ProgressItem } from './form.repository.ts';
import { formCalendar, listForms, type Form } from './form.service.ts';
import type { ReportingUser } from './reporting.access.ts';
import type { SubmissionStatus } from './reporting.tables.ts';
import { submissionStates, unlocksInForce } from './submission.repository.ts';

export interface CompletenessFilter {
  planId?: number;
  formId?: number;
  unitId?: number;
  period?: string;
  /** only units whose division code starts with this (a viewer's subtree) */
  divisionPrefix?: string;
  /** the day counts are taken on, YYYY-MM-DD (Beijing time) */
  asOf: string;
}

export type Timeliness = 'on_time' | 'late' | 'missing';

/** One report a unit owed on a form for a period, as of a day. */
export interface CompletenessRow {
  formId: number;
  formCode: string;
  formName: string;
  unitId: number;
  unitName: string;
  unitDivisionCode: string;
  period: string;
  dueOn: string;
  state: Timeliness;
  /** the day (Beijing time) of its first submission, when submitted by asOf */
  submittedOn: string | null;
  submissionId: number | null;
  submissionStatus: SubmissionStatus | null;
  daysOverdue: number;
}

export interface Counts {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
  /** submitted / expected, null when nothing is expected */
  submittedRate: number | null;
  onTimeRate: number | null;
}

export interface CompletenessReport {
  asOf: string;
  /** what the rates mean (kernel/rates.ts), for every reader that prints them */
  definitions: typeof RATE_DEFINITIONS;
  rows: CompletenessRow[];
  totals: Counts;
  byUnit: (Counts & { unitId: number; unitName: string })[];
  byForm: (Counts & { formId: number; formCode: string; formName: string })[];
  byPeriod: (Counts & { period: string })[];
}

function count(rows: CompletenessRow[]): Counts {
  const c = { expected: rows.length, submitted: 0, onTime: 0, late: 0, missing: 0 };
  for (const r of rows) {
    if (r.state === 'missing') c.missing++;
    else {
      c.submitted++;
      if (r.state === 'on_time') c.onTime++;
      else c.late++;
    }
  }
  return { ...c, ...ratesOf(c) };
}

/**
 * Completeness and timeliness per unit × form × period as of a day (kernel/rates.ts defines the
 * rates). A report is owed when its due date is on or before asOf and the form was in use before
 * the period locked: a period that closed before the form existed — before its creation or its
 * first report, whichever came first — is not owed (a form created today does not make two years
 * of reports late). It is on time when first submitted on or before the due date (a report
 * returned and resubmitted keeps its first submission), late when after, missing when nothing was
 * submitted by asOf. Exempt periods owe nothing. `period` keeps the periods within it (a quarter
 * counts its months). Returns the rows, totals with rates, and sums by unit, form and period.
 */
export async function completeness(ex: Executor, f: CompletenessFilter): Promise<CompletenessReport> {
  let forms: Form[] = await listForms(ex, { planId: f.planId });
  if (f.formId !== undefined) forms = forms.filter((x) => x.id === f.formId);
  const formIds = forms.map((x) => x.id);
  const pairs = await assignedUnits(ex, formIds, { unitId: f.unitId, divisionPrefix: f.divisionPrefix });
  const subs = new Map((await submissionStates(ex, formIds, f.unitId)).map((s) => [`${s.formId}|${s.unitId}|${s.period}`, s]));
  const within = f.period === undefined ? null : parsePeriod(f.period);
  // In use since its creation, or since the first report known as of asOf of a period up to the
  // horizon, when earlier: what a later period's report or a later submission says never counts.
  const evidence = await formUseEvidence(ex, formIds);
  const cutoff = asOfFrame({ asOf: f.asOf }, clockToday()).cutoff.getTime();
  const horizon = within !== null && within.end < f.asOf ? within.end : f.asOf;
  const inUse = new Map<number, number>();
  for (const [id, at] of evidence.created) inUse.set(id, at.getTime());
  for (const r of evidence.firstReports) {
    if (r.at.getTime() >= cutoff || parsePeriod(r.period).start > horizon) continue;
    if (r.at.getTime() < (inUse.get(r.formId) ?? Infinity)) inUse.set(r.formId, r.at.getTime());
  }
  const rows: CompletenessRow[] = [];
  for (const form of forms) {
    const since = eventDay(inUse.get(form.id) ?? form.createdAt);
    const periods = formCalendar(form).filter(
      (p) => p.dueOn !== null && p.dueOn <= f.asOf && !(p.locksOn !== null && p.locksOn < since) && (within === null || periodWithin(p.code, within)),
    );
    for (const pair of pairs) {
      if (pair.formId !== form.id) continue;
      for (const p of periods) {
        const dueOn = p.dueOn as string;
        const s = subs.get(`${form.id}|${pair.unitId}|${p.code}`);
        const submittedOn = s?.firstSubmittedAt ? eventDay(s.firstSubmittedAt) : null;
        const submitted = submittedOn !== null && submittedOn <= f.asOf;
        rows.push({
          formId: form.id,
          formCode: form.code,
          formName: form.name,
          unitId: pair.unitId,
          unitName: pair.unitName,
          unitDivisionCode: pair.unitDivisionCode,
          period: p.code,
          dueOn,
          state: submitted ? ((submittedOn as string) <= dueOn ? 'on_time' : 'late') : 'missing',
          submittedOn: submitted ? submittedOn : null,
          submissionId: s?.id ?? null,
          submissionStatus: s?.status ?? null,
          daysOverdue: submitted ? Math.max(0, dayDiff(submittedOn as string, dueOn)) : dayDiff(f.asOf, dueOn),
        });
      }
    }
  }
  rows.sort((a, b) => a.formCode.localeCompare(b.formCode) || a.unitId - b.unitId || a.period.localeCompare(b.period));
  const group = <K>(key: (r: CompletenessRow) => K) => {
    const m = new Map<K, CompletenessRow[]>();
    for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
    return m;
  };
  return {
    asOf: f.asOf,
    definitions: RATE_DEFINITIONS,
    rows,
    totals: count(rows),
    byUnit: [...group((r) => r.unitId)].map(([unitId, rs]) => ({ unitId, unitName: rs[0].unitName, ...count(rs) })),
    byForm: [...group((r) => r.formId)].map(([formId, rs]) => ({ formId, formCode: rs[0].formCode, formName: rs[0].formName, ...count(rs) })),
    byPeriod: [...group((r) => r.period)].sort(([a], [b]) => a.localeCompare(b)).map(([period, rs]) => ({ period, ...count(rs) })),
  };
}

export interface LateEntry extends CompletenessRow {
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
}

/**
 * Who is late as of a day, for the office page and reminders: every missing report (due date
 * passed, nothing submitted — a draft may exist), most overdue first, with the unit's contact.
 */
export async function lateList(ex: Executor, asOf: string, f: Omit<CompletenessFilter, 'asOf'> = {}): Promise<LateEntry[]> {
  const report = await completeness(ex, { ...f, asOf });
  const forms = [...new Set(report.rows.map((r) => r.formId))];
  const contacts = new Map((await assignedUnits(ex, forms, { unitId: f.unitId, divisionPrefix: f.divisionPrefix })).map((u) => [u.unitId, u]));
  return report.rows
    .filter((r) => r.state === 'missing')
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.unitId - b.unitId || a.period.localeCompare(b.period))
    .map((r) => {
      const c = contacts.get(r.unitId);
      return { ...r, contactName: c?.contactName ?? null, contactPhone: c?.contactPhone ?? null, contactEmail: c?.contactEmail ?? null };
    });
}

export interface DueReport {
  formId: number;
  formCode: string;
  formName: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  locksOn: string | null;
  /** submission status, or not_started when nothing was opened */
  status: SubmissionStatus | 'not_started';
  submissionId: number | null;
  overdue: boolean;
  /** open for entry only after an admin unlock */
  unlocked: boolean;
}

export interface MyTask extends ProgressItem {
  planId: number;
  planTitle: string;
}

export interface MyDue {
  unitId: number | null;
  asOf: string;
  reports: DueReport[];
  tasks: MyTask[];
}

/**
 * A reporter's due reports and tasks. Reports: for each active form assigned to its unit, every
 * non-exempt period that has started by asOf and can still take entry (not yet locked, unlocked by
 * the office, or returned for correction), with its due date and status — approved ones of past
 * periods drop off once locked. Tasks: the tasks and milestones of active plans the unit leads or
 * shares. Users without a unit get empty lists.
 */
export async function myDue(ex: Executor, user: Pick<ReportingUser, 'unitId'>, asOf: string): Promise<MyDue> {
  const unitId = user.unitId;
  if (!unitId) return { unitId: null, asOf, reports: [], tasks: [] };
  const forms = await listForms(ex, { unitId, status: 'active' });
  const formIds = forms.map((x) => x.id);
  const subs = new Map((await submissionStates(ex, formIds, unitId)).map((s) => [`${s.formId}|${s.period}`, s]));
  const unlocks = await unlocksInForce(ex, formIds, asOf);
  const reports: DueReport[] = [];
  for (const form of forms) {
    for (const p of formCalendar(form)) {
      if (p.dueOn === null || p.start > asOf) continue;
      const s = subs.get(`${form.id}|${p.code}`);
      const pastLock = p.locksOn !== null && asOf >= p.locksOn;
      const unlocked = pastLock && (unlocks.has(`${form.id}|${unitId}|${p.code}`) || unlocks.has(`${form.id}|*|${p.code}`));
      if (pastLock && !unlocked && s?.status !== 'returned') continue;
      const status = s?.status ?? 'not_started';
      reports.push({
        formId: form.id,
        formCode: form.code,
        formName: form.name,
        period: p.code,
        periodStart: p.start,
        periodEnd: p.end,
        dueOn: p.dueOn,
        locksOn: p.locksOn,
        status,
        submissionId: s?.id ?? null,
        overdue: p.dueOn < asOf && (status === 'not_started' || status === 'draft'),
        unlocked,
      });
    }
  }
  reports.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.formCode.localeCompare(b.formCode));
  const tasks: MyTask[] = [];
  for (const plan of await activePlansNamingUnit(ex, unitId)) {
    for (const item of await progressItemsOf(ex, plan.id, unitId)) tasks.push({ ...item, planId: plan.id, planTitle: plan.title });
  }
  return { unitId, asOf, reports, tasks };
}

/**
 * The day a period's reporting is read as of when none is given: the day after the last report of
 * the period fell due (so every report it owes counts and the late ones are named), or the
 * period's end when it owes none — never after `today`. The briefing and the dashboard both use
 * it, so a quarter shows the same rates in each.
 */
export async function reportingAsOf(ex: Executor, planId: number, period: { start: string; end: string }, today: string): Promise<string> {
  const forms = await listForms(ex, { planId });
  let lastDue: string | null = null;
  for (const form of forms) {
    for (const p of formCalendar(form)) {
      if (p.dueOn !== null && periodWithin(p.code, period) && (lastDue === null || p.dueOn > lastDue)) lastDue = p.dueOn;
    }
  }
  const base = lastDue !== null && lastDue > period.end ? lastDue : period.end;
  const day = lastDue !== null ? addDays(base, 1) : period.end;
  return day < today ? day : today;
}

export interface PlanReporting {
  planId: number;
  period: string | null;
  asOf: string;
  definitions: typeof RATE_DEFINITIONS;
  totals: Counts;
  byUnit: (Counts & { unitId: number; unitName: string })[];
  byPeriod: (Counts & { period: string })[];
}

/**
 * A plan's reporting for a period (every form of the plan, the periods within it) as of a day,
 * by default reportingAsOf; without a period, every period as of `today`.
 */
export async function planReporting(ex: Executor, f: { planId: number; period?: string; asOf?: string; unitId?: number; divisionPrefix?: string }, today: string): Promise<PlanReporting> {
  const asOf = f.asOf ?? (f.period ? await reportingAsOf(ex, f.planId, parsePeriod(f.period), today) : today);
  const r = await completeness(ex, { planId: f.planId, period: f.period, asOf, unitId: f.unitId, divisionPrefix: f.divisionPrefix });
  return { planId: f.planId, period: f.period ?? null, asOf, definitions: r.definitions, totals: r.totals, byUnit: r.byUnit, byPeriod: r.byPeriod };
}
