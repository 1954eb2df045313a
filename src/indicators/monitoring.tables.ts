import type { Generated } from 'kysely';

/** Tables of target links and composite indexes (migrations 0450–0499). */
export interface MonitoringTables {
  target_links: {
    id: Generated<number>;
    item_id: number;
    indicator_id: number;
    division_code: string;
    area: Generated<'all' | 'urban' | 'rural'>;
    unit_id: number | null;
    baseline_value: number | null;
    baseline_at: string | null;
    deadline: string | null;
    target_value: number | null;
    comparator: '>=' | '<=' | '=' | null;
    frequency: Generated<'M' | 'Q' | 'H' | 'Y'>;
    created_by: number | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    version: Generated<number>;
  };
  dev_indexes: {
    id: Generated<number>;
    code: string;
    name: string;
    description: Generated<string>;
    scale: Generated<number>;
    sources: Generated<string[]>;
    created_by: number | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    version: Generated<number>;
  };
  dev_index_groups: {
    index_id: number;
    code: string;
    name: string;
    weight: number;
    ord: Generated<number>;
  };
  dev_index_components: {
    id: Generated<number>;
    index_id: number;
    group_code: string;
    indicator: string;
    name: string;
    reference: number;
    log_scale: Generated<boolean>;
    cap: Generated<number>;
    weight: number;
    ord: Generated<number>;
  };
}
