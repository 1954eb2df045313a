/**
 * What the dashboards read, as the monitoring (src/indicators/status.service.ts), reporting
 * (src/reporting/completeness.service.ts) and investment APIs send it. Only the fields shown.
 */
import type { Light, TargetStatus } from '../../charts/types.ts';

export interface TargetStatusRow {
  itemId: number;
  planId: number;
  text: string;
  scopeText: string | null;
  unit: string;
  linked: boolean;
  indicator: { id: number; code: string; name: string; unit: string; direction: 'higher' | 'lower' } | null;
  divisionCode: string | null;
  status: TargetStatus;
  label: { zh: string; en: string };
  reason: string | null;
  baseline: { value: number; at: string; date: string } | null;
  latest: { value: number; period: string; date: string } | null;
  target: { value: number; comparator: '>=' | '<=' | '='; deadline: string | null };
  expectedNow: number | null;
  projection: { value: number; meets: boolean } | null;
  deadlinePassed: boolean;
  series: { period: string; value: number | null }[];
  planTitle?: string;
}

export interface WorkStatusRow {
  itemId: number;
  kind: 'task' | 'milestone';
  title: string;
  due: string | null;
  light: Light;
  state: string;
  label: { zh: string; en: string };
  dueOn: string | null;
  daysLeft: number | null;
  plannedPercent: number | null;
  reportedPercent: number | null;
  units: { role: string; name: string; unitId: number | null }[];
}

export interface PlanStatusReport {
  plan: { id: number; title: string; docNumber: string | null; divisionCode: string | null; status: string; periodStart: number | null; periodEnd: number | null };
  asOf: string;
  period: string | null;
  targets: TargetStatusRow[];
  tasks: WorkStatusRow[];
  milestones: WorkStatusRow[];
  summary: { targets: Record<TargetStatus, number>; lights: Record<Light, number>; done: number };
}

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

export interface InvestmentReport {
  planId: number;
  /** the data element "done" amounts are read from, null when none is defined */
  doneElement: { id: number; code: string; name: string; unit: string } | null;
  currency: string;
  items: { unitId: number | null; unitName: string; planned: number; done: number; currency: string }[];
  totals: { planned: number; done: number };
}

export interface DivisionIndicators {
  divisionCode: string;
  asOf: string;
  period: string | null;
  items: TargetStatusRow[];
}

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
