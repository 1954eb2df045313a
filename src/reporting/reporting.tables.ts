import type { Generated, JSONColumnType } from 'kysely';
import type { DueRule, PeriodType } from './calendar.ts';

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
}
