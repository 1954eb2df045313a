export type Role = 'admin' | 'reporter' | 'viewer' | 'leader';
export const ROLES: Role[] = ['admin', 'reporter', 'viewer', 'leader'];

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  divisionCode: string | null;
  mustChangePassword?: boolean;
  email?: string | null;
  active?: boolean;
  locked?: boolean;
  lockedUntil?: string | null;
  lastLoginAt?: string | null;
  version?: number;
}

export type Abilities = Record<string, boolean | string | number | null>;

export interface Me {
  user: User;
  csrfToken: string;
  abilities: Abilities;
}

export interface List<T> {
  items: T[];
  total: number;
  page?: number;
  pageSize?: number;
}

export interface Division {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
  kind: string;
  levelName?: string;
  fullName: string;
  hasChildren?: boolean;
}

export type UnitKind = 'department' | 'government' | 'company' | 'group' | 'other';
export const UNIT_KINDS: UnitKind[] = ['department', 'government', 'company', 'group', 'other'];

export interface Unit {
  id: number;
  name: string;
  divisionCode: string;
  divisionName?: string | null;
  kind: UnitKind;
  aliases: string[];
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  status: string;
  version: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}
