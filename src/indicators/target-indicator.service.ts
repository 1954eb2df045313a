/**
 * An indicator made for a target in one step: the data elements it reads (existing, or created
 * here), its formula (numerator / denominator × factor) and the link of the target to it — one
 * transaction, so a refused link leaves no orphan indicator or element behind.
 */
import type { Actor } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { AppError, type FieldProblem } from '../platform/errors.ts';
import { createDataElement } from '../reporting/data-element.service.ts';
import type { DataElementInput } from '../reporting/reporting.schemas.ts';
import { createIndicator } from './indicator.service.ts';
import { type LinkedTarget, planTargets, saveTargetLink } from './target-links.service.ts';

/** An element of the formula: one that exists, or one to create (its level is the formula's). */
export type ElementChoice = { elementId: number } | { element: Omit<DataElementInput, 'divisionLevel'> & { divisionLevel?: number } };

export interface TargetIndicatorInput {
  code: string;
  name: string;
  unit: string;
  direction: 'higher' | 'lower';
  factor: number;
  /** division level (1 province … 5 village) of the elements created here */
  level: number;
  numerator: ElementChoice;
  denominator: ElementChoice | null;
  link: {
    divisionCode?: string;
    area?: 'all' | 'urban' | 'rural';
    baseline?: { value: number | null; at: string } | null;
    deadline?: string | null;
    frequency?: 'M' | 'Q' | 'H' | 'Y';
  };
}

/** Prefixes the field names of a refusal from a nested service (element → numerator.element.code). */
async function within<T>(prefix: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError && Array.isArray(e.details?.fields)) {
      const fields = (e.details.fields as FieldProblem[]).map((f) => ({ ...f, field: `${prefix}.${f.field}` }));
      throw new AppError(e.code, `${prefix}: ${e.message}`, { ...e.details, fields });
    }
    throw e;
  }
}

async function elementOf(tx: Executor, actor: Actor, which: 'numerator' | 'denominator', c: ElementChoice, level: number): Promise<number> {
  if ('elementId' in c) return c.elementId;
  const created = await within(`${which}.element`, () => createDataElement(tx, actor, { ...c.element, divisionLevel: c.element.divisionLevel ?? level }));
  return created.id;
}

/**
 * Creates the elements asked for, the indicator and the target's link (admin; each audited by its
 * own service). The target must not be linked yet (409: change the link instead). Refusals name
 * the field as sent (`numerator.element.code`, `code`, `link.divisionCode`).
 */
export async function createIndicatorForTarget(db: Db | Executor, actor: Actor, planId: number, itemId: number, input: TargetIndicatorInput): Promise<LinkedTarget> {
  return transaction(db, async (tx) => {
    const target = (await planTargets(tx, planId)).find((t) => t.item.itemId === itemId);
    if (target?.link) {
      throw new AppError('conflict', `target ${itemId} is already linked to indicator ${target.link.indicatorId}; change the link instead`, {
        fields: [{ field: 'itemId', reason: 'already linked' }],
      });
    }
    const numeratorElementId = await elementOf(tx, actor, 'numerator', input.numerator, input.level);
    const denominatorElementId = input.denominator ? await elementOf(tx, actor, 'denominator', input.denominator, input.level) : null;
    const indicator = await createIndicator(tx, actor, {
      code: input.code,
      name: input.name,
      unit: input.unit,
      direction: input.direction,
      numeratorElementId,
      denominatorElementId,
      factor: input.factor,
      source: `方案目标 ${planId}/${itemId}`,
    });
    return within('link', () => saveTargetLink(tx, actor, planId, itemId, { indicatorId: indicator.id, ...input.link }));
  });
}
