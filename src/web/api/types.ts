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

export type PlanStatus = 'draft' | 'active' | 'archived';
export type PlanItemKind = 'target' | 'task' | 'milestone' | 'investment' | 'leader' | 'reporting';
export const PLAN_ITEM_KINDS: PlanItemKind[] = ['target', 'task', 'milestone', 'investment', 'leader', 'reporting'];

export interface Plan {
  id: number;
  title: string;
  docNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  divisionCode: string | null;
  status: PlanStatus;
  published: boolean;
  sourceFilename: string | null;
  sourceFormat: string | null;
  createdAt: string;
  activatedAt: string | null;
  version: number;
}

export interface PlanDetail extends Plan {
  counts: Partial<Record<PlanItemKind, number>>;
  basis: { title: string; docNumber: string | null; linkedPlanId: number | null }[];
}

export interface PlanItemUnit {
  role: 'lead' | 'responsible' | 'investor' | 'reporter';
  nameAsWritten: string;
  unitId: number | null;
  unitName: string | null;
  unitStatus: string | null;
}

export interface PlanItem {
  id: number;
  planId: number;
  kind: PlanItemKind;
  parentId: number | null;
  ord: number;
  data: Record<string, unknown>;
  span: [number, number] | null;
  reviewStatus: 'pending' | 'accepted' | 'edited' | 'deleted' | 'added';
  version: number;
  units: PlanItemUnit[];
}

export interface RelatedPlan {
  id: number;
  title: string;
  docNumber: string | null;
  relation: 'implements' | 'implemented_by';
}

export interface ReportingDuty {
  dutyId: number;
  what: string;
  frequency: string;
  reporter: string | null;
  periods: { code: string; start: string; end: string; dueOn: string; locksOn: string | null; exempt: boolean }[];
}
