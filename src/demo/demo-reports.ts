import { sql } from 'kysely';
import { bulkLoadValues, bulkRow, type BulkRow } from '../indicators/bulk-load.ts';
import { createIndicator } from '../indicators/indicator.service.ts';
import { queryIndicator } from '../indicators/query.service.ts';
import { planTargets, saveTargetLink, suggestIndicators } from '../indicators/target-links.service.ts';
import type { Actor } from '../platform/audit.ts';
import { type Db, transaction } from '../platform/db/database.ts';
import { createDataElement } from '../reporting/data-element.service.ts';
import { createForm, formProgressItems, getFormHead } from '../reporting/form.service.ts';
import type { ReportingUser } from '../reporting/reporting.access.ts';
import { approve, openSubmission, returnSubmission, saveDraft, submit } from '../reporting/submission.service.ts';
import { buildCalendar } from '../reporting/calendar.ts';
import { today } from '../kernel/clock.ts';
import { addDays as addCalendarDays, dayOf } from '../kernel/day.ts';
import { DEMO_ELEMENTS, DEMO_INDICATOR_SOURCES, DEMO_INDICATORS, DEMO_OWN_SOURCE } from './demo-catalogue.ts';
import { countySeries, rng, type SeriesValue } from './demo-series.ts';
import { replayOperatorInvestment } from './demo-investments.ts';

/**
 * Two years of plausible reporting (2014–2015) on top of the demo plans, so every dashboard, map,
 * status and briefing has something to show from the first start:
 * - the broadband data elements and indicators of demo-catalogue.ts;
 * - for the counties of 海北州, a monthly form reported by 州统计局 and replayed through the real
 *   reporting services (open → save → submit → approve; one report returned and corrected, one
 *   awaiting review, one returned and still open), with plausible submission times — most on time,
 *   some late;
 * - the quarterly progress form of the 海北 plan's reporting duty, reported by every lead unit of
 *   its tasks, with a few units late, one missing, some tasks behind or blocked;
 * - every other county of 青海, 湖南 and 广东 as imported statistics (bulk load, no unit), so
 *   provinces and prefectures roll up and compare;
 * - each plan target linked to its best-matching indicator (when the match is clear), with the
 *   2014-01 value of the plan's division as baseline when the plan gives none.
 *
 * The replay opens the past periods for itself (period_unlocks rows that it removes again, except
 * the one it leaves open for the demo reporter) and back-dates submission times; nothing else
 * writes around the services.
 */
export const DEMO_START_YEAR = 2014;
export const DEMO_MONTHS = 24;
/**
 * 海北州's own monthly report runs two months past the imported statistics: 2014–2015 is approved
 * throughout (so 海北 ranks and maps beside the other prefectures), while January 2016 awaits the
 * office's review and February 2016 was sent back for correction.
 */
const HAIBEI_MONTHS = DEMO_MONTHS + 2;
const HAIBEI = '6322';

export interface DemoActors {
  /** the office: creates the catalogue, reviews and approves */
  admin: Actor;
  adminUser: ReportingUser;
  /** the demo reporter of 州统计局, who saves and submits its unit's monthly reports */
  reporter: ReportingUser | null;
  reporterUnitId: number | null;
}

export interface DemoReportsResult {
  submissions: number;
  bulkValues: number;
  linkedTargets: number;
}

/** The last day of the n-th month counted from January of `year` (n = 1 → January). */
function lastDayOfMonth(year: number, n: number): string {
  return dayOf(year, n + 1, 0);
}

function addDays(day: string, n: number): Date {
  const d = new Date(`${day}T10:00:00+08:00`);
  d.setUTCDate(d.getUTCDate() + n);
  return d;
}

async function counties(db: Db, provinces: string[]): Promise<{ code: string; name: string }[]> {
  return db.kysely
    .selectFrom('divisions')
    .select(['code', 'name'])
    .where('level', '=', 3)
    .where('kind', '=', 'regular')
    .where((eb) => eb.or(provinces.map((p) => eb('code', 'like', `${p}%`))))
    .orderBy('code')
    .execute();
}

async function openPastPeriods(db: Db, formId: number, periods: string[], reason: string): Promise<void> {
  const until = addCalendarDays(today(), 2);
  if (periods.length === 0) return;
  await db.kysely
    .insertInto('period_unlocks')
    .values(periods.map((period) => ({ form_id: formId, unit_id: null, period, until, reason, created_by: null })))
    .execute();
}

async function closeReplayUnlocks(db: Db, formId: number, reason: string): Promise<void> {
  await db.kysely.deleteFrom('period_unlocks').where('form_id', '=', formId).where('reason', '=', reason).execute();
}

