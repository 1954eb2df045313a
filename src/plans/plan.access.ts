import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import { AppError, forbidden } from '../platform/errors.ts';
import type { SessionUser } from '../platform/http/context.ts';
import type { PlanFilter } from './plan.repository.ts';

/**
 * Who reads which plans: admin and leader all; a viewer the plans of divisions in its subtree; a
 * reporter the plans that name its unit on any item. Anonymous users read published plans only,
 * through the open-data portal, never through these endpoints.
 */
export function planScope(user: SessionUser | null): Pick<PlanFilter, 'divisionPrefix' | 'unitId'> {
  if (!user) throw new AppError('unauthenticated', '请先登录 / sign in first');
  if (user.role === 'admin' || user.role === 'leader') return {};
  if (user.role === 'viewer') return { divisionPrefix: user.divisionCode ?? '\u0000' };
  return { unitId: user.unitId ?? -1 };
}

export async function assertCanReadPlan(ex: Executor, user: SessionUser | null, plan: { id: number; divisionCode: string | null }): Promise<void> {
  const scope = planScope(user);
  if (scope.divisionPrefix !== undefined) {
    if (!(plan.divisionCode ?? '').startsWith(scope.divisionPrefix)) throw forbidden(`无权查看方案 ${plan.id} / not allowed to read plan ${plan.id}`);
  } else if (scope.unitId !== undefined) {
    const hit = await ex
      .selectFrom('plan_items as i')
      .innerJoin('plan_item_units as u', 'u.item_id', 'i.id')
      .select(sql`1`.as('x'))
      .where('i.plan_id', '=', plan.id)
      .where('u.unit_id', '=', scope.unitId)
      .executeTakeFirst();
    if (!hit) throw forbidden(`无权查看方案 ${plan.id} / not allowed to read plan ${plan.id}`);
  }
}
