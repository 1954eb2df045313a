import { canReadDivision, canReadUnit } from '../auth/policy.ts';
import { getUnit } from '../divisions/unit.service.ts';
import type { Executor } from '../platform/db/database.ts';
import { AppError, forbidden } from '../platform/errors.ts';
import type { SessionUser } from '../platform/http/context.ts';

/**
 * Who may read which indicator values:
 * - admin, leader: every division, every unit;
 * - viewer: divisions inside its subtree only (and units there);
 * - reporter: only the values its own unit reported (by-unit view), for any division;
 * - anonymous: nothing here (the open-data portal serves published indicators).
 * Returns the unit filter to apply (a reporter is always filtered to its unit).
 */
export async function authorizeValueRead(
  ex: Executor,
  user: SessionUser | null,
  q: { divisionCodes: string[]; unitId?: number },
): Promise<{ unitId?: number }> {
  if (!user) throw new AppError('unauthenticated', '请先登录 / sign in first');
  if (user.role === 'reporter') {
    if (user.unitId === null) throw forbidden('该账号未关联单位 / this reporter has no unit');
    if (q.unitId !== undefined && q.unitId !== user.unitId) throw forbidden(`只能查看本单位数据 / may read its own unit's values only (unit ${user.unitId})`);
    return { unitId: user.unitId };
  }
  for (const code of q.divisionCodes) {
    if (!canReadDivision(user, code)) throw forbidden(`无权查看区划 ${code || '全国'} / not allowed to read division ${code || '(country)'}`);
  }
  if (q.unitId !== undefined) {
    const unit = await getUnit(ex, q.unitId);
    if (!canReadUnit(user, unit)) throw forbidden(`无权查看单位 ${q.unitId} / not allowed to read unit ${q.unitId}`);
  }
  return { unitId: q.unitId };
}