/** Moves a submission's timestamps to when the story says it happened. */
async function backdate(db: Db, submissionId: number, submittedAt: Date, reviewedAt: Date | null): Promise<void> {
  await db.kysely
    .updateTable('submissions')
    .set({ submitted_at: submittedAt, first_submitted_at: submittedAt, reviewed_at: reviewedAt, created_at: submittedAt, updated_at: reviewedAt ?? submittedAt })
    .where('id', '=', submissionId)
    .execute();
  await db.kysely.updateTable('submission_versions').set({ created_at: submittedAt }).where('submission_id', '=', submissionId).execute();
}

export async function buildDemoReports(db: Db, who: DemoActors, log: (m: string) => void, provinces: string[]): Promise<DemoReportsResult> {
  const actor = who.admin;
  const ADMIN_AS = who.adminUser;
  // ---- catalogue --------------------------------------------------------------------------------
  const elementIds = new Map<string, number>();
  for (const e of DEMO_ELEMENTS) {
    const created = await createDataElement(db, actor, {
      code: e.code,
      name: e.name,
      valueType: e.valueType,
      unit: e.unit,
      min: e.min ?? null,
      max: e.max ?? null,
      periodType: 'M',
      temporal: e.temporal,
      spatial: e.spatial,
      weightElementId: e.weightCode ? (elementIds.get(e.weightCode) ?? null) : null,
      divisionLevel: 3,
      maxJumpShare: e.maxJumpShare ?? null,
      description: null,
      perUnit: e.perUnit ?? false,
    });
    elementIds.set(e.code, created.id);
  }
  const indicatorIds = new Map<string, number>();
  for (const i of DEMO_INDICATORS) {
    const created = await createIndicator(db, actor, {
      code: i.code,
      name: i.name,
      unit: i.unit,
      direction: i.direction,
      numeratorElementId: elementIds.get(i.numerator)!,
      denominatorElementId: i.denominator ? elementIds.get(i.denominator)! : null,
      factor: i.factor,
      description: i.description,
      source: DEMO_INDICATOR_SOURCES[i.code] ?? DEMO_OWN_SOURCE,
    });
    indicatorIds.set(i.code, created.id);
  }
  log(`demo: ${elementIds.size} data elements, ${indicatorIds.size} indicators`);

  // ---- imported statistics for every county outside 海北 -----------------------------------------
  const all = await counties(db, provinces);
  const outside = all.filter((c) => !c.code.startsWith(HAIBEI));
  let bulkValues = 0;
  function* batches(): Generator<BulkRow[]> {
    for (const c of outside) {
      const rows = countySeries(c, DEMO_START_YEAR, DEMO_MONTHS).map((v) => bulkRow({ elementId: elementIds.get(v.elementCode)!, divisionCode: v.divisionCode, period: v.period, value: v.value }));
      bulkValues += rows.length;
      yield rows;
    }
  }
  await bulkLoadValues(db, batches());
  log(`demo: ${bulkValues} values of ${outside.length} counties loaded as imported statistics`);

  // ---- 海北州: the monthly broadband report, replayed through the reporting services -------------
  let submissions = 0;
  const haibei = all.filter((c) => c.code.startsWith(HAIBEI));
  // Both 海北 forms belong to its plan, so the plan's completeness and briefing count them.
  const haibeiPlan = await db.kysely.selectFrom('plans').select(['id']).where('division_code', '=', HAIBEI).where('status', '=', 'active').orderBy('id').executeTakeFirst();
  const statsUnitId = who.reporterUnitId;
  if (statsUnitId !== null && haibei.length > 0) {
    const reporter = who.reporter ?? ADMIN_AS;
    const reporterActor: Actor = who.reporter ? { id: who.reporter.id, name: 'reporter' } : actor;
    const monthly = await createForm(db, actor, {
      code: 'HB-BROADBAND-M',
      name: '海北州宽带发展月报',
      planId: haibeiPlan?.id ?? null,
      periodType: 'M',
      dueRule: { kind: 'offset', days: 10 },
      graceDays: 15,
      exempt: [],
      startsOn: `${DEMO_START_YEAR}-01-01`,
      endsOn: lastDayOfMonth(DEMO_START_YEAR, HAIBEI_MONTHS),
      includesProgress: false,
      // Per-unit elements (investment) come from the units themselves, not from 州统计局.
      elements: DEMO_ELEMENTS.filter((e) => !e.perUnit).map((e) => ({ elementId: elementIds.get(e.code)!, required: true })),
      assignments: [{ unitId: statsUnitId, divisionCode: HAIBEI }],
      rules: [
        { leftElementId: elementIds.get('FBB_HH_USERS')!, op: '<=', rightElementId: elementIds.get('HOUSEHOLDS')!, factor: 1.5, severity: 'warning', message: '固定宽带家庭用户数超过家庭户数的1.5倍，请说明原因' },
        { leftElementId: elementIds.get('FTTH_USERS')!, op: '<=', rightElementId: elementIds.get('FBB_HH_USERS')!, factor: 1, severity: 'error', message: '光纤到户用户数不能超过固定宽带家庭用户数' },
        { leftElementId: elementIds.get('VILLAGES_BB')!, op: '<=', rightElementId: elementIds.get('VILLAGES')!, factor: 1, severity: 'error', message: '通宽带行政村数不能超过行政村数' },
      ],
    });
    const series = new Map<string, SeriesValue[]>();
    const perUnitCodes = new Set(DEMO_ELEMENTS.filter((e) => e.perUnit).map((e) => e.code));
    for (const c of haibei) for (const v of countySeries(c, DEMO_START_YEAR, HAIBEI_MONTHS)) if (!perUnitCodes.has(v.elementCode)) series.set(v.period, [...(series.get(v.period) ?? []), v]);
    const calendar = buildCalendar({ type: 'M', due: { kind: 'offset', days: 10 }, graceDays: 15 }, monthly.startsOn, monthly.endsOn);
    const REPLAY = '演示数据回放 / demo replay';
    await openPastPeriods(db, monthly.id, calendar.map((p) => p.code), REPLAY);
    const r = rng(20140101);
    for (const [i, p] of calendar.entries()) {
      const values = (series.get(p.code) ?? []).map((v) => ({ elementCode: v.elementCode, divisionCode: v.divisionCode, value: v.value }));
      const last = i === calendar.length - 1;
      const secondLast = i === calendar.length - 2;
      const sub = await openSubmission(db, reporterActor, reporter, { formId: monthly.id, unitId: statsUnitId, period: p.code });
      let s = await saveDraft(db, reporterActor, reporter, sub.id, { version: sub.version, values });
      let v = (await submit(db, reporterActor, reporter, s.id, { version: s.version })).version;
      // Most reports arrive a few days before the due date; about one in five is late.
      const late = r() < 0.2;
      const submittedAt = addDays(p.dueOn!, late ? 2 + Math.floor(r() * 12) : -Math.floor(r() * 6));
      if (last) {
        // The office sent the last month back; it waits for 州统计局's correction.
        await returnSubmission(db, actor, ADMIN_AS, s.id, { version: v, reason: '门源县家庭户数与上月相比变化较大，请核实后重新报送' });
        await backdate(db, s.id, submittedAt, addDays(p.dueOn!, 5));
      } else if (secondLast) {
        await backdate(db, s.id, submittedAt, null); // submitted, awaiting the office's review
      } else {
        if (i === calendar.length - 4) {
          // One report went back once and was corrected before approval: two revisions to compare.
          const back = await returnSubmission(db, actor, ADMIN_AS, s.id, { version: v, reason: '请补充祁连县光纤到户用户数的说明' });
          const fixed = values.map((x) => (x.elementCode === 'FTTH_USERS' ? { ...x, value: Math.round(x.value * 0.98), comment: '按运营商月报更正' } : x));
          s = await saveDraft(db, reporterActor, reporter, s.id, { version: back.version, values: fixed });
          v = (await submit(db, reporterActor, reporter, s.id, { version: s.version })).version;
        }
        await approve(db, actor, ADMIN_AS, s.id, { version: v });
        await backdate(db, s.id, submittedAt, addDays(p.dueOn!, 3 + Math.floor(r() * 4)));
      }
      submissions++;
    }
    await closeReplayUnlocks(db, monthly.id, REPLAY);
    log(`demo: ${submissions} monthly reports of 州统计局 for ${haibei.length} counties of 海北州`);
  }

  // ---- 海北州: quarterly progress of the plan's tasks ------------------------------------------------
  if (haibeiPlan) {
    const duty = await db.kysely.selectFrom('reporting_duties').selectAll().where('plan_id', '=', haibeiPlan.id).where('period_type', '=', 'Q').executeTakeFirst();
    const leads = await sql<{ unit_id: number }>`
      select distinct u.unit_id from plan_item_units u join plan_items i on i.id = u.item_id
      where i.plan_id = ${haibeiPlan.id} and i.kind = 'task' and u.role = 'lead' and u.unit_id is not null and i.review_status <> 'deleted'
      order by u.unit_id`.execute(db.kysely);
    if (duty && leads.rows.length > 0) {
      const form = await createForm(db, actor, {
        code: 'HB-PROGRESS-Q',
        name: '海北州宽带青海建设季度工作进展',
        planId: haibeiPlan.id,
        dutyId: duty.id,
        includesProgress: true,
        elements: [],
        assignments: leads.rows.map((l) => ({ unitId: Number(l.unit_id), divisionCode: HAIBEI })),
        rules: [],
      });
      const head = await getFormHead(db, form.id);
      const periods = buildCalendar({ type: head.periodType, due: head.dueRule, graceDays: head.graceDays, exempt: head.exempt }, head.startsOn, head.endsOn).filter((p) => !p.exempt);
      const REPLAY = '演示数据回放 / demo replay';
      await openPastPeriods(db, form.id, periods.map((p) => p.code), REPLAY);
      const r = rng(20140408);
      let n = 0;
      for (const [u, lead] of leads.rows.entries()) {
        const unitId = Number(lead.unit_id);
        const items = await formProgressItems(db.kysely, head, unitId);
        if (items.length === 0) continue;
        // A unit's pace: most finish within the year; one in five falls behind, one is blocked.
        const pace = u % 5 === 3 ? 0.45 : u % 7 === 5 ? 0.25 : 1;
        for (const [q, p] of periods.entries()) {
          if (u % 6 === 4 && q === periods.length - 1) continue; // one unit never sends its last report
          const share = Math.min(1, ((q + 1) / periods.length) * pace * (0.9 + r() * 0.2));
          const progress = items.map((it) => {
            const percent = Math.round(Math.min(100, share * 100 + (r() - 0.5) * 10));
            const status = percent >= 100 ? 'done' : pace < 0.3 ? 'blocked' : pace < 1 ? 'behind' : percent > 0 ? 'in_progress' : 'not_started';
            return {
              itemId: it.itemId,
              status: status as 'done' | 'blocked' | 'behind' | 'in_progress' | 'not_started',
              percent: Math.max(0, percent),
              narrative: status === 'done' ? '已按计划完成。' : `已完成约${Math.max(0, percent)}%，按计划推进。`,
              problems: status === 'blocked' ? '项目资金尚未落实，需协调州财政局。' : status === 'behind' ? '施工受高寒天气影响，进度滞后。' : null,
            };
          });
          const sub = await openSubmission(db, actor, ADMIN_AS, { formId: form.id, unitId, period: p.code });
          const s = await saveDraft(db, actor, ADMIN_AS, sub.id, { version: sub.version, progress });
          const v = (await submit(db, actor, ADMIN_AS, s.id, { version: s.version })).version;
          await approve(db, actor, ADMIN_AS, s.id, { version: v });
          const late = (u + q) % 4 === 1;
          await backdate(db, s.id, addDays(p.dueOn!, late ? 3 + Math.floor(r() * 10) : -Math.floor(r() * 5)), addDays(p.dueOn!, 6));
          n++;
        }
      }
      await closeReplayUnlocks(db, form.id, REPLAY);
      submissions += n;
      log(`demo: ${n} quarterly progress reports from ${leads.rows.length} lead units`);
    }
  }

  // ---- 海北州: each operator's completed investment, per unit ---------------------------------------
  if (haibeiPlan && haibei.length > 0) {
    const n = await replayOperatorInvestment(db, actor, ADMIN_AS, { id: haibeiPlan.id, divisionCode: HAIBEI, year: DEMO_START_YEAR }, elementIds.get('INVESTMENT')!, haibei.map((c) => c.code), {
      openPastPeriods,
      closeReplayUnlocks,
      backdate,
      addDays,
    });
    submissions += n;
    log(`demo: ${n} monthly investment reports from 海北's operators`);
  }

  // ---- targets linked to indicators ------------------------------------------------------------
  const linkedTargets = await linkTargets(db, actor);
  log(`demo: ${linkedTargets} plan targets linked to indicators`);
  return { submissions, bulkValues, linkedTargets };
}

