import { sql } from 'kysely';
import type { AsOf } from '../kernel/as-of.ts';
import { parsePeriod } from '../kernel/period.ts';
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

interface Row {
  item_id: number | string;
  status: ReportedStatus;
  percent: string | number | null;
  period: string;
  sstatus: string;
  at: Date | string;
  reviewed_at: Date | string | null;
  unit_id: number | string;
  sid: number | string;
}

const time = (v: Date | string) => (v instanceof Date ? v : new Date(v)).getTime();

/**
 * The latest progress entry of each item as the office knew it at the end of the as-of day: from
 * submissions submitted or approved by then (drafts and returned reports do not count), of a period
 * that starts by the frame's horizon (a 2014Q3 report never speaks for 2014Q2).
 *
 * A submission resubmitted after the as-of day speaks through the revision it had then (the
 * snapshot kept in submission_versions); one approved after it is still "submitted" as of then.
 * Without a frame: everything submitted so far.
 */
export async function latestProgress(ex: Executor, itemIds: number[], frame?: Pick<AsOf, 'cutoff' | 'horizon'>): Promise<Map<number, LatestProgress>> {
  if (itemIds.length === 0) return new Map();
  const cutoff = frame?.cutoff ?? new Date('9999-12-31T00:00:00Z');
  const r = await sql<Row>`
    select pe.item_id, pe.status, pe.percent, s.period, s.status as sstatus, s.submitted_at as at, s.reviewed_at, s.unit_id, s.id as sid
    from progress_entries pe
    join submissions s on s.id = pe.submission_id
    where pe.item_id = any(${itemIds}::bigint[]) and s.status in ('submitted', 'approved') and s.submitted_at < ${cutoff}
    union all
    select (e->>'itemId')::bigint, e->>'status', (e->>'percent')::numeric, s.period, 'submitted', v.created_at, null, s.unit_id, s.id
    from submissions s
    join lateral (
      select sv.snapshot, sv.created_at, sv.status from submission_versions sv
      where sv.submission_id = s.id and sv.created_at < ${cutoff}
      order by sv.revision desc limit 1
    ) v on true
    cross join lateral jsonb_array_elements(coalesce(v.snapshot->'progress', '[]'::jsonb)) e
    where (s.submitted_at >= ${cutoff} or s.status not in ('submitted', 'approved')) and v.status in ('submitted', 'approved')
      and (e->>'itemId')::bigint = any(${itemIds}::bigint[])`.execute(ex);
  const best = new Map<number, Row>();
  for (const x of r.rows) {
    if (frame && parsePeriod(x.period).start > frame.horizon) continue;
    const id = Number(x.item_id);
    const prev = best.get(id);
    if (!prev || time(x.at) > time(prev.at) || (time(x.at) === time(prev.at) && Number(x.sid) > Number(prev.sid))) best.set(id, x);
  }
  return new Map(
    [...best].map(([id, x]) => [
      id,
      {
        itemId: id,
        status: x.status,
        percent: x.percent === null ? null : Number(x.percent),
        period: x.period,
        submissionStatus: x.sstatus === 'approved' && (x.reviewed_at === null || time(x.reviewed_at) < cutoff.getTime()) ? 'approved' : 'submitted',
        submittedAt: new Date(time(x.at)).toISOString(),
        unitId: Number(x.unit_id),
      },
    ]),
  );
}
