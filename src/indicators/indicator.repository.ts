import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { Direction } from './indicators.tables.ts';
import { calendarDateOf } from '../kernel/day.ts';

export interface IndicatorVersion {
  number: number;
  name: string;
  nameEn: string | null;
  unit: string;
  direction: Direction;
  numeratorElementId: number;
  denominatorElementId: number | null;
  factor: number;
  description: string | null;
  source: string | null;
  /** YYYY-MM-DD, null = since always */
  validFrom: string | null;
  reason: string | null;
  createdAt: string;
  createdBy: number | null;
}

export interface Indicator {
  id: number;
  code: string;
  status: 'active' | 'archived';
  published: boolean;
  latestVersion: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** the latest definition */
  definition: IndicatorVersion;
}

export interface IndicatorWithVersions extends Indicator {
  versions: IndicatorVersion[];
}

type VersionRow = {
  number: number;
  name: string;
  name_en: string | null;
  unit: string;
  direction: Direction;
  numerator_element_id: number;
  denominator_element_id: number | null;
  factor: number;
  description: string | null;
  source: string | null;
  valid_from: string | Date | null;
  reason: string | null;
  created_at: Date;
  created_by: number | null;
};

const iso = (d: Date | string) => (typeof d === 'string' ? d : d.toISOString());
const day = (d: Date | string | null): string | null => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : calendarDateOf(d));

function toVersion(r: VersionRow): IndicatorVersion {
  return {
    number: r.number,
    name: r.name,
    nameEn: r.name_en,
    unit: r.unit,
    direction: r.direction,
    numeratorElementId: Number(r.numerator_element_id),
    denominatorElementId: r.denominator_element_id === null ? null : Number(r.denominator_element_id),
    factor: r.factor,
    description: r.description,
    source: r.source,
    validFrom: day(r.valid_from),
    reason: r.reason,
    createdAt: iso(r.created_at),
    createdBy: r.created_by === null ? null : Number(r.created_by),
  };
}

const VERSION_COLUMNS = [
  'v.number',
  'v.name',
  'v.name_en',
  'v.unit',
  'v.direction',
  'v.numerator_element_id',
  'v.denominator_element_id',
  'v.factor',
  'v.description',
  'v.source',
  'v.valid_from',
  'v.reason',
  'v.created_at',
  'v.created_by',
] as const;

export interface ListFilter {
  q?: string;
  status?: 'active' | 'archived';
  published?: boolean;
  elementId?: number;
}

export async function listIndicators(ex: Executor, f: ListFilter = {}): Promise<Indicator[]> {
  let q = ex
    .selectFrom('indicators as i')
    .innerJoin('indicator_versions as v', (j) => j.onRef('v.indicator_id', '=', 'i.id').onRef('v.number', '=', 'i.latest_version'))
    .select(['i.id', 'i.code', 'i.status', 'i.published', 'i.latest_version', 'i.version', 'i.created_at', 'i.updated_at', ...VERSION_COLUMNS]);
  if (f.status) q = q.where('i.status', '=', f.status);
  if (f.published !== undefined) q = q.where('i.published', '=', f.published);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    q = q.where((eb) => eb.or([eb('i.code', 'ilike', like), eb('v.name', 'ilike', like), eb('v.name_en', 'ilike', like)]));
  }
  if (f.elementId !== undefined) {
    const id = f.elementId;
    q = q.where((eb) => eb.or([eb('v.numerator_element_id', '=', id), eb('v.denominator_element_id', '=', id)]));
  }
  const rows = await q.orderBy('i.code').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    status: r.status,
    published: r.published,
    latestVersion: r.latest_version,
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    definition: toVersion(r as unknown as VersionRow),
  }));
}

/** The indicator by id or code, or undefined. */
export async function findIndicator(ex: Executor, ref: number | string): Promise<Indicator | undefined> {
  let q = ex
    .selectFrom('indicators as i')
    .innerJoin('indicator_versions as v', (j) => j.onRef('v.indicator_id', '=', 'i.id').onRef('v.number', '=', 'i.latest_version'))
    .select(['i.id', 'i.code', 'i.status', 'i.published', 'i.latest_version', 'i.version', 'i.created_at', 'i.updated_at', ...VERSION_COLUMNS]);
  q = typeof ref === 'number' ? q.where('i.id', '=', ref) : q.where('i.code', '=', ref);
  const r = await q.executeTakeFirst();
  if (!r) return undefined;
  return {
    id: Number(r.id),
    code: r.code,
    status: r.status,
    published: r.published,
    latestVersion: r.latest_version,
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    definition: toVersion(r as unknown as VersionRow),
  };
}

