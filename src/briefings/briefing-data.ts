/**
 * The briefing (工作推进情况通报) as data: everything the .docx and the PDF say, and nothing they
 * compute themselves. Every number carries its provenance (`source`) so that a reader can trace
 * it back to the API that served it; the renderers only format.
 */

export type TargetStatus = 'achieved' | 'on_track' | 'accelerate' | 'limited' | 'regressing' | 'no_data';

/** Display order, from best to worst; no_data last. */
export const TARGET_STATUSES: readonly TargetStatus[] = ['achieved', 'on_track', 'accelerate', 'limited', 'regressing', 'no_data'];

export const TARGET_STATUS_LABELS: Record<TargetStatus, string> = {
  achieved: '已达成',
  on_track: '正常推进',
  accelerate: '需加快',
  limited: '进展有限',
  regressing: '倒退',
  no_data: '无数据',
};

/** Statuses that make a target "behind" in the briefing. */
export const BEHIND_STATUSES: readonly TargetStatus[] = ['accelerate', 'limited', 'regressing'];

export type Light = 'green' | 'yellow' | 'red';

export const LIGHT_LABELS: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };

/** Where a number comes from: the API serving it and the keys to find it there. */
export type Source =
  | { kind: 'indicator'; api: string; itemId?: number; indicator?: string; divisionCode?: string | null; period?: string | null; field?: string }
  | { kind: 'completeness'; api: string; unitId?: number | null; formId?: number | null; period?: string | null; field?: string; periods?: string[] }
  | { kind: 'task'; api: string; itemId?: number; field?: string };

/** A number as printed, with its provenance. `value` null means "no data" (printed as —). */
export interface Figure {
  value: number | null;
  /** unit of measure as printed after the number (%, 万户, 项, 个) */
  unit?: string;
  /** fixed decimals when printed (rates: 1, as in "80.0%"); default: as measured, up to 2 */
  decimals?: number;
  source: Source;
}

export interface BriefingTarget {
  itemId: number;
  indicator: string;
  /** the scope as the plan writes it (全州, 城市家庭, …) */
  scope: string | null;
  unit: string;
  comparator: '>=' | '<=' | '=';
  baseline: Figure & { period: string | null };
  latest: Figure & { period: string | null };
  target: Figure;
  deadline: string | null;
  status: TargetStatus;
  /** units responsible for the target (its tasks' lead units, or as the status service names them) */
  units: string[];
}

export interface BriefingTask {
  itemId: number;
  kind: 'task' | 'milestone';
  title: string;
  deadline: string | null;
  light: Light | null;
  progress: Figure;
  units: string[];
}

export interface BriefingUnitReporting {
  unitId: number;
  unitName: string;
  expected: Figure;
  submitted: Figure;
  onTime: Figure;
  late: Figure;
  missing: Figure;
  /** percent, 0–100, one decimal when printed; null when nothing was expected */
  submissionRate: Figure;
  onTimeRate: Figure;
}

export interface BriefingCompleteness {
  /** units that had something to report in the period */
  unitsExpected: Figure;
  /** units that reported everything on time */
  unitsOnTime: Figure;
  /** units that reported everything, some of it late */
  unitsLate: Figure;
  /** units with at least one report still missing */
  unitsMissing: Figure;
  /** reports (unit × form × period) due in the period, and how they came */
  reportsExpected: Figure;
  reportsSubmitted: Figure;
  reportsOnTime: Figure;
  reportsLate: Figure;
  reportsMissing: Figure;
  /** share of expected reports received on time, percent */
  onTimeRate: Figure;
  /** share of expected reports received at all, percent */
  submissionRate: Figure;
  /** what the two rates mean (kernel/rates.ts), as the dashboard prints them too */
  definitions?: { onTimeRate: string; submissionRate: string };
  byUnit: BriefingUnitReporting[];
}

export interface KeyNumber {
  label: string;
  figure: Figure;
  /** period the figure refers to, when it is not the briefing's period */
  period?: string | null;
}

export interface BriefingData {
  plan: { id: number; title: string; docNumber: string | null; issuer: string | null; divisionCode: string | null };
  /** the division the plan belongs to; `scopeWord` is how the briefing names it as a whole (全州) */
  region: { code: string | null; name: string | null; scopeWord: string };
  period: { code: string; label: string; start: string; end: string };
  /** day the data were read as of (YYYY-MM-DD): task lights and reporting */
  asOf: string;
  /** day the targets were judged at: the period's end, or asOf when earlier */
  targetsAsOf: string;
  /** who issues the briefing: the plan's leading-group office or the plan's issuer */
  issuer: string;
  /** the addressees (主送机关) as the plan writes them, without the colon */
  addressee: string;
  generatedAt: string;
  counts: {
    targets: Figure;
    byStatus: Record<TargetStatus, Figure>;
    tasks: Figure;
    byLight: Record<Light, Figure>;
  };
  targets: BriefingTarget[];
  tasks: BriefingTask[];
  completeness: BriefingCompleteness | null;
  behind: {
    targets: BriefingTarget[];
    tasks: BriefingTask[];
    /** units named by behind targets or tasks, or late/missing in reporting, with the reasons */
    units: { name: string; reasons: string[] }[];
  };
  keyNumbers: KeyNumber[];
  /** what was missing when the briefing was assembled (a service not available, no data) */
  notes: string[];
  /** the same counts for the period before, read as of that period's own briefing day */
  previous?: PreviousPeriod | null;
  /** rankings of the plan's child divisions on an indicator and of its units */
  rankings?: BriefingRankings | null;
  /** planned and completed investment by unit (the dashboards' investment service) */
  investments?: BriefingInvestments | null;
  /** what units reported in the period: their narratives (做法) and problems (问题), attributed */
  reported?: ReportedText[];
}

export interface PreviousPeriod {
  period: { code: string; label: string };
  asOf: string;
  achieved: number;
  behindTargets: number;
  red: number;
  yellow: number;
  onTimeRate: number | null;
  /** units the previous briefing named as behind */
  behindUnits: string[];
  source: Source;
}

export interface RankedRow {
  rank: number | null;
  name: string;
  value: number | null;
}

export interface BriefingRankings {
  /** child divisions ranked on the first linked indicator with values, or null */
  divisions: { indicator: string; unit: string; period: string; higherIsBetter: boolean; items: RankedRow[]; source: Source } | null;
  /** units ranked by on-time reporting, then by their tasks' mean progress */
  units: { name: string; onTimeRate: number | null; progress: number | null; rank: number }[];
}

export interface UnitInvestmentFigure {
  unitName: string;
  planned: number;
  done: number;
  /** done ÷ planned, percent; null without a plan */
  rate: number | null;
}

export interface BriefingInvestments {
  currency: string;
  items: UnitInvestmentFigure[];
  totals: { planned: number; done: number; rate: number | null };
  source: Source;
}

export interface ReportedText {
  unitName: string;
  itemId: number;
  itemTitle: string;
  period: string;
  kind: 'narrative' | 'problem';
  text: string;
}

/** "2014年第二季度", "2014年上半年", "2014年3月", "2014年": the kernel's period label. */
export { periodLabel } from '../kernel/period.ts';
