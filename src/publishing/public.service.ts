/**
 * What the open-data portal serves. Every function takes the public scope and reads only what it
 * lets through (public-scope.ts); the shapes here are the public contract, copied field by field
 * so that an internal field added elsewhere never becomes public by accident.
 */
import type { Executor } from '../platform/db/database.ts';
import { getDivision, levelOf as levelOfCode } from '../divisions/division.service.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { getPlan } from '../plans/plan.service.ts';
import { today as clockToday } from '../kernel/clock.ts';
import { parsePeriod, periodsBetween, type PeriodType } from '../kernel/period.ts';
import type { TrajectoryStatus } from '../indicators/trajectory.ts';
import type { PublicScope, PublishedPlan } from './public-scope.ts';
import type { Publication } from './publication.repository.ts';
import { childDivisions, computeIndex, findIndex, findIndicator, indexMethod, type IndicatorInfo, planStatus, queryIndicator } from './sources.ts';

export interface PublicPlan {
  id: number;
  title: string;
  docNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  periodStart: number | null;
  periodEnd: number | null;
  divisionCode: string | null;
  divisionName: string | null;
  status: 'active' | 'archived';
  publishedAt: string;
  updatedAt: string;
  targetCount: number;
}

export interface PublicPoint {
  period: string;
  value: number;
}

export interface PublicTarget {
  id: number;
  planId: number;
  indicator: string;
  /** the linked indicator's code when the target is measured on one */
  indicatorCode: string | null;
  scope: string | null;
  unit: string;
  comparator: '>=' | '<=' | '=';
  baseline: { value: number; period: string | null } | null;
  latest: { value: number; period: string } | null;
  target: number;
  deadline: string | null;
  status: TrajectoryStatus;
  statusLabel: { zh: string; en: string };
  divisionCode: string | null;
  /** period type of the series (M, Q, H, Y) */
  frequency: string | null;
  expectedByNow: number | null;
  projection: number | null;
  series: PublicPoint[];
}

async function divisionName(ex: Executor, code: string | null): Promise<string | null> {
  if (!code) return null;
  return getDivision(ex, code).then((d) => d.fullName, () => null);
}

async function present(ex: Executor, p: PublishedPlan): Promise<PublicPlan> {
  const full = await getPlan(ex, p.plan.id);
  const updatedAt = [p.publication.updatedAt, full.activatedAt ?? full.createdAt].sort().at(-1)!;
  return {
    id: full.id,
    title: full.title,
    docNumber: full.docNumber,
    issuer: full.issuer,
    issuedOn: full.issuedOn,
    periodStart: full.periodStart,
    periodEnd: full.periodEnd,
    divisionCode: full.divisionCode,
    divisionName: await divisionName(ex, full.divisionCode),
    status: full.status === 'archived' ? 'archived' : 'active',
    publishedAt: p.publication.publishedAt,
    updatedAt,
    targetCount: Number(full.counts.target ?? 0),
  };
}

/** Published plans, most recently published first. */
export async function publicPlans(ex: Executor, scope: PublicScope): Promise<PublicPlan[]> {
  const list = [...scope.plans.values()].sort((a, b) => b.publication.publishedAt.localeCompare(a.publication.publishedAt) || b.plan.id - a.plan.id);
  const out: PublicPlan[] = [];
  for (const p of list) out.push(await present(ex, p));
  return out;
}

export async function publicPlan(ex: Executor, scope: PublicScope, id: number): Promise<PublicPlan> {
  return present(ex, scope.plan(id));
}

type StatusTarget = Awaited<ReturnType<typeof planStatus>>['targets'][number];

