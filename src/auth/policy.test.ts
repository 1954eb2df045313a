import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../platform/http/context.ts';
import {
  abilities,
  assertCanReadDivision,
  assertCanReadUnit,
  assertCanWriteUnitData,
  canReadDivision,
  canReadUnit,
  canWriteUnitData,
  divisionScope,
  divisionScopeFilter,
  requireRole,
  requireUser,
} from './policy.ts';

const base = { username: 'u', displayName: 'U', mustChangePassword: false };
const admin: SessionUser = { ...base, id: 1, role: 'admin', unitId: null, divisionCode: null };
const leader: SessionUser = { ...base, id: 2, role: 'leader', unitId: null, divisionCode: null };
const viewer: SessionUser = { ...base, id: 3, role: 'viewer', unitId: null, divisionCode: '3301' };
const reporter: SessionUser = { ...base, id: 4, role: 'reporter', unitId: 7, divisionCode: null };
const brokenViewer: SessionUser = { ...base, id: 5, role: 'viewer', unitId: null, divisionCode: null };

const req = (user: SessionUser | null) => ({ user }) as FastifyRequest;
const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('requireUser / requireRole', () => {
  it('refuses anonymous with 401 and returns the user otherwise', () => {
    expect(code(() => requireUser(req(null)))).toBe('unauthenticated');
    expect(requireUser(req(viewer))).toBe(viewer);
  });
  it.each([
    [admin, ['admin'], 'ok'],
    [leader, ['admin'], 'forbidden'],
    [viewer, ['admin', 'leader'], 'forbidden'],
    [leader, ['admin', 'leader'], 'ok'],
    [reporter, ['reporter'], 'ok'],
    [reporter, ['viewer'], 'forbidden'],
    [null, ['admin'], 'unauthenticated'],
  ] as const)('%o with roles %o → %s', (user, roles, expected) => {
    expect(code(() => requireRole(req(user), ...roles))).toBe(expected);
  });
});

describe('division reads', () => {
  it.each([
    [admin, '33', true],
    [admin, '110101', true],
    [leader, '44', true],
    [viewer, '3301', true],
    [viewer, '330102', true],
    [viewer, '330102001', true],
    [viewer, '33', false], // the parent is outside the subtree
    [viewer, '3302', false], // a sibling
    [viewer, '11', false],
    [reporter, '33', false],
    [brokenViewer, '33', false],
    [null, '33', false],
  ] as const)('%o reads %s → %s', (user, c, expected) => {
    expect(canReadDivision(user, c)).toBe(expected);
    expect(code(() => assertCanReadDivision(user, c))).toBe(expected ? 'ok' : user ? 'forbidden' : 'unauthenticated');
  });
});

describe('unit reads', () => {
  const own = { id: 7, divisionCode: '110101' };
  const inSubtree = { id: 8, divisionCode: '330106' };
  const outside = { id: 9, divisionCode: '440300' };
  it.each([
    [admin, own, true],
    [admin, outside, true],
    [leader, inSubtree, true],
    [leader, outside, true],
    [viewer, inSubtree, true],
    [viewer, outside, false],
    [viewer, own, false],
    [reporter, own, true],
    [reporter, inSubtree, false],
    [null, own, false],
  ] as const)('%o reads unit %o → %s', (user, unit, expected) => {
    expect(canReadUnit(user, unit)).toBe(expected);
    expect(code(() => assertCanReadUnit(user, unit))).toBe(expected ? 'ok' : user ? 'forbidden' : 'unauthenticated');
  });
});

describe('unit data writes', () => {
  it.each([
    [admin, 7, true],
    [admin, 99, true],
    [reporter, 7, true],
    [reporter, 8, false],
    [leader, 7, false],
    [viewer, 7, false],
    [null, 7, false],
  ] as const)('%o writes unit %s → %s', (user, unitId, expected) => {
    expect(canWriteUnitData(user, unitId)).toBe(expected);
    expect(code(() => assertCanWriteUnitData(user, unitId))).toBe(expected ? 'ok' : user ? 'forbidden' : 'unauthenticated');
  });
});

describe('division scope of list queries', () => {
  it('is unrestricted for admin and leader, the subtree for a viewer', () => {
    expect(divisionScopeFilter(admin)).toBeNull();
    expect(divisionScopeFilter(leader)).toBeNull();
    expect(divisionScopeFilter(viewer)).toBe('3301');
    expect(divisionScope(viewer)).toEqual({ prefix: '3301' });
    expect(divisionScope(admin)).toEqual({ all: true });
  });
  it('never mistakes "no reach" for "everything"', () => {
    expect(code(() => divisionScopeFilter(reporter))).toBe('forbidden');
    expect(code(() => divisionScopeFilter(brokenViewer))).toBe('forbidden');
    expect(code(() => divisionScopeFilter(null))).toBe('unauthenticated');
    expect(divisionScope(reporter)).toEqual({ none: true });
    expect(divisionScope(null)).toEqual({ none: true });
  });
});

describe('abilities', () => {
  it('grants management to admin only', () => {
    expect(abilities(admin)).toMatchObject({ manageUsers: true, manageUnits: true, managePlans: true, viewAudit: true, readAll: true });
    for (const u of [leader, viewer, reporter, null]) {
      expect(abilities(u)).toMatchObject({ manageUsers: false, manageUnits: false, managePlans: false, viewAudit: false });
    }
    expect(abilities(leader).readAll).toBe(true);
    expect(abilities(viewer).readDivisionCode).toBe('3301');
    expect(abilities(reporter)).toMatchObject({ report: true, reportUnitId: 7, readAll: false });
  });
});
