import type { Item, Reply } from '../../api/contract.ts';

/** The indicator replies as the pages read them: generated from the routes' response schemas. */
export type IndicatorItem = Item<Reply<'/api/indicators'>>;
export type IndicatorDetail = Reply<'/api/indicators/{id}'>;
export type IndicatorVersion = IndicatorDetail['versions'][number];

export type PivotResult = Reply<'/api/indicators/{id}/pivot'>;
export type PivotCell = PivotResult['cells'][number][number];
export type PivotDivision = PivotResult['divisions'][number];