function presentTarget(t: StatusTarget): PublicTarget {
  return {
    id: t.itemId,
    planId: t.planId,
    indicator: t.text,
    indicatorCode: t.indicator?.code ?? null,
    scope: t.scopeText,
    unit: t.unit,
    comparator: t.target.comparator,
    baseline: t.baseline ? { value: t.baseline.value, period: t.baseline.at } : null,
    latest: t.latest ? { value: t.latest.value, period: t.latest.period } : null,
    target: t.target.value,
    deadline: t.target.deadline,
    status: t.status,
    statusLabel: { zh: t.label.zh, en: t.label.en },
    divisionCode: t.divisionCode,
    frequency: t.frequency,
    expectedByNow: t.expectedNow,
    projection: t.projection?.value ?? null,
    series: t.series.filter((p): p is { period: string; value: number } => p.value !== null).map((p) => ({ period: p.period, value: p.value })),
  };
}

/** The targets of a published plan with their status and trajectory, judged at `period`'s end (default today). */
export async function publicTargets(ex: Executor, scope: PublicScope, planId: number, opts: { period?: string } = {}): Promise<PublicTarget[]> {
  const { plan } = scope.plan(planId);
  const report = await planStatus(ex, plan.id, { period: opts.period });
  return report.targets.map(presentTarget);
}

export interface PublicIndicator {
  code: string;
  name: string;
  nameEn: string | null;
  unit: string;
  direction: 'higher' | 'lower';
  description: string | null;
  source: string | null;
  /** deepest division level published (1 province … 5 village); null = all */
  lowestLevel: number | null;
  /** first period published; null = all */
  fromPeriod: string | null;
  publishedAt: string;
}

export interface PublicIndicatorTarget {
  planId: number;
  planTitle: string;
  id: number;
  indicator: string;
  divisionCode: string | null;
  target: number;
  comparator: '>=' | '<=' | '=';
  deadline: string | null;
  status: TrajectoryStatus;
  statusLabel: { zh: string; en: string };
  latest: { value: number; period: string } | null;
}

function presentIndicator(i: IndicatorInfo, p: Publication): PublicIndicator {
  return {
    code: i.code,
    name: i.name,
    nameEn: i.nameEn,
    unit: i.unit,
    direction: i.direction,
    description: i.description,
    source: i.source,
    lowestLevel: p.lowestLevel,
    fromPeriod: p.fromPeriod,
    publishedAt: p.publishedAt,
  };
}

/** Published indicators, by code. An indicator archived since its publication drops out. */
export async function publicIndicators(ex: Executor, scope: PublicScope): Promise<PublicIndicator[]> {
  const out: PublicIndicator[] = [];
  for (const p of [...scope.indicators.values()].sort((a, b) => a.subject.localeCompare(b.subject))) {
    const i = await findIndicator(ex, p.subject);
    if (i) out.push(presentIndicator(i, p));
  }
  return out;
}

async function indicatorOf(ex: Executor, scope: PublicScope, code: string): Promise<{ info: IndicatorInfo; publication: Publication }> {
  const publication = scope.indicator(code);
  const info = await findIndicator(ex, code);
  if (!info) throw notFound('indicator', code);
  return { info, publication };
}

/** One published indicator with the targets of published plans that are measured on it. */
export async function publicIndicator(ex: Executor, scope: PublicScope, code: string): Promise<PublicIndicator & { targets: PublicIndicatorTarget[] }> {
  const { info, publication } = await indicatorOf(ex, scope, code);
  const targets: PublicIndicatorTarget[] = [];
  for (const { plan } of scope.plans.values()) {
    const report = await planStatus(ex, plan.id);
    for (const t of report.targets) {
      if (t.indicator?.code !== code) continue;
      targets.push({
        planId: plan.id,
        planTitle: plan.title,
        id: t.itemId,
        indicator: t.text,
        divisionCode: t.divisionCode,
        target: t.target.value,
        comparator: t.target.comparator,
        deadline: t.target.deadline,
        status: t.status,
        statusLabel: { zh: t.label.zh, en: t.label.en },
        latest: t.latest ? { value: t.latest.value, period: t.latest.period } : null,
      });
    }
  }
  return { ...presentIndicator(info, publication), targets };
}

export interface PublicValue {
  divisionCode: string;
  divisionName: string;
  level: number;
  period: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  /** how many lowest-level divisions reported into this value */
  contributors: number;
}

