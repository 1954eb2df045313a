/**
 * The parts of a briefing that look beyond the period's own status: the period before (for the
 * comparison and the follow-up of units named last time), rankings of the child divisions and of
 * the units, investment by unit, and what the units themselves wrote (做法 and 问题).
 *
 * Each read is bounded by the briefing's as-of day, like the rest of the briefing: nothing
 * submitted after it and nothing of a later period is used.
 */
import type { Executor } from '../platform/db/database.ts';
import { planInvestments } from '../dashboards/investments.service.ts';
import { getUnit } from '../divisions/unit.service.ts';
import { indicatorRanking } from '../indicators/ranking.service.ts';
import { planTargets } from '../indicators/target-links.service.ts';
import { endOfChinaDay } from '../kernel/day.ts';
import { makePeriod, parsePeriod, type Period, PER_YEAR, periodLabel, periodWithin } from '../kernel/period.ts';
import type { getPlan } from '../plans/plan.service.ts';
import { progressTexts } from '../reporting/progress-texts.service.ts';
import type { BriefingData, BriefingInvestments, BriefingRankings, PreviousPeriod, ReportedText } from './briefing-data.ts';

type PlanInfo = Awaited<ReturnType<typeof getPlan>>;

/** The period of the same type just before `p` (2014Q1 → 2013Q4). */
export function previousPeriod(p: Period): Period {
  return p.index > 1 ? makePeriod(p.type, p.year, p.index - 1) : makePeriod(p.type, p.year - 1, PER_YEAR[p.type]);
}

/** The comparison figures of a period's briefing data. */
export function previousOf(d: BriefingData): PreviousPeriod {
  return {
    period: { code: d.period.code, label: d.period.label },
    asOf: d.asOf,
    achieved: d.counts.byStatus.achieved.value ?? 0,
    behindTargets: d.behind.targets.length,
    red: d.counts.byLight.red.value ?? 0,
    yellow: d.counts.byLight.yellow.value ?? 0,
    onTimeRate: d.completeness?.onTimeRate.value ?? null,
    behindUnits: d.behind.units.map((u) => u.name),
    source: { kind: 'indicator', api: `/api/plans/${d.plan.id}/briefing/data?period=${d.period.code}&asOf=${d.asOf}` },
  };
}

/**
 * Units ranked by their reporting (on-time rate) and then by the mean reported progress of the
 * tasks they lead. Units with nothing owed and no task are not ranked.
 */
export function rankUnits(d: Pick<BriefingData, 'completeness' | 'tasks'>): BriefingRankings['units'] {
  const names = new Set<string>([...(d.completeness?.byUnit.map((u) => u.unitName) ?? []), ...d.tasks.flatMap((t) => t.units)]);
  const rows = [...names].map((name) => {
    const rep = d.completeness?.byUnit.find((u) => u.unitName === name);
    const progress = d.tasks.filter((t) => t.units.includes(name) && t.progress.value !== null).map((t) => t.progress.value as number);
    return {
      name,
      onTimeRate: rep?.onTimeRate.value ?? null,
      progress: progress.length ? Math.round((progress.reduce((a, b) => a + b, 0) / progress.length) * 10) / 10 : null,
    };
  });
  const key = (r: { onTimeRate: number | null; progress: number | null }) => [r.onTimeRate ?? -1, r.progress ?? -1];
  rows.sort((a, b) => {
    const [a1, a2] = key(a);
    const [b1, b2] = key(b);
    return b1 - a1 || b2 - a2 || a.name.localeCompare(b.name, 'zh-CN');
  });
  const ranked = rows.filter((r) => r.onTimeRate !== null || r.progress !== null);
  let rank = 0;
  return ranked.map((r, i) => {
    const prev = ranked[i - 1];
    if (!prev || prev.onTimeRate !== r.onTimeRate || prev.progress !== r.progress) rank = i + 1;
    return { ...r, rank };
  });
}

