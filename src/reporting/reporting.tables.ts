import type { Generated, JSONColumnType } from 'kysely';
import type { DueRule, PeriodType } from './calendar.ts';

export type ValueType = 'integer' | 'number' | 'percent';
export type Temporal = 'stock' | 'flow';
export type Spatial = 'sum' | 'weighted';
export type SubmissionStatus = 'draft' | 'submitted' | 'returned' | 'approved';
export type ProgressStatus = 'not_started' | 'in_progress' | 'done' | 'behind' | 'blocked';

export interface ReportingTables {
  reporting_duties: {
    id: Generated<number>;
    plan_id: number;
    item_id: number | null;
    what: string;
    frequency: 'monthly' | 'quarterly' | 'semiannual' | 'annual';
    period_type: PeriodType;
    due_rule: JSONColumnType<DueRule, string, string>;
    grace_days: Generated<number>;
    exempt: Generated<string[]>;
    starts_on: string;
    ends_on: string;
    reporter_text: string | null;
    created_at: Generated<Date>;
  };
  data_elements: {
    id: Generated<number>;
    code: string;
    name: string;
    value_type: ValueType;
    unit: Generated<string>;
    min_value: number | null;
    max_value: number | null;
    period_type: Generated<PeriodType>;
    temporal: Temporal;
    spatial: Generated<Spatial>;
    weight_element_id: number | null;
    division_level: number;
    max_jump_share: number | null;
    description: string | null;
    /** reported per unit: several units' values for one division and period add up */
    per_unit: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    version: Generated<number>;
  };
  forms: {
    id: Generated<number>;
    code: string;
    name: string;
    plan_id: number | null;
    duty_id: number | null;
    period_type: PeriodType;
    due_rule: JSONColumnType<DueRule, string, string>;
    grace_days: Generated<number>;
    exempt: Generated<string[]>;
    starts_on: string;
    ends_on: string;
    template_version: Generated<number>;
    includes_progress: Generated<boolean>;
    status: Generated<'active' | 'archived'>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    version: Generated<number>;
  };
  form_elements: {
    form_id: number;
    element_id: number;
    ord: Generated<number>;
    required: Generated<boolean>;
  };
  form_assignments: {
    form_id: number;
    unit_id: number;
    division_code: string;
  };
  /** 0330: the tasks a form asks progress on (none: all the unit's tasks of the plan) */
  form_tasks: {
    form_id: number;
    item_id: number;
  };
  validation_rules: {
    id: Generated<number>;
    form_id: number | null;
    left_element_id: number;
    op: '<=' | '<' | '>=' | '>' | '=';
    right_element_id: number;
    factor: Generated<number>;
    severity: Generated<'error' | 'warning'>;
    message: string;
  };
  submissions: {
    id: Generated<number>;
    form_id: number;
    unit_id: number;
    period: string;
    status: Generated<SubmissionStatus>;
    revision: Generated<number>;
    version: Generated<number>;
    submitted_at: Date | null;
    submitted_by: number | null;
    /** 0311: the first submission, for timeliness */
    first_submitted_at: Date | null;
    reviewed_at: Date | null;
    reviewed_by: number | null;
    return_reason: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    updated_by: number | null;
  };
  submission_values: {
    submission_id: number;
    element_id: number;
    division_code: string;
    value: number | null;
    comment: string | null;
  };
  progress_entries: {
    submission_id: number;
    item_id: number;
    status: ProgressStatus;
    percent: number | null;
    narrative: string | null;
    problems: string | null;
  };
  submission_versions: {
    id: Generated<number>;
    submission_id: number;
    revision: number;
    status: string;
    snapshot: JSONColumnType<Record<string, unknown>, string, string>;
    created_by: number | null;
    created_at: Generated<Date>;
  };
  period_unlocks: {
    id: Generated<number>;
    form_id: number;
    unit_id: number | null;
    period: string;
    until: string;
    reason: string;
    created_by: number | null;
    created_at: Generated<Date>;
  };
}