export interface ValueQuery {
  /** the children of this division ('' = the provinces) */
  parent?: string;
  /** or exactly these divisions */
  divisions?: string[];
  /** period codes, or a range */
  periods?: string[];
  from?: string;
  to?: string;
  type?: PeriodType;
}

export const MAX_PERIODS = 240;

/** The period codes a value query asks for (by default yearly, from the first published period to now). */
export function resolvePeriods(q: ValueQuery, p: Publication, today = clockToday()): string[] {
  let codes: string[];
  const check = (field: string, code: string) => {
    try {
      return parsePeriod(code);
    } catch (e) {
      throw invalid(field, (e as Error).message);
    }
  };
  if (q.periods && q.periods.length > 0) {
    q.periods.forEach((c) => check('querystring.period', c));
    codes = q.periods;
  } else {
    const type = q.type ?? 'Y';
    const from = q.from ? check('querystring.from', q.from).start : p.fromPeriod ? parsePeriod(p.fromPeriod).start : '2013-01-01';
    const to = q.to ? check('querystring.to', q.to).end : today;
    if (to < from) throw invalid('querystring.to', 'must not be before from');
    codes = periodsBetween(type, from, to).map((x) => x.code);
  }
  if (codes.length > MAX_PERIODS) throw invalid(q.periods?.length ? 'querystring.period' : 'querystring.from', `at most ${MAX_PERIODS} periods per request`);
  return [...new Set(codes)];
}

/**
 * Values of a published indicator by division and period, within its published levels and
 * periods. Divisions deeper than the published level are 404 (not published), as is the
 * indicator when it is not published. Cells without a value are left out.
 */
export async function publicIndicatorValues(ex: Executor, scope: PublicScope, code: string, q: ValueQuery): Promise<PublicValue[]> {
  const { publication } = await indicatorOf(ex, scope, code);
  const periods = resolvePeriods(q, publication).filter((c) => scope.showsPeriod(publication, c));
  if (periods.length === 0) return [];
  const out: PublicValue[] = [];
  if (q.divisions && q.divisions.length > 0) {
    const divs: { code: string; name: string; level: number }[] = [];
    for (const dc of q.divisions) {
      if (!scope.showsDivision(publication, dc)) throw notFound(`indicator ${code} for division`, dc);
      const d = await getDivision(ex, dc);
      divs.push({ code: d.code, name: d.name, level: d.level });
    }
    const cells = await queryIndicator(ex, { indicator: code, divisionCodes: divs.map((d) => d.code), periods });
    cells.forEach((c, i) => {
      const d = divs[Math.floor(i / periods.length)];
      if (c.value !== null) out.push({ divisionCode: d.code, divisionName: d.name, level: d.level, period: c.period, value: c.value, numerator: c.numerator, denominator: c.denominator, contributors: c.contributors });
    });
  } else {
    const parent = q.parent ?? '';
    const childLevel = parent === '' ? 1 : levelOfCode(parent) + 1;
    if (publication.lowestLevel !== null && childLevel > publication.lowestLevel) throw notFound(`indicator ${code} below division`, parent || '(country)');
    if (parent !== '') await getDivision(ex, parent);
    const children = await childDivisions(ex, parent);
    if (children.length === 0) return [];
    const cells = await queryIndicator(ex, { indicator: code, divisionCodes: children.map((c) => c.code), periods });
    cells.forEach((c, i) => {
      const d = children[Math.floor(i / periods.length)];
      if (c.value !== null) out.push({ divisionCode: d.code, divisionName: d.name, level: d.level, period: c.period, value: c.value, numerator: c.numerator, denominator: c.denominator, contributors: c.contributors });
    });
  }
  return out;
}

export interface PublicIndexMethod {
  text: string;
  formula: string;
  scale: number;
  groups: { code: string; name: string; weight: number }[];
  components: { indicator: string; name: string; group: string; reference: number; log: boolean; cap: number; weight: number; unit: string | null }[];
  sources: string[];
}

