/**
 * What the dashboards read: the monitoring, reporting and investment APIs' replies, generated from
 * their response schemas (see api/contract.ts), never copied from the server's own types.
 */
import type { Item, Reply } from '../../api/contract.ts';

/** GET /api/plans/:id/status, generated from its response schema. */
export type PlanStatusReport = Reply<'/api/plans/{id}/status'>;
export type WorkStatusRow = PlanStatusReport['tasks'][number];
/** A target's status; the division view adds the plan that set it. */
export type TargetStatusRow = PlanStatusReport['targets'][number] & { planTitle?: string };

/** GET /api/plans/:id/reporting: the plan's reporting for a period, as the briefing counts it. */
export type CompletenessReport = Reply<'/api/plans/{id}/reporting'>;

export type InvestmentReport = Reply<'/api/plans/{id}/investments'>;

export type DivisionIndicators = Reply<'/api/divisions/{code}/indicators'>;

/** GET /api/indicators: the latest definition version of each indicator. */
export type IndicatorDefinition = Item<Reply<'/api/indicators'>>;

/** An indicator as the division dashboard offers it: the latest definition's name, unit and direction. */
export type IndicatorSummary = Pick<IndicatorDefinition, 'id' | 'code'> & Pick<IndicatorDefinition['definition'], 'name' | 'unit' | 'direction'>;

/** GET /api/indicators/:id/ranking. */
export type RankingResponse = Reply<'/api/indicators/{id}/ranking'>;
