import type { Generated, JSONColumnType } from 'kysely';

export type PlanStatus = 'draft' | 'active' | 'archived';
export type ItemKind = 'target' | 'task' | 'milestone' | 'investment' | 'leader' | 'reporting';
export type ReviewStatus = 'pending' | 'accepted' | 'edited' | 'deleted' | 'added';
export type ItemUnitRole = 'lead' | 'responsible' | 'investor' | 'reporter';

export interface PlanTables {
  plans: {
    id: Generated<number>;
    title: string;
    doc_number: string | null;
    issuer: string | null;
    issued_on: string | null;
    period_start: number | null;
    period_end: number | null;
    division_code: string | null;
    status: Generated<PlanStatus>;
    published: Generated<boolean>;
    source_filename: string | null;
    source_format: string | null;
    source_sha256: string | null;
    source_text: string;
    created_by: number | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    activated_at: Date | null;
    version: Generated<number>;
  };
  plan_basis: {
    id: Generated<number>;
    plan_id: number;
    title: string | null;
    doc_number: string | null;
    issuer: string | null;
    linked_plan_id: number | null;
  };
  plan_items: {
    id: Generated<number>;
    plan_id: number;
    kind: ItemKind;
    parent_id: number | null;
    ord: number;
    data: JSONColumnType<Record<string, unknown>, string, string>;
    span_start: number | null;
    span_end: number | null;
    review_status: Generated<ReviewStatus>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    version: Generated<number>;
  };
  plan_item_units: {
    id: Generated<number>;
    item_id: number;
    role: ItemUnitRole;
    name_as_written: string;
    unit_id: number | null;
    ord: Generated<number>;
  };
}
