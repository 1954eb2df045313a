/**
 * What the dashboards read, as the monitoring (src/indicators/status.service.ts), reporting
 * (src/reporting/completeness.service.ts) and investment APIs send it. Only the fields shown.
 */
import type { Reply } from '../../api/contract.ts';
import type { TargetStatus } from '../../charts/types.ts';

/** GET /api/plans/:id/status, generated from its response schema. */
export type PlanStatusReport = Reply<'/api/plans/{id}/status'>;
export type WorkStatusRow = PlanStatusReport['tasks'][number];
/** A target's status; the division view adds the plan that set it. */
export type TargetStatusRow = PlanStatusReport['targets'][number] & { planTitle?: string };

export interface Counts {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
  submittedRate: number | null;
  onTimeRate: number | null;
}

export interface RateDefinition {
  key: string;
  label: { zh: string; en: string };
  definition: { zh: string; en: string };
}

/** /api/plans/:id/reporting: the plan's reporting for a period, as the briefing counts it. */
export interface CompletenessReport {
  asOf: string;
  definitions: { onTimeRate: RateDefinition; submittedRate: RateDefinition };
  totals: Counts;
  byUnit: (Counts & { unitId: number; unitName: string })[];
}

export type InvestmentReport = Reply<'/api/plans/{id}/investments'>;

export type DivisionIndicators = Reply<'/api/divisions/{code}/indicators'>;

export interface IndicatorSummary {
  id: number;
  code: string;
  name: string;
  unit: string;
  direction?: 'higher' | 'lower';
}

/** GET /api/indicators: the latest definition version of each indicator. */
export interface IndicatorDefinition {
  id: number;
  code: string;
  status: 'active' | 'archived';
  definition: { name: string; unit: string; direction: 'higher' | 'lower' };
}

export interface RankingEntry {
  code?: string;
  divisionCode?: string;
  name?: string;
  divisionName?: string;
  value: number | null;
  rank: number | null;
  status?: TargetStatus | null;
}

export interface RankingResponse {
  indicator?: IndicatorSummary;
  unit?: string;
  parent?: string;
  period?: string | null;
  items: RankingEntry[];
}
