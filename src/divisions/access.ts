import type { SessionUser } from '../platform/http/context.ts';
import { AppError, forbidden } from '../platform/errors.ts';

/**
 * Local stand-ins for the policy guards of src/auth/policy.ts (same semantics), so this domain does
 * not wait on it: admin and leader read everything; a viewer reads the subtree under its division
 * code; a reporter reads its own unit; divisions are public reference data; only admin writes units.
 */
export function requireSignedIn(user: SessionUser | null): SessionUser {
  if (!user) throw new AppError('unauthenticated', 'sign in first');
  return user;
}

export function requireAdmin(user: SessionUser | null): SessionUser {
  const u = requireSignedIn(user);
  if (u.role !== 'admin') throw forbidden('only an administrator may change units');
  return u;
}

/** Division-code prefix the user's unit reads are limited to; null = all; '' never matches. */
export interface UnitScope {
  divisionPrefix: string | null;
  /** reporter: only this unit */
  unitId: number | null;
}

export function unitScope(user: SessionUser): UnitScope {
  switch (user.role) {
    case 'admin':
    case 'leader':
      return { divisionPrefix: null, unitId: null };
    case 'viewer':
      // A viewer without a division has no subtree to read, rather than everything.
      return { divisionPrefix: user.divisionCode ?? '\u0000', unitId: null };
    case 'reporter':
      return { divisionPrefix: null, unitId: user.unitId ?? -1 };
  }
}

export function canReadUnit(user: SessionUser, unit: { id: number; divisionCode: string }): boolean {
  const s = unitScope(user);
  if (s.unitId !== null && unit.id !== s.unitId) return false;
  return s.divisionPrefix === null || unit.divisionCode.startsWith(s.divisionPrefix);
}
