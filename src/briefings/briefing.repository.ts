import type { Executor } from '../platform/db/database.ts';

export interface BriefingLogEntry {
  id: number;
  planId: number;
  period: string;
  asOf: string;
  format: 'docx' | 'pdf';
  redHead: boolean;
  sha256: string;
  sizeBytes: number;
  generatedBy: number | null;
  generatedByName: string;
  generatedAt: string;
}

export async function insertBriefingLog(
  ex: Executor,
  row: { planId: number; period: string; asOf: string; format: 'docx' | 'pdf'; redHead: boolean; sha256: string; sizeBytes: number; data: unknown; generatedBy: number | null; generatedByName: string },
): Promise<number> {
  const r = await ex
    .insertInto('briefings')
    .values({
      plan_id: row.planId,
      period: row.period,
      as_of: row.asOf,
      format: row.format,
      red_head: row.redHead,
      sha256: row.sha256,
      size_bytes: row.sizeBytes,
      data: JSON.stringify(row.data),
      generated_by: row.generatedBy,
      generated_by_name: row.generatedByName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

const columns = ['id', 'plan_id', 'period', 'as_of', 'format', 'red_head', 'sha256', 'size_bytes', 'generated_by', 'generated_by_name', 'generated_at'] as const;

export async function listBriefingLog(ex: Executor, planId: number, limit = 100): Promise<BriefingLogEntry[]> {
  const rows = await ex.selectFrom('briefings').select(columns).where('plan_id', '=', planId).orderBy('generated_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    planId: Number(r.plan_id),
    period: r.period,
    asOf: r.as_of,
    format: r.format,
    redHead: r.red_head,
    sha256: r.sha256,
    sizeBytes: r.size_bytes,
    generatedBy: r.generated_by === null ? null : Number(r.generated_by),
    generatedByName: r.generated_by_name,
    generatedAt: new Date(r.generated_at).toISOString(),
  }));
}

/** The data a logged briefing was built from, as it was then. */
export async function briefingSnapshot(ex: Executor, planId: number, id: number): Promise<Record<string, unknown> | null> {
  const r = await ex.selectFrom('briefings').select('data').where('plan_id', '=', planId).where('id', '=', id).executeTakeFirst();
  return r ? (r.data as Record<string, unknown>) : null;
}
