import type { Generated } from 'kysely';

export type DivisionKind = 'regular' | 'placeholder' | 'development_zone';
export type UnitKind = 'department' | 'government' | 'company' | 'group' | 'other';
export type UnitStatus = 'active' | 'proposed' | 'merged' | 'archived';

export interface DivisionTables {
  divisions: {
    code: string;
    name: string;
    level: number;
    parent_code: string | null;
    kind: Generated<DivisionKind>;
    full_name: string;
    edition: Generated<string>;
    /** pinyin initials of the name (包头市 → bts); null until the row's next load */
    initials: string | null;
  };
  division_load_jobs: {
    id: Generated<number>;
    scope: string[];
    status: Generated<'running' | 'done' | 'failed' | 'interrupted'>;
    total_rows: number | null;
    done_rows: Generated<number>;
    error: string | null;
    created_by: number | null;
    created_by_name: string;
    started_at: Generated<Date>;
    finished_at: Date | null;
    heartbeat_at: Generated<Date>;
  };
  division_history: {
    id: Generated<number>;
    old_code: string | null;
    old_name: string;
    new_code: string | null;
    new_name: string | null;
    change: 'renamed' | 'merged' | 'abolished' | 'recoded' | 'upgraded';
    year: number | null;
    note: string | null;
  };
  units: {
    id: Generated<number>;
    name: string;
    division_code: string;
    kind: UnitKind;
    aliases: Generated<string[]>;
    parent_unit_id: number | null;
    contact_name: string | null;
    contact_phone: string | null;
    contact_email: string | null;
    note: string | null;
    status: Generated<UnitStatus>;
    merged_into_id: number | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    version: Generated<number>;
  };
}
