import type { PlanItem } from '../../api/types.ts';

/** Shapes of the review API answers (src/plans/plan.schemas.ts). */

export type ChecklistCode =
  | 'no_period'
  | 'duty_no_frequency'
  | 'pending_items'
  | 'proposed_units'
  | 'duty_no_due'
  | 'duty_due_before_end'
  | 'target_no_indicator'
  | 'no_period_end';

export interface ChecklistEntry {
  code: ChecklistCode;
  severity: 'blocking' | 'warning';
  message: string;
  itemIds: number[];
  unitIds: number[];
  suggestion: { periodEnd?: number } | null;
}

export interface Checklist {
  planId: number;
  version: number;
  ready: boolean;
  entries: ChecklistEntry[];
}

export interface UnitBrief {
  id: number;
  name: string;
  status: 'active' | 'proposed' | 'merged' | 'archived';
  kind: string;
  divisionCode: string;
  aliases: string[];
  version: number;
  mergedIntoId: number | null;
}

export interface PlanUnits {
  units: { unit: UnitBrief; names: string[]; itemIds: number[]; suggestions: { id: number; name: string; status: UnitBrief['status']; reason: 'same_base' | 'contains' }[] }[];
  unlinked: { name: string; itemIds: number[] }[];
}

export type UnitRole = PlanItem['units'][number]['role'];

/** The unit roles an item kind has a place for (as the bulk API accepts them). */
export const ROLES_OF: Partial<Record<PlanItem['kind'], UnitRole[]>> = {
  task: ['lead', 'responsible'],
  investment: ['investor'],
  reporting: ['reporter'],
};
