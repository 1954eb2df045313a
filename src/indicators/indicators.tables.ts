import type { Generated } from 'kysely';

export type Direction = 'higher' | 'lower';

export interface IndicatorTables {
  data_values: {
    element_id: number;
    division_key: number;
    month: number;
    value: number;
    unit_id: number | null;
    submission_id: number | null;
    updated_at: Generated<Date>;
  };
  unit_values: {
    element_id: number;
    division_key: number;
    month: number;
    unit_id: number;
    value: number;
    submission_id: number | null;
    updated_at: Generated<Date>;
  };
  indicators: {
    id: Generated<number>;
    code: string;
    status: Generated<'active' | 'archived'>;
    published: Generated<boolean>;
    latest_version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    version: Generated<number>;
  };
  indicator_versions: {
    indicator_id: number;
    number: number;
    name: string;
    name_en: string | null;
    unit: Generated<string>;
    direction: Direction;
    numerator_element_id: number;
    denominator_element_id: number | null;
    factor: Generated<number>;
    description: string | null;
    source: string | null;
    valid_from: string | null;
    reason: string | null;
    created_at: Generated<Date>;
    created_by: number | null;
  };
  indicator_rollup: {
    element_id: number;
    level: number;
    division_key: number;
    month: number;
    total: number;
    weight: Generated<number>;
    n: number;
  };
}
