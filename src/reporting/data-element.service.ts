import { storedValueCount } from '../indicators/values.read.ts';
import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import {
  type DataElement,
  type DataElementValues,
  dataElementUses,
  elementsWithCodeOrName,
  deleteDataElement as deleteRow,
  findDataElement,
  insertDataElement,
  listDataElements,
  reportedValueCount,
  updateDataElementAt,
} from './data-element.repository.ts';
import type { DataElementInput, DataElementPatch } from './reporting.schemas.ts';

export type { DataElement };

const exOf = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);

/** Checks across fields and against other rows; throws 400 naming the field. */
async function checkElement(ex: Executor, v: DataElementValues, selfId: number | null): Promise<void> {
  if (v.min !== null && v.max !== null && v.min > v.max) throw invalid('min', `must not exceed max (${v.max})`);
  if (v.spatial === 'weighted' && v.weightElementId === null) throw invalid('weightElementId', 'a weighted element needs the element that weights it (e.g. users for a speed)');
  if (v.spatial === 'sum' && v.weightElementId !== null) throw invalid('weightElementId', 'only a weighted element has a weight element');
  if (v.perUnit && v.spatial !== 'sum') throw invalid('perUnit', 'only an additive (sum) element can be reported per unit: units\' values are added up');
  if (v.weightElementId !== null) {
    if (v.weightElementId === selfId) throw invalid('weightElementId', 'an element cannot weight itself');
    const w = await findDataElement(ex, v.weightElementId);
    if (!w) throw invalid('weightElementId', `no data element ${v.weightElementId}`);
    if (w.divisionLevel !== v.divisionLevel) throw invalid('weightElementId', `the weight element ${w.code} is reported at division level ${w.divisionLevel}, not ${v.divisionLevel}`);
  }
}

async function checkUnique(ex: Executor, v: Pick<DataElementValues, 'code' | 'name'>, selfId: number | null): Promise<void> {
  for (const c of await elementsWithCodeOrName(ex, v.code, v.name)) {
    if (Number(c.id) === selfId) continue;
    const field = c.code === v.code ? 'code' : 'name';
    throw new AppError('duplicate', `${field}: already used by data element ${c.id}`, { fields: [{ field, reason: `already used by data element ${c.id} (${c.code} ${c.name})` }] });
  }
}

function stale(current: DataElement): AppError {
  return new AppError('conflict', `data element ${current.id} was changed by someone else (current version ${current.version}); reload and retry`, {
    fields: [{ field: 'version', reason: `stale; current version is ${current.version}` }],
    current,
  });
}

/** One data element; 404 when there is none. */
export async function getDataElement(db: Db | Executor, id: number): Promise<DataElement> {
  const e = await findDataElement(exOf(db), id);
  if (!e) throw notFound('data element', id);
  return e;
}

/** Every data element, by code; `q` matches code or name. */
export function searchDataElements(db: Db | Executor, f: { q?: string; periodType?: DataElement['periodType'] } = {}): Promise<DataElement[]> {
  return listDataElements(exOf(db), { q: f.q?.trim() || undefined, periodType: f.periodType });
}

/** Creates a data element (audited). Throws 400 naming the field, 409 `duplicate` on a taken code or name. */
export async function createDataElement(db: Db | Executor, actor: Actor, input: DataElementInput): Promise<DataElement> {
  return transaction(db, async (tx) => {
    const v: DataElementValues = {
      code: input.code,
      name: input.name,
      valueType: input.valueType,
      unit: input.unit ?? '',
      min: input.min ?? null,
      max: input.max ?? null,
      periodType: input.periodType ?? 'M',
      temporal: input.temporal,
      spatial: input.spatial ?? 'sum',
      weightElementId: input.weightElementId ?? null,
      divisionLevel: input.divisionLevel,
      maxJumpShare: input.maxJumpShare ?? null,
      description: input.description ?? null,
      perUnit: input.perUnit ?? false,
    };
    await checkElement(tx, v, null);
    await checkUnique(tx, v, null);
    const id = await insertDataElement(tx, v);
    const after = await getDataElement(tx, id);
    await recordAudit(tx, actor, { action: 'data_element.create', entity: 'data_element', entityId: id, after });
    return after;
  });
}

/**
 * What a stored value means: the period it covers, stock or flow, the divisions it is reported
 * for and how it rolls up. Once values exist these stay (the reports and roll-ups were made under
 * them; decision 0520): a different meaning is a new element. Name, unit, range and notes may change.
 */
const MEANING = ['periodType', 'temporal', 'divisionLevel', 'spatial', 'weightElementId', 'perUnit'] as const;

async function checkMeaningKept(tx: Executor, before: DataElement, after: DataElementValues): Promise<void> {
  const changed = MEANING.filter((k) => (before as unknown as Record<string, unknown>)[k] !== (after as unknown as Record<string, unknown>)[k]);
  if (changed.length === 0) return;
  const n = (await reportedValueCount(tx, before.id)) + (await storedValueCount(tx, before.id));
  if (n === 0) return;
  const fields = changed.map((field) => ({ field, reason: `cannot change while ${before.code} has ${n} reported or stored values; define a new element instead` }));
  throw new AppError('validation_failed', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), { fields });
}

/**
 * Changes a data element when `patch.version` is the stored one; a stale version is a 409
 * `conflict` whose details carry the current element.
 */
export async function updateDataElement(db: Db | Executor, actor: Actor, id: number, patch: DataElementPatch): Promise<DataElement> {
  return transaction(db, async (tx) => {
    const before = await getDataElement(tx, id);
    const { version, ...changes } = patch;
    if (before.version !== version) throw stale(before);
    const merged: DataElementValues = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, x]) => x !== undefined)) };
    await checkElement(tx, merged, id);
    await checkUnique(tx, merged, id);
    await checkMeaningKept(tx, before, merged);
    if (!(await updateDataElementAt(tx, id, version, changes))) throw stale(await getDataElement(tx, id));
    const after = await getDataElement(tx, id);
    await recordAudit(tx, actor, { action: 'data_element.update', entity: 'data_element', entityId: id, before, after });
    return after;
  });
}

/** Deletes an element no form, weight or approved value uses; otherwise 409 saying where it is used. */
export async function deleteDataElement(db: Db | Executor, actor: Actor, id: number): Promise<void> {
  await transaction(db, async (tx) => {
    const before = await getDataElement(tx, id);
    const uses = { ...(await dataElementUses(tx, id)), values: await storedValueCount(tx, id) };
    if (uses.forms + uses.weights + uses.values > 0) {
      throw new AppError('conflict', `data element ${before.code} is in use (${uses.forms} forms, ${uses.weights} weighted elements, ${uses.values} approved values)`, { uses });
    }
    await deleteRow(tx, id);
    await recordAudit(tx, actor, { action: 'data_element.delete', entity: 'data_element', entityId: id, before });
  });
}
