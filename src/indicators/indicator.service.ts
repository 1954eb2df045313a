import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import {
  findIndicator,
  type Indicator,
  type IndicatorWithVersions,
  indicatorVersions,
  insertIndicator,
  insertVersion,
  listIndicators,
  type ListFilter,
  lockIndicator,
  updateIndicatorRow,
  type VersionValues,
} from './indicator.repository.ts';
import { indicatorInput, type IndicatorInput, indicatorPatch, type IndicatorPatch } from './indicator.schemas.ts';
import { elementsByIdOrCode } from './rollup.repository.ts';
import { today } from '../kernel/clock.ts';

export type { Indicator, IndicatorWithVersions };

const ex = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);
const DEFINITION_FIELDS = ['name', 'nameEn', 'unit', 'direction', 'numeratorElementId', 'denominatorElementId', 'factor', 'description', 'source'] as const;

async function checkElements(tx: Executor, numeratorId: number, denominatorId: number | null): Promise<void> {
  if (numeratorId === denominatorId) throw invalid('denominatorElementId', 'must differ from the numerator element');
  const ids = [numeratorId, ...(denominatorId !== null ? [denominatorId] : [])];
  const found = new Set((await elementsByIdOrCode(tx, ids)).map((e) => e.id));
  if (!found.has(numeratorId)) throw invalid('numeratorElementId', `no data element ${numeratorId}`);
  if (denominatorId !== null && !found.has(denominatorId)) throw invalid('denominatorElementId', `no data element ${denominatorId}`);
}

export async function getIndicator(db: Db | Executor, ref: number | string): Promise<IndicatorWithVersions> {
  const i = await findIndicator(ex(db), ref);
  if (!i) throw notFound('indicator', ref);
  return { ...i, versions: await indicatorVersions(ex(db), i.id) };
}

export function searchIndicators(db: Db | Executor, filter: ListFilter = {}): Promise<Indicator[]> {
  return listIndicators(ex(db), filter);
}

/** Creates an indicator with its first definition (valid since always). Code taken → 409 on `code`. */
export async function createIndicator(db: Db | Executor, actor: Actor, input: IndicatorInput): Promise<IndicatorWithVersions> {
  const v = indicatorInput.parse(input);
  return transaction(db, async (tx) => {
    if (await findIndicator(tx, v.code)) {
      throw new AppError('duplicate', `指标代码已存在 / indicator code ${v.code} exists`, { fields: [{ field: 'code', reason: 'taken' }] });
    }
    await checkElements(tx, v.numeratorElementId, v.denominatorElementId ?? null);
    const id = await insertIndicator(tx, { code: v.code, published: v.published });
    const values: VersionValues = {
      name: v.name,
      nameEn: v.nameEn ?? null,
      unit: v.unit,
      direction: v.direction,
      numeratorElementId: v.numeratorElementId,
      denominatorElementId: v.denominatorElementId ?? null,
      factor: v.factor,
      description: v.description ?? null,
      source: v.source ?? null,
      validFrom: null,
      reason: null,
    };
    await insertVersion(tx, id, 1, values, actor.id);
    const created = await getIndicator(tx, id);
    await recordAudit(tx, actor, { action: 'indicator.create', entity: 'indicator', entityId: id, after: created });
    return created;
  });
}

/**
 * Changes an indicator. A change of any definition field adds a version valid from `validFrom`
 * (default today), which must be later than the latest version's, so earlier periods keep the
 * definition they were computed with. Stale `version` → 409.
 */
export async function updateIndicator(db: Db | Executor, actor: Actor, id: number, patch: IndicatorPatch): Promise<IndicatorWithVersions> {
  const p = indicatorPatch.parse(patch);
  return transaction(db, async (tx) => {
    const lock = await lockIndicator(tx, id);
    if (!lock) throw notFound('indicator', id);
    if (lock.version !== p.version) {
      throw new AppError('conflict', `指标已被他人修改 / indicator ${id} changed since read (version ${lock.version})`, {
        fields: [{ field: 'version', reason: `stale: current is ${lock.version}` }],
      });
    }
    const before = await getIndicator(tx, id);
    const latest = before.definition;
    const changed = DEFINITION_FIELDS.filter((f) => p[f] !== undefined && p[f] !== latest[f]);
    let latestVersion: number | undefined;
    if (changed.length > 0) {
      const validFrom = p.validFrom ?? today();
      if (latest.validFrom !== null && validFrom <= latest.validFrom) {
        throw invalid('validFrom', `must be later than ${latest.validFrom}, when version ${latest.number} took effect`);
      }
      const next: VersionValues = {
        name: p.name ?? latest.name,
        nameEn: p.nameEn !== undefined ? p.nameEn : latest.nameEn,
        unit: p.unit ?? latest.unit,
        direction: p.direction ?? latest.direction,
        numeratorElementId: p.numeratorElementId ?? latest.numeratorElementId,
        denominatorElementId: p.denominatorElementId !== undefined ? p.denominatorElementId : latest.denominatorElementId,
        factor: p.factor ?? latest.factor,
        description: p.description !== undefined ? p.description : latest.description,
        source: p.source !== undefined ? p.source : latest.source,
        validFrom,
        reason: p.reason ?? null,
      };
      await checkElements(tx, next.numeratorElementId, next.denominatorElementId);
      latestVersion = latest.number + 1;
      await insertVersion(tx, id, latestVersion, next, actor.id);
    } else if (p.validFrom !== undefined) {
      throw invalid('validFrom', 'only a change of the definition takes a validFrom');
    }
    const statusChange = p.status !== undefined && p.status !== before.status ? p.status : undefined;
    const publishChange = p.published !== undefined && p.published !== before.published ? p.published : undefined;
    if (latestVersion === undefined && statusChange === undefined && publishChange === undefined) return before;
    await updateIndicatorRow(tx, id, { latestVersion, status: statusChange, published: publishChange });
    const after = await getIndicator(tx, id);
    const action = latestVersion !== undefined ? 'indicator.new_version' : statusChange === 'archived' ? 'indicator.archive' : 'indicator.update';
    await recordAudit(tx, actor, {
      action,
      entity: 'indicator',
      entityId: id,
      before: { ...before.definition, status: before.status, published: before.published },
      after: { ...after.definition, status: after.status, published: after.published, changed },
    });
    return after;
  });
}

/** Archives (soft-deletes) an indicator; its versions and values stay for history. */
export function archiveIndicator(db: Db | Executor, actor: Actor, id: number, version: number): Promise<IndicatorWithVersions> {
  return updateIndicator(db, actor, id, { version, status: 'archived' });
}