export interface PublicIndex {
  code: string;
  name: string;
  description: string;
  lowestLevel: number | null;
  publishedAt: string;
  method: PublicIndexMethod;
}

export interface PublicIndexRow {
  divisionCode: string;
  divisionName: string;
  period: string;
  score: number | null;
  rank: number | null;
  groups: { code: string; score: number | null }[];
  components: { indicator: string; value: number | null; z: number | null }[];
  missing: string[];
}

async function presentIndex(ex: Executor, code: string, p: Publication): Promise<PublicIndex | null> {
  const info = await findIndex(ex, code);
  if (!info) return null;
  const m = await indexMethod(ex, code);
  return {
    code: info.code,
    name: info.name,
    description: info.description,
    lowestLevel: p.lowestLevel,
    publishedAt: p.publishedAt,
    method: {
      text: m.text,
      formula: m.formula,
      scale: m.scale,
      groups: m.groups.map((g) => ({ code: g.code, name: g.name, weight: g.weight })),
      components: m.components.map((c) => ({ indicator: c.indicator, name: c.name, group: c.group, reference: c.reference, log: c.log, cap: c.cap, weight: c.weight, unit: c.unit })),
      sources: [...m.sources],
    },
  };
}

/** Published indexes with their method. */
export async function publicIndexes(ex: Executor, scope: PublicScope): Promise<PublicIndex[]> {
  const out: PublicIndex[] = [];
  for (const p of [...scope.indexes.values()].sort((a, b) => a.subject.localeCompare(b.subject))) {
    const i = await presentIndex(ex, p.subject, p);
    if (i) out.push(i);
  }
  return out;
}

export async function publicIndex(ex: Executor, scope: PublicScope, code: string): Promise<PublicIndex> {
  const i = await presentIndex(ex, code, scope.index(code));
  if (!i) throw notFound('index', code);
  return i;
}

/**
 * Scores of a published index for the children of `parent` (default: the provinces) in one
 * period (default: the latest period with data), with the parent's own score. Children deeper
 * than the published level are 404.
 */
export async function publicIndexValues(
  ex: Executor,
  scope: PublicScope,
  code: string,
  q: { parent?: string; period?: string },
): Promise<{ parent: PublicIndexRow; period: string; items: PublicIndexRow[] }> {
  const publication = scope.index(code);
  if (!(await findIndex(ex, code))) throw notFound('index', code);
  const parent = q.parent ?? '';
  const childLevel = parent === '' ? 1 : levelOfCode(parent) + 1;
  if (publication.lowestLevel !== null && childLevel > publication.lowestLevel) throw notFound(`index ${code} below division`, parent || '(country)');
  if (parent !== '') await getDivision(ex, parent);
  if (q.period && !scope.showsPeriod(publication, q.period)) throw notFound(`index ${code} in period`, q.period);
  const r = await computeIndex(ex, code, { parent, period: q.period });
  if (!scope.showsPeriod(publication, r.period)) throw notFound(`index ${code} in period`, r.period);
  // The score is public once the index is; a component's own value is public only where its
  // indicator is published, down to that indicator's lowest level and from its first period.
  const shownComponent = (indicator: string, divisionCode: string): boolean => {
    const p = scope.indicators.get(indicator);
    return p !== undefined && scope.showsPeriod(p, r.period) && (divisionCode === '' || scope.showsDivision(p, divisionCode));
  };
  const row = (x: (typeof r)['items'][number]): PublicIndexRow => ({
    divisionCode: x.divisionCode,
    divisionName: x.name,
    period: r.period,
    score: x.score,
    rank: x.rank,
    groups: x.groups.map((g) => ({ code: g.code, score: g.score })),
    components: x.components.filter((c) => shownComponent(c.indicator, x.divisionCode)).map((c) => ({ indicator: c.indicator, value: c.value, z: c.z })),
    missing: [...x.missing],
  });
  return { parent: row(r.parent), period: r.period, items: r.items.map(row) };
}
