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

export interface BriefingDraftRow {
  planId: number;
  period: string;
  issuance: Record<string, unknown>;
  edits: Record<string, string | null>;
  version: number;
  updatedAt: string;
}

export async function findBriefingDraft(ex: Executor, planId: number, period: string): Promise<BriefingDraftRow | null> {
  const r = await ex.selectFrom('briefing_drafts').selectAll().where('plan_id', '=', planId).where('period', '=', period).executeTakeFirst();
  return r ? { planId: Number(r.plan_id), period: r.period, issuance: r.issuance, edits: r.edits, version: r.version, updatedAt: new Date(r.updated_at).toISOString() } : null;
}

/** The most recent draft of the plan before `period` (its 抄送 and contact carry over). */
export async function latestBriefingDraft(ex: Executor, planId: number): Promise<BriefingDraftRow | null> {
  const r = await ex.selectFrom('briefing_drafts').selectAll().where('plan_id', '=', planId).orderBy('updated_at', 'desc').limit(1).executeTakeFirst();
  return r ? { planId: Number(r.plan_id), period: r.period, issuance: r.issuance, edits: r.edits, version: r.version, updatedAt: new Date(r.updated_at).toISOString() } : null;
}

/** Inserts or replaces a draft when `version` is the stored one (0: none yet); returns the new version or null on a stale write. */
export async function saveBriefingDraft(
  ex: Executor,
  row: { planId: number; period: string; issuance: Record<string, unknown>; edits: Record<string, string | null>; version: number; updatedBy: number | null },
): Promise<number | null> {
  if (row.version === 0) {
    const r = await ex
      .insertInto('briefing_drafts')
      .values({ plan_id: row.planId, period: row.period, issuance: JSON.stringify(row.issuance), edits: JSON.stringify(row.edits), updated_by: row.updatedBy })
      .onConflict((oc) => oc.columns(['plan_id', 'period']).doNothing())
      .returning('version')
      .executeTakeFirst();
    return r ? r.version : null;
  }
  const r = await ex
    .updateTable('briefing_drafts')
    .set((eb) => ({ issuance: JSON.stringify(row.issuance), edits: JSON.stringify(row.edits), updated_by: row.updatedBy, updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('plan_id', '=', row.planId)
    .where('period', '=', row.period)
    .where('version', '=', row.version)
    .returning('version')
    .executeTakeFirst();
  return r ? r.version : null;
}
