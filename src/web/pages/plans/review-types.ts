import type { Reply } from '../../api/contract.ts';
import type { PlanItem } from '../../api/types.ts';

/** The review API's replies, generated from its response schemas (src/plans/plan.schemas.ts). */
export type Checklist = Reply<'/api/plans/{id}/checklist'>;
export type ChecklistEntry = Checklist['entries'][number];
export type ChecklistCode = ChecklistEntry['code'];
export type PlanUnits = Reply<'/api/plans/{id}/units'>;
export type UnitBrief = PlanUnits['units'][number]['unit'];

export type UnitRole = PlanItem['units'][number]['role'];

/** The unit roles an item kind has a place for (as the bulk API accepts them). */
export const ROLES_OF: Partial<Record<PlanItem['kind'], UnitRole[]>> = {
  task: ['lead', 'responsible'],
  investment: ['investor'],
  reporting: ['reporter'],
};
