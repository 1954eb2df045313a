/**
 * The other domains' services the open-data portal publishes from, behind one narrow seam so that
 * the public scope (public-scope.ts) is the only caller and nothing reaches their data around it.
 */
import type { Executor } from '../platform/db/database.ts';

export interface IndicatorInfo {
  code: string;
  name: string;
  unit: string;
  description: string | null;
}

export interface IndexInfo {
  code: string;
  name: string;
}

// Interim until the indicators engine lands: no indicator definitions yet.
export async function listIndicators(_ex: Executor): Promise<IndicatorInfo[]> {
  return [];
}

export async function findIndicator(ex: Executor, code: string): Promise<IndicatorInfo | null> {
  return (await listIndicators(ex)).find((i) => i.code === code) ?? null;
}

export async function listIndexes(_ex: Executor): Promise<IndexInfo[]> {
  return [];
}

export async function findIndex(ex: Executor, code: string): Promise<IndexInfo | null> {
  return (await listIndexes(ex)).find((i) => i.code === code) ?? null;
}
