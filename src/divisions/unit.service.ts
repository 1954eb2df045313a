import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { AppError, type FieldProblem, invalid, notFound } from '../platform/errors.ts';
import { existingCodes } from './division.repository.ts';
import type { Page } from './division.repository.ts';
import type { UnitStatus } from './divisions.tables.ts';
import type { UnitInput, UnitPatch } from './unit.schemas.ts';
import {
  findUnit,
  insertUnits,
  listUnits,
  lockDivisionUnits,
  takenNames,
  type Unit,
  type UnitFilter,
  type UnitValues,
  unitsByNameOrAlias,
  updateUnitAt,
} from './unit.repository.ts';

export type { Unit, UnitFilter };

const ex = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);

/** Names compare without white space: "州经商委" and "州 经商委" are the same unit. */
export const normalizeName = (s: string) => s.replace(/[\s\u3000]+/g, '');

function cleanAliases(name: string, aliases: string[]): string[] {
  const seen = new Set([normalizeName(name)]);
  const out: string[] = [];
  for (const a of aliases) {
    const n = normalizeName(a);
    if (n && !seen.has(n)) {
      seen.add(n);
      out.push(a.trim());
    }
  }
  return out;
}

export interface Candidate {
  /** import row number, or 0 for a single API write */
  row: number;
  id?: number;
  name: string;
  divisionCode: string;
  aliases: string[];
  parentUnitId?: number | null;
}

export interface RowProblem {
  row: number;
  field: string;
  reason: string;
}

/**
 * Checks what only the database can tell: the division exists, the parent unit exists, and no
 * name or alias is taken in the division, by a stored unit or by an earlier candidate of the batch.
 */
export async function checkCandidates(exec: Executor, candidates: Candidate[]): Promise<RowProblem[]> {
  const problems: RowProblem[] = [];
  const codes = [...new Set(candidates.map((c) => c.divisionCode))];
  const existing = await existingCodes(exec, codes);
  const owner = new Map<string, { id?: number; label: string }>();
  for (const t of await takenNames(exec, codes.filter((c) => existing.has(c)))) {
    for (const n of [t.name, ...t.aliases]) owner.set(`${t.divisionCode}|${normalizeName(n)}`, { id: t.id, label: `unit ${t.id} (${t.name})` });
  }
  const parentIds = [...new Set(candidates.map((c) => c.parentUnitId).filter((p): p is number => typeof p === 'number'))];
  const parents = new Set<number>();
  for (const id of parentIds) if (await findUnit(exec, id)) parents.add(id);

  for (const c of candidates) {
    if (!existing.has(c.divisionCode)) {
      problems.push({ row: c.row, field: 'divisionCode', reason: `no division with code ${c.divisionCode} in the 2023 edition` });
      continue;
    }
    if (c.parentUnitId != null && (!parents.has(c.parentUnitId) || c.parentUnitId === c.id)) {
      problems.push({ row: c.row, field: 'parentUnitId', reason: `no unit ${c.parentUnitId} to be the parent` });
    }
    const entries: [string, string][] = [['name', c.name], ...c.aliases.map((a): [string, string] => ['aliases', a])];
    for (const [field, value] of entries) {
      const key = `${c.divisionCode}|${normalizeName(value)}`;
      const o = owner.get(key);
      if (o && (o.id === undefined || o.id !== c.id)) {
        problems.push({ row: c.row, field, reason: `${value} is already used in division ${c.divisionCode} by ${o.label}` });
      }
    }
    for (const [, value] of entries) owner.set(`${c.divisionCode}|${normalizeName(value)}`, { id: c.id, label: c.row ? `row ${c.row}` : 'this unit' });
  }
  return problems;
}

function throwProblems(problems: RowProblem[]): void {
  if (problems.length === 0) return;
  const fields: FieldProblem[] = problems.map((p) => ({ field: p.field, reason: p.reason }));
  const dup = problems.every((p) => p.field === 'name' || p.field === 'aliases');
  throw new AppError(dup ? 'duplicate' : 'validation_failed', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), { fields });
}

