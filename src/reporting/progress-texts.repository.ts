import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';

export interface ProgressTextRow {
  itemId: number;
  unitId: number;
  period: string;
  narrative: string | null;
  problems: string | null;
  submittedAt: Date;
}

/**
 * The narratives and problems units wrote on the given plan items, from reports submitted (or
 * approved) before `cutoff`. Drafts and returned reports do not speak for a unit.
 */
export async function listProgressTexts(ex: Executor, itemIds: number[], cutoff: Date): Promise<ProgressTextRow[]> {
  if (itemIds.length === 0) return [];
  const r = await sql<{ item_id: string | number; unit_id: string | number; period: string; narrative: string | null; problems: string | null; submitted_at: Date | string }>`
    select pe.item_id, s.unit_id, s.period, pe.narrative, pe.problems, s.submitted_at
    from progress_entries pe
    join submissions s on s.id = pe.submission_id
    where pe.item_id = any(${itemIds}::bigint[])
      and s.status in ('submitted', 'approved') and s.submitted_at < ${cutoff}
      and (nullif(btrim(pe.narrative), '') is not null or nullif(btrim(pe.problems), '') is not null)
    order by s.submitted_at, pe.item_id`.execute(ex);
  return r.rows.map((x) => ({
    itemId: Number(x.item_id),
    unitId: Number(x.unit_id),
    period: x.period,
    narrative: x.narrative,
    problems: x.problems,
    submittedAt: x.submitted_at instanceof Date ? x.submitted_at : new Date(x.submitted_at),
  }));
}
