import type { FastifyRequest } from 'fastify';
import type { Role } from './auth.tables.ts';
import { AppError, forbidden } from '../platform/errors.ts';
import type { SessionUser } from '../platform/http/context.ts';

/**
 * The access rules every domain applies. Roles:
 * - admin (leading-group office): manages plans, units and users; reads everything
 * - leader: reads everything, changes nothing
 * - viewer: reads the division subtree rooted at its division_code (codes nest by prefix)
 * - reporter: reads and reports for its own unit only
 * - anonymous: published data only (each domain's public endpoints)
 */
type Subject = Pick<SessionUser, 'role' | 'unitId' | 'divisionCode'> | null;

export function requireUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw new AppError('unauthenticated', '请先登录 / sign in first');
  return req.user;
}

export function requireRole(req: FastifyRequest, ...roles: Role[]): SessionUser {
  const user = requireUser(req);
  if (!roles.includes(user.role)) {
    throw forbidden(`需要以下角色之一 / requires role ${roles.join(' or ')}`);
  }
  return user;
}

const readsEverything = (user: Subject): boolean => user?.role === 'admin' || user?.role === 'leader';

/**
 * Whether the user may read data of the division `code` (and so, by prefix, of its subtree).
 * A reporter reads through its unit, not through divisions, so it has no division reach here.
 */
export function canReadDivision(user: Subject, code: string): boolean {
  if (!user) return false;
  if (readsEverything(user)) return true;
  if (user.role === 'viewer') return !!user.divisionCode && code.startsWith(user.divisionCode);
  return false;
}

export function assertCanReadDivision(user: Subject, code: string): void {
  if (!user) throw new AppError('unauthenticated', '请先登录 / sign in first');
  if (!canReadDivision(user, code)) throw forbidden(`无权查看区划 ${code} / not allowed to read division ${code}`);
}

export function canReadUnit(user: Subject, unit: { id: number; divisionCode: string }): boolean {
  if (!user) return false;
  if (readsEverything(user)) return true;
  if (user.role === 'viewer') return canReadDivision(user, unit.divisionCode);
  if (user.role === 'reporter') return user.unitId === unit.id;
  return false;
}

export function assertCanReadUnit(user: Subject, unit: { id: number; divisionCode: string }): void {
  if (!user) throw new AppError('unauthenticated', '请先登录 / sign in first');
  if (!canReadUnit(user, unit)) throw forbidden(`无权查看单位 ${unit.id} / not allowed to read unit ${unit.id}`);
}

export function canWriteUnitData(user: Subject, unitId: number): boolean {
  if (!user) return false;
  if (user.role === 'admin') return true;
  return user.role === 'reporter' && user.unitId === unitId;
}

export function assertCanWriteUnitData(user: Subject, unitId: number): void {
  if (!user) throw new AppError('unauthenticated', '请先登录 / sign in first');
  if (!canWriteUnitData(user, unitId)) {
    throw forbidden(`只能为本单位填报 / may only report for its own unit (unit ${unitId})`);
  }
}

/**
 * How a list query must be restricted by division: `null` = no restriction (admin, leader);
 * a code prefix = only rows whose division code starts with it (viewer). Reporters and anonymous
 * users have no division reach; they get `{ none: true }` and domains filter by unit or by
 * publication instead.
 */
export type DivisionScope = { all: true } | { prefix: string } | { none: true };

export function divisionScope(user: Subject): DivisionScope {
  if (readsEverything(user)) return { all: true };
  if (user?.role === 'viewer' && user.divisionCode) return { prefix: user.divisionCode };
  return { none: true };
}

/**
 * The division code prefix to restrict list queries to; null means all divisions. Throws 403 for
 * users with no division reach (reporter) and 401 for anonymous, so a caller can never mistake
 * "no reach" for "everything".
 */
export function divisionScopeFilter(user: Subject): string | null {
  const scope = divisionScope(user);
  if ('all' in scope) return null;
  if ('prefix' in scope) return scope.prefix;
  if (!user) throw new AppError('unauthenticated', '请先登录 / sign in first');
  throw forbidden('该角色不能按区划浏览 / this role has no division-wide read access');
}

/** What the UI may offer to this user (the server still checks every request). */
export function abilities(user: Subject) {
  const role = user?.role;
  return {
    manageUsers: role === 'admin',
    manageUnits: role === 'admin',
    managePlans: role === 'admin',
    viewAudit: role === 'admin',
    report: role === 'admin' || role === 'reporter',
    readAll: role === 'admin' || role === 'leader',
    readDivisionCode: role === 'viewer' ? (user?.divisionCode ?? null) : null,
    reportUnitId: role === 'reporter' ? (user?.unitId ?? null) : null,
  };
}