async function divisionRanking(ex: Executor, plan: PlanInfo, period: Period): Promise<BriefingRankings['divisions']> {
  if (!plan.divisionCode) return null;
  const targets = await planTargets(ex, plan.id).catch(() => []);
  const seen = new Set<number>();
  for (const t of targets) {
    const indicatorId = t.link?.indicatorId;
    if (!indicatorId || seen.has(indicatorId)) continue;
    seen.add(indicatorId);
    // The period's own value (a quarter of a stock is its last month): never a later period.
    const r = await indicatorRanking(ex, { indicator: indicatorId, parent: plan.divisionCode, period: period.code, by: 'division' }).catch(() => null);
    if (!r || r.items.filter((i) => i.value !== null).length < 2) continue;
    return {
      indicator: r.indicator.name,
      unit: r.indicator.unit,
      period: r.period,
      higherIsBetter: r.indicator.direction !== 'lower',
      items: r.items.map((i) => ({ rank: i.rank, name: i.name, value: i.value })),
      source: { kind: 'indicator', api: `/api/indicators/${indicatorId}/ranking?parent=${plan.divisionCode}&period=${r.period}&by=division`, indicator: r.indicator.code, period: r.period },
    };
  }
  return null;
}

async function investmentsOf(ex: Executor, plan: PlanInfo, period: Period): Promise<BriefingInvestments | null> {
  const r = await planInvestments(ex, plan.id, { upToYear: period.year }).catch(() => null);
  if (!r || r.items.length === 0) return null;
  const rate = (done: number, planned: number) => (planned > 0 ? Math.round((done / planned) * 1000) / 10 : null);
  return {
    currency: r.currency,
    items: r.items.map((u) => ({ unitName: u.unitName, planned: u.planned, done: u.done, rate: rate(u.done, u.planned) })),
    totals: { planned: r.totals.planned, done: r.totals.done, rate: rate(r.totals.done, r.totals.planned) },
    source: { kind: 'indicator', api: `/api/plans/${plan.id}/investments`, field: 'items' },
  };
}

async function reportedTexts(ex: Executor, tasks: BriefingData['tasks'], period: Period, asOf: string): Promise<ReportedText[]> {
  const titles = new Map(tasks.map((t) => [t.itemId, t.title]));
  const rows = await progressTexts(ex, [...titles.keys()], endOfChinaDay(asOf));
  const names = new Map<number, string>();
  const out: ReportedText[] = [];
  for (const r of rows) {
    if (!periodWithin(r.period, period)) continue;
    if (!names.has(r.unitId)) names.set(r.unitId, (await getUnit(ex, r.unitId).catch(() => null))?.name ?? `#${r.unitId}`);
    const base = { unitName: names.get(r.unitId)!, itemId: r.itemId, itemTitle: titles.get(r.itemId) ?? '', period: r.period };
    if (r.narrative?.trim()) out.push({ ...base, kind: 'narrative', text: r.narrative.trim() });
    if (r.problems?.trim()) out.push({ ...base, kind: 'problem', text: r.problems.trim() });
  }
  // A unit's last word on an item within the period speaks for it.
  const last = new Map<string, ReportedText>();
  for (const t of out) last.set(`${t.kind}\0${t.unitName}\0${t.itemId}`, t);
  return [...last.values()];
}

/**
 * The extras of a briefing. `previousData` assembles the previous period's briefing data (the
 * caller passes its own assembler so the two read the same way).
 */
export async function readBriefingExtras(
  ex: Executor,
  plan: PlanInfo,
  data: BriefingData,
  previousData: (code: string) => Promise<BriefingData | null>,
): Promise<Pick<BriefingData, 'previous' | 'rankings' | 'investments' | 'reported'>> {
  const period = parsePeriod(data.period.code);
  const prevPeriod = previousPeriod(period);
  const prev = await previousData(prevPeriod.code).catch(() => null);
  // Only a period with something reported is compared with (the quarter before a plan starts is not).
  const spoke = (d: BriefingData) => (d.completeness?.reportsExpected.value ?? 0) > 0 || d.targets.some((t) => t.latest.value !== null) || d.tasks.some((t) => t.progress.value !== null);
  const previous = prev && spoke(prev) ? previousOf(prev) : null;
  if (previous) previous.period.label = periodLabel(prevPeriod.code);
  return {
    previous,
    rankings: { divisions: await divisionRanking(ex, plan, period), units: rankUnits(data) },
    investments: await investmentsOf(ex, plan, period),
    reported: await reportedTexts(ex, data.tasks, period, data.asOf),
  };
}