function valuesOf(input: UnitInput): UnitValues {
  return {
    name: input.name,
    divisionCode: input.divisionCode,
    kind: input.kind,
    aliases: cleanAliases(input.name, input.aliases),
    parentUnitId: input.parentUnitId ?? null,
    contactName: input.contactName ?? null,
    contactPhone: input.contactPhone ?? null,
    contactEmail: input.contactEmail ?? null,
    note: input.note ?? null,
    status: input.status ?? 'active',
  };
}

export async function getUnit(db: Db | Executor, id: number): Promise<Unit> {
  const u = await findUnit(ex(db), id);
  if (!u) throw notFound('unit', id);
  return u;
}

export async function createUnit(db: Db | Executor, actor: Actor, input: UnitInput): Promise<Unit> {
  return transaction(db, async (tx) => {
    const v = valuesOf(input);
    await lockDivisionUnits(tx, v.divisionCode);
    throwProblems(await checkCandidates(tx, [{ row: 0, ...v }]));
    const [id] = await insertUnits(tx, [v]);
    const unit = await getUnit(tx, id);
    await recordAudit(tx, actor, { action: 'unit.create', entity: 'unit', entityId: id, after: unit });
    return unit;
  });
}

/** Inserts already validated units in the caller's transaction (used by import). */
export async function insertValidatedUnits(tx: Executor, actor: Actor, inputs: UnitInput[]): Promise<number[]> {
  const values = inputs.map(valuesOf);
  const ids = await insertUnits(tx, values);
  await recordAudit(
    tx,
    actor,
    ids.map((id, i) => ({ action: 'unit.import', entity: 'unit', entityId: id, after: values[i] })),
  );
  return ids;
}

export async function updateUnit(db: Db | Executor, actor: Actor, id: number, patch: UnitPatch): Promise<Unit> {
  return transaction(db, async (tx) => {
    const before = await getUnit(tx, id);
    const { version, ...changes } = patch;
    if (before.version !== version) throw stale(before);
    if (before.status === 'merged') throw new AppError('conflict', `unit ${id} was merged into unit ${before.mergedIntoId}; edit that one`);
    const name = changes.name ?? before.name;
    const divisionCode = changes.divisionCode ?? before.divisionCode;
    const aliases = cleanAliases(name, changes.aliases ?? before.aliases);
    await lockDivisionUnits(tx, divisionCode);
    throwProblems(
      await checkCandidates(tx, [
        { row: 0, id, name, divisionCode, aliases, parentUnitId: changes.parentUnitId === undefined ? null : changes.parentUnitId },
      ]),
    );
    const ok = await updateUnitAt(tx, id, version, { ...changes, aliases });
    if (!ok) throw stale(await getUnit(tx, id));
    const after = await getUnit(tx, id);
    await recordAudit(tx, actor, { action: 'unit.update', entity: 'unit', entityId: id, before, after });
    return after;
  });
}

function stale(current: Unit): AppError {
  return new AppError('conflict', `unit ${current.id} was changed by someone else (current version ${current.version}); reload and retry`, {
    fields: [{ field: 'version', reason: `stale; current version is ${current.version}` }],
    currentVersion: current.version,
  });
}

/** Soft delete: the unit stays for history (plans and reports keep pointing at it). */
export async function archiveUnit(db: Db | Executor, actor: Actor, id: number, version?: number): Promise<Unit> {
  return transaction(db, async (tx) => {
    const before = await getUnit(tx, id);
    if (version !== undefined && version !== before.version) throw stale(before);
    if (before.status === 'archived') return before;
    if (!(await updateUnitAt(tx, id, before.version, { status: 'archived' }))) throw stale(await getUnit(tx, id));
    const after = await getUnit(tx, id);
    await recordAudit(tx, actor, { action: 'unit.archive', entity: 'unit', entityId: id, before, after });
    return after;
  });
}

export interface UnitListQuery {
  division?: string;
  kind?: UnitFilter['kind'];
  status?: UnitStatus[];
  q?: string;
}

export async function searchUnits(
  db: Db | Executor,
  query: UnitListQuery,
  scope: { prefix: string | null; unitId: number | null },
  page: number,
  pageSize: number,
): Promise<Page<Unit>> {
  return listUnits(
    ex(db),
    {
      division: query.division,
      kind: query.kind,
      status: query.status ?? ['active', 'proposed'],
      q: query.q?.trim() || undefined,
      scopePrefix: scope.prefix,
      scopeUnitId: scope.unitId,
    },
    page,
    pageSize,
  );
}

