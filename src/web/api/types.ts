import type { Item, Reply } from './contract.ts';

// Accounts: the replies as the auth routes' response schemas say (generated, see contract.ts).
export type User = Item<Reply<'/api/users'>>;
export type Role = User['role'];
/** Every role, in the order the users page offers them; `satisfies` fails the build on a role the API no longer has. */
export const ROLES = ['admin', 'reporter', 'viewer', 'leader'] as const satisfies readonly Role[];

/**
 * What the UI keeps of the abilities: looked up by name (`can('managePlans')`), and filled from the
 * role while the server has not said (AuthContext), so a partial record, not the reply's exact object.
 */
export type Abilities = Record<string, boolean | string | number | null>;

/** GET /api/auth/me, with the abilities as the UI keeps them. */
export type Me = Omit<Reply<'/api/auth/me'>, 'abilities'> & { abilities: Abilities };

export interface List<T> {
  items: T[];
  total: number;
  page?: number;
  pageSize?: number;
}

/** A division as GET /api/divisions/:code and its lists send it (generated). */
export type Division = Reply<'/api/divisions/{code}'>;

/** A unit of the registry, as GET /api/units sends it (generated). */
export type Unit = Item<Reply<'/api/units'>>;
export type UnitKind = Unit['kind'];
/** Every kind, in the order the units page offers them; `satisfies` fails the build on a kind the API no longer has. */
export const UNIT_KINDS = ['department', 'government', 'company', 'group', 'other'] as const satisfies readonly UnitKind[];

export type AuditEntry = Item<Reply<'/api/audit'>>;

export type PlanStatus = Plan['status'];
export type PlanItemKind = PlanItem['kind'];
/** Every item kind, in the review page's order; `satisfies` fails the build on a kind the API no longer has. */
export const PLAN_ITEM_KINDS = ['target', 'task', 'milestone', 'investment', 'leader', 'reporting'] as const satisfies readonly PlanItemKind[];

// Plans: the replies as the server's response schemas say (generated, see contract.ts).
export type Plan = Item<Reply<'/api/plans'>>;
export type PlanDetail = Reply<'/api/plans/{id}'>;
// OpenAPI 3.0 has no tuples: the schema's [start, end] span arrives as number[]; restore the pair.
export type PlanItem = Omit<Item<Reply<'/api/plans/{id}/items'>>, 'span'> & { span: [number, number] | null };
export type PlanItemUnit = PlanItem['units'][number];
export type RelatedPlan = Item<Reply<'/api/plans/{id}/related'>>;
export type ReportingDuty = Reply<'/api/plans/{id}/calendar'>['duties'][number];

// ---- reporting (forms, submissions, review, completeness, inbox) ------------------------------

// The enums, as the API's reply schemas have them (generated). The lists are in display order;
// `satisfies` fails the build on a value the API no longer has.
type SubmissionReply = Reply<'/api/reporting/submissions/{id}'>;
export type PeriodType = DataElement['periodType'];
export type ValueType = DataElement['valueType'];
export type SubmissionStatus = SubmissionReply['status'];
export const SUBMISSION_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const satisfies readonly SubmissionStatus[];
export type ProgressStatus = NonNullable<SubmissionReply['progress'][number]['status']>;
export const PROGRESS_STATUSES = ['not_started', 'in_progress', 'done', 'behind', 'blocked'] as const satisfies readonly ProgressStatus[];

export type DataElement = Item<Reply<'/api/reporting/data-elements'>>;

export interface ReportingForm {
  id: number;
  code: string;
  name: string;
  planId: number | null;
  periodType: PeriodType;
  graceDays?: number;
  includesProgress?: boolean;
  status: 'active' | 'archived';
  templateVersion?: number;
  elementCount?: number;
  assignmentCount?: number;
  version: number;
}

// The submission page's view (components/reporting/model.ts, toSubmissionView): fields picked from
// GET /api/reporting/submissions/:id, so a renamed or retyped field fails the build here.

/** One input of a form: an element for one division, with last period's approved value. */
export type SubmissionCell = Pick<SubmissionReply['values'][number], 'elementId' | 'divisionCode' | 'value' | 'comment' | 'previous'>;

/** One element of the form, keyed by its element id. */
export type SubmissionElement = Pick<SubmissionReply['elements'][number], 'code' | 'name' | 'valueType' | 'unit' | 'min' | 'max' | 'required' | 'maxJumpShare'> & { id: number };

export type ProgressEntry = Pick<SubmissionReply['progress'][number], 'itemId' | 'kind' | 'title' | 'due' | 'status' | 'percent' | 'narrative' | 'problems'>;

/** A file attached to a submission, picked from GET /api/reporting/submissions/:id/evidence. */
export type EvidenceFile = Pick<Item<Reply<'/api/reporting/submissions/{id}/evidence'>>, 'id' | 'itemId' | 'filename' | 'sizeBytes' | 'contentType' | 'sha256' | 'createdAt'>;

/** A validation problem: the server's error/warning list on submit, or a per-cell upload error. */
export interface SubmissionIssue {
  severity: 'error' | 'warning';
  field: string;
  reason: string;
  elementId?: number;
  elementCode?: string;
  divisionCode?: string;
  itemId?: number;
  /** which check fired: required, integer, min, max, jump, rule:<id> */
  rule?: string;
  /** a warning already explained by a comment */
  commented?: boolean;
}

export interface SubmissionSummary {
  id: number;
  formId: number;
  formName: string;
  unitId: number;
  unitName: string;
  period: string;
  status: SubmissionStatus;
  revision: number;
  version: number;
  dueOn: string | null;
  submittedAt: string | null;
  reviewedAt: string | null;
  returnReason: string | null;
  updatedAt?: string | null;
}

export interface SubmissionDetail extends SubmissionSummary {
  locked: boolean;
  elements: SubmissionElement[];
  divisions: { code: string; name: string }[];
  cells: SubmissionCell[];
  progress: ProgressEntry[];
  evidence: EvidenceFile[];
}

export interface SubmissionRevision {
  id: number;
  revision: number;
  status: string;
  createdAt: string;
  createdBy: string | null;
}

export interface DiffRow {
  kind: 'value' | 'progress';
  key: string;
  label: string;
  a: string | null;
  b: string | null;
}

/** What a reporter owes: a (form, period) with its submission when one was opened. */
export interface DueReport {
  formId: number;
  formName: string;
  unitId: number;
  unitName?: string;
  period: string;
  dueOn: string;
  locksOn: string | null;
  overdue: boolean;
  submissionId: number | null;
  status: SubmissionStatus | null;
  returnReason?: string | null;
}

export interface MyTask {
  itemId: number;
  kind: 'task' | 'milestone' | string;
  title: string;
  planId: number;
  planTitle?: string;
  due?: string | null;
  role?: string;
  status?: ProgressStatus | null;
  percent?: number | null;
}

export interface CompletenessRow {
  unitId: number;
  unitName: string;
  formId: number;
  formName: string;
  period: string;
  dueOn: string | null;
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
  status?: SubmissionStatus | 'missing' | null;
  /** one owed report: its timeliness as of the day asked */
  state?: 'on_time' | 'late' | 'missing' | null;
  submittedOn?: string | null;
  submissionId?: number | null;
}

export interface LateRow {
  unitId: number;
  unitName: string;
  formId: number;
  formName: string;
  period: string;
  dueOn: string;
  daysLate: number;
  status: SubmissionStatus | null;
  submissionId: number | null;
  contact?: string | null;
}

export type InboxMessage = Item<Reply<'/api/inbox'>>;
