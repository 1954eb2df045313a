import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';

/**
 * The day each form came into use: its creation, or its first report when one came earlier (a
 * form set up to record reports already made). Returned as instants, keyed by form id.
 */
export async function formsInUseSince(ex: Executor, formIds: number[]): Promise<Map<number, Date>> {
  if (formIds.length === 0) return new Map();
  const r = await sql<{ id: number | string; since: Date | string }>`
    select f.id, least(f.created_at, (select min(s.first_submitted_at) from submissions s where s.form_id = f.id)) as since
    from forms f where f.id = any(${formIds}::bigint[])`.execute(ex);
  return new Map(r.rows.map((x) => [Number(x.id), x.since instanceof Date ? x.since : new Date(x.since)]));
}
