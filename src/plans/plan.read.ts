/**
 * The plans domain's reads for other domains (indicators, briefings, dashboards, publishing):
 * they call these instead of the plans repository, so the plans tables stay private to plans.
 */
import type { Db, Executor } from '../platform/db/database.ts';
import type { ItemKindName } from './plan-item.schemas.ts';
import { findPlan, listItems, type Plan, type PlanItem, type PlanItemOf } from './plan.repository.ts';

export type { Plan, PlanItem, PlanItemOf };
export { itemTitle } from './plan-item.schemas.ts';

const ex = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);

/** The plan row alone (no counts, no basis: cheap enough for an access check on every read), or null. */
export const findPlanById = (db: Db | Executor, id: number): Promise<Plan | null> => findPlan(ex(db), id);

/** A plan's items in kind and order, deleted ones included (callers filter on reviewStatus). */
export function planItems<K extends ItemKindName>(db: Db | Executor, planId: number, kind: K): Promise<PlanItemOf<K>[]>;
export function planItems(db: Db | Executor, planId: number, kind?: ItemKindName): Promise<PlanItem[]>;
export function planItems(db: Db | Executor, planId: number, kind?: ItemKindName): Promise<PlanItem[]> {
  return listItems(ex(db), planId, kind);
}

