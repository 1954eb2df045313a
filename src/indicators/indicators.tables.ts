import type { Generated } from 'kysely';

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
}
