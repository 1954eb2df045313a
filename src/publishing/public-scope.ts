/**
 * The public scope: the one place that decides what anonymous readers may see. Every public
 * service receives a PublicScope and reaches plans, indicators and the index only through it, so
 * data of an unpublished plan (its title, ids, targets, their status) cannot surface through any
 * public path — a plan page, an indicator page or the index.
 *
 * Rules:
 * - a plan is public when the office published it and it is not a draft;
 * - an indicator or index is public when published, limited to divisions down to its lowest level
 *   and to periods from its first period;
 * - anything else is "not found" (404), exactly as if it did not exist, so that a reader cannot
 *   tell an unpublished subject from a missing one.
 */
import type { Executor } from '../platform/db/database.ts';
import { notFound } from '../platform/errors.ts';
import { levelOf } from '../divisions/division.service.ts';
import { parsePeriod } from '../kernel/period.ts';
import { searchPlans, type Plan } from '../plans/plan.service.ts';
import { listPublicationRows, type Publication } from './publication.repository.ts';

export interface PublishedPlan {
  plan: Plan;
  publication: Publication;
}

export interface PublicScope {
  /** Published, non-draft plans by id, in publication order. */
  readonly plans: ReadonlyMap<number, PublishedPlan>;
  readonly indicators: ReadonlyMap<string, Publication>;
  readonly indexes: ReadonlyMap<string, Publication>;
  /** The published plan or a 404 that reads the same as for a plan that does not exist. */
  plan(id: number): PublishedPlan;
  indicator(code: string): Publication;
  index(code: string): Publication;
  /** Whether a division (by code) is within a publication's lowest level. */
  showsDivision(p: Publication, code: string): boolean;
  /** Whether a period (by code) is on or after a publication's first period. */
  showsPeriod(p: Publication, period: string): boolean;
}

export async function loadPublicScope(ex: Executor): Promise<PublicScope> {
  const pubs = await listPublicationRows(ex);
  const planPubs = new Map(pubs.filter((p) => p.kind === 'plan').map((p) => [Number(p.subject), p]));
  const plans = new Map<number, PublishedPlan>();
  if (planPubs.size > 0) {
    const all = await searchPlans(ex, {});
    const byId = new Map(all.filter((p) => p.status !== 'draft').map((p) => [p.id, p]));
    for (const [id, publication] of planPubs) {
      const plan = byId.get(id);
      if (plan) plans.set(id, { plan, publication });
    }
  }
  const indicators = new Map(pubs.filter((p) => p.kind === 'indicator').map((p) => [p.subject, p]));
  const indexes = new Map(pubs.filter((p) => p.kind === 'index').map((p) => [p.subject, p]));
  return Object.freeze({
    plans,
    indicators,
    indexes,
    plan(id: number) {
      const p = plans.get(id);
      if (!p) throw notFound('plan', id);
      return p;
    },
    indicator(code: string) {
      const p = indicators.get(code);
      if (!p) throw notFound('indicator', code);
      return p;
    },
    index(code: string) {
      const p = indexes.get(code);
      if (!p) throw notFound('index', code);
      return p;
    },
    showsDivision(p: Publication, code: string) {
      return p.lowestLevel === null || levelOf(code) <= p.lowestLevel;
    },
    showsPeriod(p: Publication, period: string) {
      if (p.fromPeriod === null) return true;
      return parsePeriod(period).end >= parsePeriod(p.fromPeriod).start;
    },
  });
}
