import type { Selectable } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { PeriodType } from './calendar.ts';
import type { ReportingTables, Spatial, Temporal, ValueType } from './reporting.tables.ts';

/** A raw figure a unit reports, as the rest of the code sees it. */
export interface DataElement {
  id: number;
  code: string;
  name: string;
  valueType: ValueType;
  unit: string;
  min: number | null;
  max: number | null;
  periodType: PeriodType;
  temporal: Temporal;
  spatial: Spatial;
  weightElementId: number | null;
  divisionLevel: number;
  maxJumpShare: number | null;
  description: string | null;
  /** reported per unit: several units' values for one division and period add up */
  perUnit: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type DataElementValues = Omit<DataElement, 'id' | 'createdAt' | 'updatedAt' | 'version'>;

type Row = Selectable<ReportingTables['data_elements']>;
const iso = (d: Date | string) => new Date(d).toISOString();

export function toDataElement(r: Row): DataElement {
  return {
    id: Number(r.id),
    code: r.code,
    name: r.name,
    valueType: r.value_type,
    unit: r.unit,
    min: r.min_value,
    max: r.max_value,
    periodType: r.period_type,
    temporal: r.temporal,
    spatial: r.spatial,
    weightElementId: r.weight_element_id === null ? null : Number(r.weight_element_id),
    divisionLevel: r.division_level,
    maxJumpShare: r.max_jump_share,
    description: r.description,
    perUnit: r.per_unit,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    version: r.version,
  };
}

function toRow(v: Partial<DataElementValues>) {
  const row: Record<string, unknown> = {};
  const map: [keyof DataElementValues, string][] = [
    ['code', 'code'], ['name', 'name'], ['valueType', 'value_type'], ['unit', 'unit'], ['min', 'min_value'], ['max', 'max_value'],
    ['periodType', 'period_type'], ['temporal', 'temporal'], ['spatial', 'spatial'], ['weightElementId', 'weight_element_id'],
    ['divisionLevel', 'division_level'], ['maxJumpShare', 'max_jump_share'], ['description', 'description'], ['perUnit', 'per_unit'],
  ];
  for (const [k, col] of map) if (v[k] !== undefined) row[col] = v[k];
  return row;
}

export async function findDataElement(ex: Executor, id: number): Promise<DataElement | null> {
  const r = await ex.selectFrom('data_elements').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toDataElement(r) : null;
}

export async function findDataElementsByIds(ex: Executor, ids: number[]): Promise<DataElement[]> {
  if (ids.length === 0) return [];
  const rows = await ex.selectFrom('data_elements').selectAll().where('id', 'in', ids).execute();
  return rows.map(toDataElement);
}

export async function listDataElements(ex: Executor, f: { q?: string; periodType?: PeriodType }): Promise<DataElement[]> {
  let q = ex.selectFrom('data_elements').selectAll();
  if (f.periodType) q = q.where('period_type', '=', f.periodType);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('code', 'ilike', like), eb('name', 'like', like)]));
  }
  const rows = await q.orderBy('code').execute();
  return rows.map(toDataElement);
}

export async function insertDataElement(ex: Executor, v: DataElementValues): Promise<number> {
  const r = await ex
    .insertInto('data_elements')
    .values(toRow(v) as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Updates when the version matches; false when someone else changed it first. */
export async function updateDataElementAt(ex: Executor, id: number, version: number, v: Partial<DataElementValues>): Promise<boolean> {
  const r = await ex
    .updateTable('data_elements')
    .set({ ...(toRow(v) as object), updated_at: new Date(), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Where an element is still used by reporting (forms, weights), for a refused delete. */
export async function dataElementUses(ex: Executor, id: number): Promise<{ forms: number; weights: number }> {
  // Sequential: inside a transaction the statements share one connection.
  const forms = await ex.selectFrom('form_elements').select((eb) => eb.fn.countAll<number>().as('n')).where('element_id', '=', id).executeTakeFirstOrThrow();
  const weights = await ex.selectFrom('data_elements').select((eb) => eb.fn.countAll<number>().as('n')).where('weight_element_id', '=', id).executeTakeFirstOrThrow();
  return { forms: Number(forms.n), weights: Number(weights.n) };
}

/** Values of the element reported in any submission (the approved ones are the value store's). */
export async function reportedValueCount(ex: Executor, id: number): Promise<number> {
  const reported = await ex.selectFrom('submission_values').select((eb) => eb.fn.countAll<number>().as('n')).where('element_id', '=', id).where('value', 'is not', null).executeTakeFirstOrThrow();
  return Number(reported.n);
}

export async function deleteDataElement(ex: Executor, id: number): Promise<void> {
  await ex.deleteFrom('validation_rules').where((eb) => eb.or([eb('left_element_id', '=', id), eb('right_element_id', '=', id)])).execute();
  await ex.deleteFrom('data_elements').where('id', '=', id).execute();
}

export async function elementIdsByCode(ex: Executor, codes: string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await ex.selectFrom('data_elements').select(['id', 'code']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, Number(r.id)]));
}

export async function elementsWithCodeOrName(ex: Executor, code: string, name: string): Promise<{ id: number; code: string; name: string }[]> {
  const rows = await ex
    .selectFrom('data_elements')
    .select(['id', 'code', 'name'])
    .where((eb) => eb.or([eb('code', '=', code), eb('name', '=', name)]))
    .execute();
  return rows.map((r) => ({ id: Number(r.id), code: r.code, name: r.name }));
}
