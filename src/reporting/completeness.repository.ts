import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';

/** When each form was created, and the first report of each of its periods (instants). */
export async function formUseEvidence(ex: Executor, formIds: number[]): Promise<{ created: Map<number, Date>; firstReports: { formId: number; period: string; at: Date }[] }> {
  if (formIds.length === 0) return { created: new Map(), firstReports: [] };
  const [forms, reports] = await Promise.all([
    sql<{ id: number | string; created_at: Date | string }>`select id, created_at from forms where id = any(${formIds}::bigint[])`.execute(ex),
    sql<{ form_id: number | string; period: string; at: Date | string }>`
      select form_id, period, min(first_submitted_at) as at from submissions
      where form_id = any(${formIds}::bigint[]) and first_submitted_at is not null
      group by form_id, period`.execute(ex),
  ]);
  const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));
  return {
    created: new Map(forms.rows.map((r) => [Number(r.id), date(r.created_at)])),
    firstReports: reports.rows.map((r) => ({ formId: Number(r.form_id), period: r.period, at: date(r.at) })),
  };
}
