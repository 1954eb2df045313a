/** The data the charts draw, in the shapes the monitoring and reporting APIs send (generated, see api/contract.ts). */
import type { Item, Reply } from '../api/contract.ts';

type PlanStatusReply = Reply<'/api/plans/{id}/status'>;

/** A target's trajectory status (Open SDG), as GET /api/plans/:id/status sends it. */
export type TargetStatus = PlanStatusReply['targets'][number]['status'];
/** Every status, in the order the charts stack them; `satisfies` fails the build on a value the API no longer sends. */
export const TARGET_STATUSES = ['achieved', 'on_track', 'accelerate', 'limited', 'regressing', 'no_data'] as const satisfies readonly TargetStatus[];
/** A task's or milestone's deadline light. */
export type Light = PlanStatusReply['tasks'][number]['light'];
export const LIGHTS = ['red', 'yellow', 'green'] as const satisfies readonly Light[];

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

/** One unit's row of GET /api/plans/:id/reporting. */
export type UnitCompleteness = Reply<'/api/plans/{id}/reporting'>['byUnit'][number];

/** One unit's row of GET /api/plans/:id/investments. */
export type UnitInvestment = Item<Reply<'/api/plans/{id}/investments'>>;

/** One child division on a map or in a ranking. */
export interface AreaValue {
  code: string;
  name: string;
  value: number | null;
  unit?: string;
  status?: TargetStatus | null;
  rank?: number | null;
}