/** Every definition version of an indicator, oldest first. */
export async function indicatorVersions(ex: Executor, indicatorId: number): Promise<IndicatorVersion[]> {
  const rows = await ex
    .selectFrom('indicator_versions as v')
    .select([...VERSION_COLUMNS])
    .where('v.indicator_id', '=', indicatorId)
    .orderBy('v.number')
    .execute();
  return rows.map((r) => toVersion(r as unknown as VersionRow));
}

export interface NewIndicator {
  code: string;
  published: boolean;
}

export interface VersionValues {
  name: string;
  nameEn: string | null;
  unit: string;
  direction: Direction;
  numeratorElementId: number;
  denominatorElementId: number | null;
  factor: number;
  description: string | null;
  source: string | null;
  validFrom: string | null;
  reason: string | null;
}

export async function insertIndicator(ex: Executor, values: NewIndicator): Promise<number> {
  const r = await ex.insertInto('indicators').values({ code: values.code, published: values.published }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function insertVersion(ex: Executor, indicatorId: number, number: number, v: VersionValues, createdBy: number | null): Promise<void> {
  await ex
    .insertInto('indicator_versions')
    .values({
      indicator_id: indicatorId,
      number,
      name: v.name,
      name_en: v.nameEn,
      unit: v.unit,
      direction: v.direction,
      numerator_element_id: v.numeratorElementId,
      denominator_element_id: v.denominatorElementId,
      factor: v.factor,
      description: v.description,
      source: v.source,
      valid_from: v.validFrom,
      reason: v.reason,
      created_by: createdBy,
    })
    .execute();
}

/** Locks the indicator row for a change; undefined when it does not exist. */
export async function lockIndicator(ex: Executor, id: number): Promise<{ version: number; latestVersion: number } | undefined> {
  const r = await ex.selectFrom('indicators').select(['version', 'latest_version']).where('id', '=', id).forUpdate().executeTakeFirst();
  return r && { version: r.version, latestVersion: r.latest_version };
}

export async function updateIndicatorRow(
  ex: Executor,
  id: number,
  set: { latestVersion?: number; status?: 'active' | 'archived'; published?: boolean },
): Promise<void> {
  await ex
    .updateTable('indicators')
    .set((eb) => ({
      ...(set.latestVersion !== undefined ? { latest_version: set.latestVersion } : {}),
      ...(set.status !== undefined ? { status: set.status } : {}),
      ...(set.published !== undefined ? { published: set.published } : {}),
      updated_at: sql<Date>`now()`,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

/** Every definition version of the indicators named by id or code, in one statement. */
export async function definitionsOf(ex: Executor, refs: (number | string)[]): Promise<{ id: number; code: string; versions: IndicatorVersion[] }[]> {
  const ids = refs.filter((r): r is number => typeof r === 'number');
  const codes = refs.filter((r): r is string => typeof r === 'string');
  if (ids.length + codes.length === 0) return [];
  const rows = await ex
    .selectFrom('indicators as i')
    .innerJoin('indicator_versions as v', 'v.indicator_id', 'i.id')
    .select(['i.id', 'i.code', ...VERSION_COLUMNS])
    .where((eb) => eb.or([...(ids.length ? [eb('i.id', 'in', ids)] : []), ...(codes.length ? [eb('i.code', 'in', codes)] : [])]))
    .orderBy('i.id')
    .orderBy('v.number')
    .execute();
  const out = new Map<number, { id: number; code: string; versions: IndicatorVersion[] }>();
  for (const r of rows) {
    const id = Number(r.id);
    let d = out.get(id);
    if (!d) out.set(id, (d = { id, code: r.code, versions: [] }));
    d.versions.push(toVersion(r as unknown as VersionRow));
  }
  return [...out.values()];
}
