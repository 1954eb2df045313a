import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { ReportedStatus } from './deadline-lights.ts';

export interface LatestProgress {
  itemId: number;
  status: ReportedStatus;
  percent: number | null;
  period: string;
  submissionStatus: 'submitted' | 'approved';
  submittedAt: string | null;
  unitId: number;
}

/**
 * The latest submitted or approved progress entry of each item (drafts and returned reports do
 * not count): the item's progress as the office sees it.
 */
export async function latestProgress(ex: Executor, itemIds: number[]): Promise<Map<number, LatestProgress>> {
  if (itemIds.length === 0) return new Map();
  const r = await sql<{ item_id: number; status: ReportedStatus; percent: string | number | null; period: string; sstatus: 'submitted' | 'approved'; submitted_at: Date | null; unit_id: number }>`
    select distinct on (pe.item_id) pe.item_id, pe.status, pe.percent, s.period, s.status as sstatus, s.submitted_at, s.unit_id
    from progress_entries pe
    join submissions s on s.id = pe.submission_id
    where pe.item_id = any(${itemIds}::bigint[]) and s.status in ('submitted', 'approved')
    order by pe.item_id, s.submitted_at desc nulls last, s.id desc`.execute(ex);
  return new Map(
    r.rows.map((x) => [
      Number(x.item_id),
      {
        itemId: Number(x.item_id),
        status: x.status,
        percent: x.percent === null ? null : Number(x.percent),
        period: x.period,
        submissionStatus: x.sstatus,
        submittedAt: x.submitted_at ? new Date(x.submitted_at).toISOString() : null,
        unitId: Number(x.unit_id),
      },
    ]),
  );
}
