import { type Expression, type Insertable, type SqlBool, sql, type Updateable } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import { likeLiteral, type Page } from './division.repository.ts';
import type { DivisionTables, UnitKind, UnitStatus } from './divisions.tables.ts';

export interface Unit {
  id: number;
  name: string;
  divisionCode: string;
  divisionName: string | null;
  kind: UnitKind;
  aliases: string[];
  parentUnitId: number | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  note: string | null;
  status: UnitStatus;
  mergedIntoId: number | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

type UnitRow = Omit<DivisionTables['units'], 'id' | 'aliases' | 'status' | 'created_at' | 'updated_at' | 'version'> & {
  id: number;
  aliases: string[];
  status: UnitStatus;
  created_at: Date | string;
  updated_at: Date | string;
  version: number;
  division_name: string | null;
};

export type UnitValues = Omit<Unit, 'id' | 'divisionName' | 'createdAt' | 'updatedAt' | 'version' | 'mergedIntoId'> & {
  mergedIntoId?: number | null;
};

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

export function toUnit(r: UnitRow): Unit {
  return {
    id: Number(r.id),
    name: r.name,
    divisionCode: r.division_code,
    divisionName: r.division_name,
    kind: r.kind,
    aliases: r.aliases ?? [],
    parentUnitId: r.parent_unit_id === null ? null : Number(r.parent_unit_id),
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    contactEmail: r.contact_email,
    note: r.note,
    status: r.status,
    mergedIntoId: r.merged_into_id === null ? null : Number(r.merged_into_id),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    version: r.version,
  };
}

function toRow(v: Partial<UnitValues>) {
  const out: Updateable<DivisionTables['units']> = {};
  if (v.name !== undefined) out.name = v.name;
  if (v.divisionCode !== undefined) out.division_code = v.divisionCode;
  if (v.kind !== undefined) out.kind = v.kind;
  if (v.aliases !== undefined) out.aliases = v.aliases;
  if (v.parentUnitId !== undefined) out.parent_unit_id = v.parentUnitId;
  if (v.contactName !== undefined) out.contact_name = v.contactName;
  if (v.contactPhone !== undefined) out.contact_phone = v.contactPhone;
  if (v.contactEmail !== undefined) out.contact_email = v.contactEmail;
  if (v.note !== undefined) out.note = v.note;
  if (v.status !== undefined) out.status = v.status;
  if (v.mergedIntoId !== undefined) out.merged_into_id = v.mergedIntoId;
  return out;
}

function selectUnits(ex: Executor) {
  return ex
    .selectFrom('units as u')
    .leftJoin('divisions as d', 'd.code', 'u.division_code')
    .selectAll('u')
    .select('d.full_name as division_name');
}

export async function findUnit(ex: Executor, id: number): Promise<Unit | null> {
  const r = await selectUnits(ex).where('u.id', '=', id).executeTakeFirst();
  return r ? toUnit(r as UnitRow) : null;
}

export async function insertUnits(ex: Executor, values: UnitValues[]): Promise<number[]> {
  if (values.length === 0) return [];
  const rows = await ex
    .insertInto('units')
    .values(values.map((v) => toRow(v) as Insertable<DivisionTables['units']>))
    .returning('id')
    .execute();
  return rows.map((r) => Number(r.id));
}

/** Applies the change only if the row is still at `version`; null when it was not (stale or gone). */
export async function updateUnitAt(ex: Executor, id: number, version: number, values: Partial<UnitValues>): Promise<boolean> {
  const r = await ex
    .updateTable('units')
    .set({ ...toRow(values), version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface UnitFilter {
  /** division subtree root */
  division?: string;
  kind?: UnitKind;
  status?: UnitStatus[];
  q?: string;
  /** scope: division code prefix */
  scopePrefix?: string | null;
  /** scope: only this unit */
  scopeUnitId?: number | null;
}

export async function listUnits(ex: Executor, f: UnitFilter, page: number, pageSize: number): Promise<Page<Unit>> {
  let base = selectUnits(ex);
  if (f.division) base = base.where('u.division_code', 'like', `${likeLiteral(f.division)}%`);
  if (f.scopePrefix) base = base.where('u.division_code', 'like', `${likeLiteral(f.scopePrefix)}%`);
  if (f.scopeUnitId != null) base = base.where('u.id', '=', f.scopeUnitId);
  if (f.kind) base = base.where('u.kind', '=', f.kind);
  if (f.status && f.status.length > 0) base = base.where('u.status', 'in', f.status);
  if (f.q) {
    const pattern = `%${likeLiteral(f.q)}%`;
    base = base.where(
      (eb) =>
        eb.or([
          eb('u.name', 'like', pattern),
          sql<SqlBool>`exists (select 1 from unnest(u.aliases) a where a like ${pattern})` as Expression<SqlBool>,
        ]),
    );
  }
  const [{ total }] = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .execute();
  const rows = await base.orderBy('u.division_code').orderBy('u.name').orderBy('u.id').limit(pageSize).offset((page - 1) * pageSize).execute();
  return { items: rows.map((r) => toUnit(r as UnitRow)), total: Number(total), page, pageSize };
}

/** Names and aliases already taken in a division (merged units gave theirs to their successor). */
export async function takenNames(ex: Executor, divisionCodes: string[]): Promise<{ id: number; divisionCode: string; name: string; aliases: string[] }[]> {
  if (divisionCodes.length === 0) return [];
  const rows = await ex
    .selectFrom('units')
    .select(['id', 'division_code', 'name', 'aliases'])
    .where('division_code', 'in', divisionCodes)
    .where('status', '<>', 'merged')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), divisionCode: r.division_code, name: r.name, aliases: r.aliases ?? [] }));
}

/** Serialises writes to one division's units, so two concurrent writers cannot both take a name. */
export async function lockDivisionUnits(ex: Executor, divisionCode: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${'units:' + divisionCode}))`.execute(ex);
}

const squeeze = (col: string) => sql`regexp_replace(${sql.ref(col)}, '[[:space:]\u3000]+', '', 'g')`;

/** Units whose name or an alias equals `normalized` once white space is removed. */
export async function unitsByNameOrAlias(ex: Executor, normalized: string, divisionCode?: string): Promise<(Unit & { byName: boolean })[]> {
  let q = selectUnits(ex)
    .select(sql<boolean>`${squeeze('u.name')} = ${normalized}`.as('by_name'))
    .where((eb) =>
      eb.or([
        sql<SqlBool>`${squeeze('u.name')} = ${normalized}` as Expression<SqlBool>,
        sql<SqlBool>`exists (select 1 from unnest(u.aliases) a where regexp_replace(a, '[[:space:]\u3000]+', '', 'g') = ${normalized})` as Expression<SqlBool>,
      ]),
    )
    .where('u.status', '<>', 'archived');
  if (divisionCode) q = q.where('u.division_code', '=', divisionCode);
  const rows = await q.orderBy('u.id').execute();
  return rows.map((r) => ({ ...toUnit(r as UnitRow), byName: Boolean((r as { by_name: boolean }).by_name) }));
}
