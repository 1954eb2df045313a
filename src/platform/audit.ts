import type { Executor } from './db/database.ts';

/** Who is acting: a signed-in user, or the system (CLI, scheduler, demo loader). */
export interface Actor {
  id: number | null;
  name: string;
  requestId?: string;
  ip?: string;
}

export const SYSTEM: Actor = Object.freeze({ id: null, name: 'system' });

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends audit rows. Call it with the transaction that makes the change, so the change and its
 * record commit or roll back together.
 */
export async function recordAudit(tx: Executor, actor: Actor, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await tx
    .insertInto('audit_log')
    .values(
      list.map((e) => ({
        actor_id: actor.id,
        actor_name: actor.name,
        action: e.action,
        entity: e.entity,
        entity_id: String(e.entityId),
        before: e.before === undefined ? null : JSON.stringify(e.before),
        after: e.after === undefined ? null : JSON.stringify(e.after),
        request_id: actor.requestId ?? null,
        ip: actor.ip ?? null,
      })),
    )
    .execute();
}
