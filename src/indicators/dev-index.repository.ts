import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { IndexComponentDef, IndexGroupDef } from './dev-index.score.ts';

export interface DevIndex {
  id: number;
  code: string;
  name: string;
  description: string;
  scale: number;
  sources: string[];
  version: number;
  updatedAt: string;
  groups: IndexGroupDef[];
  components: IndexComponentDef[];
}

export interface DevIndexValues {
  code: string;
  name: string;
  description: string;
  scale: number;
  sources: string[];
  groups: IndexGroupDef[];
  components: IndexComponentDef[];
}

async function parts(ex: Executor, ids: number[]): Promise<{ groups: Map<number, IndexGroupDef[]>; components: Map<number, IndexComponentDef[]> }> {
  const groups = new Map<number, IndexGroupDef[]>();
  const components = new Map<number, IndexComponentDef[]>();
  if (ids.length === 0) return { groups, components };
  for (const g of await ex.selectFrom('dev_index_groups').selectAll().where('index_id', 'in', ids).orderBy('index_id').orderBy('ord').execute()) {
    const list = groups.get(Number(g.index_id)) ?? [];
    list.push({ code: g.code, name: g.name, weight: g.weight });
    groups.set(Number(g.index_id), list);
  }
  for (const c of await ex.selectFrom('dev_index_components').selectAll().where('index_id', 'in', ids).orderBy('index_id').orderBy('ord').orderBy('id').execute()) {
    const list = components.get(Number(c.index_id)) ?? [];
    list.push({ indicator: c.indicator, name: c.name, group: c.group_code, reference: c.reference, log: c.log_scale, cap: c.cap, weight: c.weight });
    components.set(Number(c.index_id), list);
  }
  return { groups, components };
}

export async function listIndexes(ex: Executor): Promise<DevIndex[]> {
  const rows = await ex.selectFrom('dev_indexes').selectAll().orderBy('id').execute();
  const p = await parts(ex, rows.map((r) => Number(r.id)));
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    name: r.name,
    description: r.description,
    scale: r.scale,
    sources: r.sources,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
    groups: p.groups.get(Number(r.id)) ?? [],
    components: p.components.get(Number(r.id)) ?? [],
  }));
}

export async function findIndex(ex: Executor, ref: number | string): Promise<DevIndex | null> {
  const q = ex.selectFrom('dev_indexes').selectAll();
  const r = await (typeof ref === 'number' ? q.where('id', '=', ref) : q.where('code', '=', ref)).executeTakeFirst();
  if (!r) return null;
  const p = await parts(ex, [Number(r.id)]);
  return {
    id: Number(r.id),
    code: r.code,
    name: r.name,
    description: r.description,
    scale: r.scale,
    sources: r.sources,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
    groups: p.groups.get(Number(r.id)) ?? [],
    components: p.components.get(Number(r.id)) ?? [],
  };
}

async function writeParts(ex: Executor, id: number, v: DevIndexValues): Promise<void> {
  await ex.deleteFrom('dev_index_components').where('index_id', '=', id).execute();
  await ex.deleteFrom('dev_index_groups').where('index_id', '=', id).execute();
  await ex.insertInto('dev_index_groups').values(v.groups.map((g, ord) => ({ index_id: id, code: g.code, name: g.name, weight: g.weight, ord }))).execute();
  await ex
    .insertInto('dev_index_components')
    .values(v.components.map((c, ord) => ({ index_id: id, group_code: c.group, indicator: c.indicator, name: c.name, reference: c.reference, log_scale: c.log, cap: c.cap, weight: c.weight, ord })))
    .execute();
}

export async function insertIndex(ex: Executor, v: DevIndexValues, createdBy: number | null): Promise<number> {
  const r = await ex
    .insertInto('dev_indexes')
    .values({ code: v.code, name: v.name, description: v.description, scale: v.scale, sources: v.sources, created_by: createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeParts(ex, Number(r.id), v);
  return Number(r.id);
}

/** Replaces the definition when the version matches; false when it does not. */
export async function updateIndex(ex: Executor, id: number, version: number, v: DevIndexValues): Promise<boolean> {
  const r = await ex
    .updateTable('dev_indexes')
    .set({ code: v.code, name: v.name, description: v.description, scale: v.scale, sources: v.sources, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  await writeParts(ex, id, v);
  return true;
}
