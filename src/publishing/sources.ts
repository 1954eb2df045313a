/**
 * The other domains' services the open-data portal publishes from, behind one narrow seam: only
 * the public services call these, and only with what the public scope lets through.
 */
import type { Executor } from '../platform/db/database.ts';
import { getIndicator, searchIndicators } from '../indicators/indicator.service.ts';
import { childDivisions, queryIndicator } from '../indicators/query.service.ts';
import { planStatus } from '../indicators/status.service.ts';
import { computeIndex, indexMethod, searchIndexes } from '../indicators/dev-index.service.ts';

export { childDivisions, computeIndex, indexMethod, planStatus, queryIndicator };

export interface IndicatorInfo {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  unit: string;
  direction: 'higher' | 'lower';
  description: string | null;
  source: string | null;
  updatedAt: string;
}

export interface IndexInfo {
  code: string;
  name: string;
  description: string;
  updatedAt: string;
}

function info(i: Awaited<ReturnType<typeof searchIndicators>>[number]): IndicatorInfo {
  const d = i.definition;
  return { id: i.id, code: i.code, name: d.name, nameEn: d.nameEn, unit: d.unit, direction: d.direction, description: d.description, source: d.source, updatedAt: i.updatedAt };
}

export async function listIndicators(ex: Executor): Promise<IndicatorInfo[]> {
  return (await searchIndicators(ex, { status: 'active' })).map(info);
}

export async function findIndicator(ex: Executor, code: string): Promise<IndicatorInfo | null> {
  const i = await getIndicator(ex, code).catch(() => null);
  return i && i.code === code && i.status === 'active' ? info(i) : null;
}

export async function listIndexes(ex: Executor): Promise<IndexInfo[]> {
  return (await searchIndexes(ex)).map((d) => ({ code: d.code, name: d.name, description: d.description, updatedAt: d.updatedAt }));
}

export async function findIndex(ex: Executor, code: string): Promise<IndexInfo | null> {
  return (await listIndexes(ex)).find((i) => i.code === code) ?? null;
}
