/** The data the charts draw, in the shapes the monitoring and reporting APIs send. */
export type TargetStatus = 'achieved' | 'on_track' | 'accelerate' | 'limited' | 'regressing' | 'no_data';
export const TARGET_STATUSES: TargetStatus[] = ['achieved', 'on_track', 'accelerate', 'limited', 'regressing', 'no_data'];
export type Light = 'green' | 'yellow' | 'red';
export const LIGHTS: Light[] = ['red', 'yellow', 'green'];

export interface DatedValue {
  period: string;
  /** YYYY-MM-DD: the end of the period (or the as-of day for a period in progress) */
  date: string;
  value: number;
}

export interface Trajectory {
  unit: string;
  baseline: { value: number; at: string; date: string } | null;
  target: { value: number; comparator: '>=' | '<=' | '='; deadline: string; date: string };
  series: DatedValue[];
  expectedNow: number | null;
  projection: { value: number; meets: boolean } | null;
  /** YYYY-MM-DD the assessment was made for */
  asOf?: string;
}

export interface UnitCompleteness {
  unitId: number;
  unitName: string;
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
}

export interface UnitInvestment {
  unitId: number | null;
  unitName: string;
  planned: number;
  done: number;
  currency: string;
}

/** One child division on a map or in a ranking. */
export interface AreaValue {
  code: string;
  name: string;
  value: number | null;
  unit?: string;
  status?: TargetStatus | null;
  rank?: number | null;
}