export interface Resolution {
  /** the unit when exactly one matches (a merged unit resolves to its successor) */
  unit: Unit | null;
  candidates: Unit[];
}

/**
 * Finds the unit a plan means by a name: exact name first, then alias, white space ignored;
 * limited to one division when given. Several matches leave the choice to the caller.
 */
export async function resolveUnitName(db: Db | Executor, name: string, opts: { divisionCode?: string } = {}): Promise<Resolution> {
  const n = normalizeName(name);
  if (!n) return { unit: null, candidates: [] };
  const found = await unitsByNameOrAlias(ex(db), n, opts.divisionCode);
  const resolved: Unit[] = [];
  const seen = new Set<number>();
  const byName = found.filter((u) => u.byName);
  for (let u of byName.length > 0 ? byName : found) {
    // Follow merges to the surviving unit (bounded, in case of a cycle in bad data).
    for (let hops = 0; u.status === 'merged' && u.mergedIntoId !== null && hops < 10; hops++) {
      const next = await findUnit(ex(db), u.mergedIntoId);
      if (!next) break;
      u = { ...next, byName: u.byName };
    }
    if (!seen.has(u.id)) {
      seen.add(u.id);
      const { byName: _b, ...unit } = u;
      resolved.push(unit);
    }
  }
  return { unit: resolved.length === 1 ? resolved[0] : null, candidates: resolved };
}

/**
 * Merges `fromId` into `intoId`: the old name and aliases become aliases of the survivor, the old
 * unit is marked merged (kept for history), all in one audited transaction.
 */
export async function mergeUnits(db: Db | Executor, actor: Actor, fromId: number, intoId: number): Promise<Unit> {
  if (fromId === intoId) throw invalid('intoId', 'a unit cannot be merged into itself');
  return transaction(db, async (tx) => {
    const from = await getUnit(tx, fromId);
    const into = await getUnit(tx, intoId);
    if (from.status === 'merged') throw new AppError('conflict', `unit ${fromId} is already merged into unit ${from.mergedIntoId}`);
    if (into.status === 'merged' || into.status === 'archived') throw new AppError('conflict', `unit ${intoId} is ${into.status} and cannot receive a merge`);
    await lockDivisionUnits(tx, into.divisionCode);
    if (!(await updateUnitAt(tx, fromId, from.version, { status: 'merged', mergedIntoId: intoId, aliases: [] }))) throw stale(await getUnit(tx, fromId));
    const aliases = cleanAliases(into.name, [...into.aliases, from.name, ...from.aliases]);
    throwProblems(await checkCandidates(tx, [{ row: 0, id: intoId, name: into.name, divisionCode: into.divisionCode, aliases }]));
    if (!(await updateUnitAt(tx, intoId, into.version, { aliases }))) throw stale(await getUnit(tx, intoId));
    const after = await getUnit(tx, intoId);
    await recordAudit(tx, actor, [
      { action: 'unit.merge', entity: 'unit', entityId: fromId, before: from, after: { status: 'merged', mergedIntoId: intoId } },
      { action: 'unit.update', entity: 'unit', entityId: intoId, before: into, after },
    ]);
    return after;
  });
}

/**
 * Confirms a unit an import proposed: it becomes active, optionally renamed or re-kinded on the
 * way. Only a proposed unit can be confirmed (409 otherwise), so a double click changes nothing.
 */
export async function confirmUnit(db: Db | Executor, actor: Actor, id: number, input: { version: number; name?: string; kind?: UnitPatch['kind'] }): Promise<Unit> {
  return transaction(db, async (tx) => {
    const unit = await getUnit(tx, id);
    if (unit.status !== 'proposed') throw new AppError('conflict', `unit ${id} is ${unit.status}, only a proposed unit can be confirmed`);
    return updateUnit(tx, actor, id, { version: input.version, status: 'active', ...(input.name ? { name: input.name } : {}), ...(input.kind ? { kind: input.kind } : {}) });
  });
}
