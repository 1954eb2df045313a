import { canReadUnit, canWriteUnitData } from '../auth/policy.ts';
import { AppError, forbidden } from '../platform/errors.ts';
import type { SessionUser } from '../platform/http/context.ts';

/**
 * Who may do what with reports:
 * - reporter: reads and writes the submissions of its own unit only;
 * - viewer: reads submissions of units in its division subtree, never writes;
 * - leader: reads everything, never writes;
 * - admin (the office): everything, and alone returns, approves, unlocks and defines elements and forms.
 */
export type ReportingUser = Pick<SessionUser, 'id' | 'role' | 'unitId' | 'divisionCode'>;

const unauthenticated = () => new AppError('unauthenticated', '请先登录 / sign in first');

export function assertSignedIn(user: ReportingUser | null | undefined): asserts user is ReportingUser {
  if (!user) throw unauthenticated();
}

export function assertAdmin(user: ReportingUser | null | undefined): asserts user is ReportingUser {
  assertSignedIn(user);
  if (user.role !== 'admin') throw forbidden('只有管理员可以执行此操作 / only the office (admin) may do this');
}

export function assertCanReadUnitReports(user: ReportingUser | null | undefined, unit: { id: number; divisionCode: string }): asserts user is ReportingUser {
  assertSignedIn(user);
  if (!canReadUnit(user, unit)) throw forbidden(`无权查看单位 ${unit.id} 的报表 / not allowed to read the reports of unit ${unit.id}`);
}

export function assertCanWriteUnitReports(user: ReportingUser | null | undefined, unitId: number): asserts user is ReportingUser {
  assertSignedIn(user);
  if (!canWriteUnitData(user, unitId)) throw forbidden(`只能为本单位填报 / may only report for its own unit (unit ${unitId})`);
}

/**
 * The restriction a list of submissions needs for this user: all (admin, leader), the units of a
 * division subtree (viewer) or one unit (reporter).
 */
export type SubmissionScope = { all: true } | { divisionPrefix: string } | { unitId: number };

export function submissionScope(user: ReportingUser | null | undefined): SubmissionScope {
  assertSignedIn(user);
  if (user.role === 'admin' || user.role === 'leader') return { all: true };
  if (user.role === 'viewer') return { divisionPrefix: user.divisionCode ?? '\u0000' };
  return { unitId: user.unitId ?? -1 };
}
