/**
 * What the open-data portal serves. Every function takes the public scope and reads only what it
 * lets through (public-scope.ts); the shapes here are the public contract, copied field by field
 * so that an internal field added elsewhere never becomes public by accident.
 */
import type { Executor } from '../platform/db/database.ts';
import { getDivision } from '../divisions/division.service.ts';
import { getItems, getPlan } from '../plans/plan.service.ts';
import type { PublicScope, PublishedPlan } from './public-scope.ts';

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
  status: string;
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

/** The targets of a published plan with their status and trajectory. */
export async function publicTargets(ex: Executor, scope: PublicScope, planId: number): Promise<PublicTarget[]> {
  const { plan } = scope.plan(planId);
  const items = (await getItems(ex, plan.id, 'target')).filter((i) => i.reviewStatus !== 'deleted');
  return items.map((i) => {
    const d = i.data as { indicator: string; scope: string | null; unit: string; comparator: '>=' | '<=' | '='; value: number; deadline: string | null; baseline?: { value: number; date: string | null } | null };
    return {
      id: i.id,
      planId: plan.id,
      indicator: d.indicator,
      indicatorCode: null,
      scope: d.scope ?? null,
      unit: d.unit,
      comparator: d.comparator,
      baseline: d.baseline ? { value: d.baseline.value, period: d.baseline.date } : null,
      latest: null,
      target: d.value,
      deadline: d.deadline,
      status: 'no_data',
      expectedByNow: null,
      projection: null,
      series: [],
    };
  });
}