/** Suggestions clear enough to take without a person: the best match, well above the runner-up. */
const CLEAR_MATCH = 0.55;

async function linkTargets(db: Db, actor: Actor): Promise<number> {
  const plans = await db.kysely.selectFrom('plans').select(['id', 'division_code']).where('status', '=', 'active').orderBy('id').execute();
  let n = 0;
  for (const plan of plans) {
    if (!plan.division_code) continue;
    for (const t of await planTargets(db, plan.id)) {
      if (t.link) continue;
      const [best] = await suggestIndicators(db, plan.id, t.item.itemId, 2);
      if (!best || best.similarity < CLEAR_MATCH) continue;
      if (t.item.unit && best.unit && t.item.unit !== best.unit) continue;
      let baseline = t.item.baseline;
      if (!baseline || baseline.value === null) {
        const [cell] = await queryIndicator(db.kysely, { indicator: best.id, divisionCodes: [plan.division_code], periods: [`${DEMO_START_YEAR}M01`] });
        baseline = cell?.value != null ? { value: Math.round(cell.value * 100) / 100, at: `${DEMO_START_YEAR}M01` } : null;
      }
      await transaction(db, (tx) => saveTargetLink(tx, actor, plan.id, t.item.itemId, { indicatorId: best.id, divisionCode: plan.division_code!, baseline }));
      n++;
    }
  }
  return n;
}
