import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';

export interface InboxMessage {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

const COLUMNS = ['id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'] as const;

const toMessage = (r: { id: number; kind: string; title: string; body: string; link: string | null; created_at: Date; read_at: Date | null }): InboxMessage => ({
  id: Number(r.id),
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  createdAt: new Date(r.created_at).toISOString(),
  readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
});

export async function insertMessages(
  ex: Executor,
  rows: { userId: number; reminderId: number | null; kind: string; title: string; body: string; link: string | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  await ex
    .insertInto('inbox_messages')
    .values(rows.map((r) => ({ user_id: r.userId, reminder_id: r.reminderId, kind: r.kind, title: r.title, body: r.body, link: r.link })))
    .execute();
}

export async function listMessages(ex: Executor, userId: number, opts: { unreadOnly: boolean; limit: number; beforeId?: number }): Promise<{ items: InboxMessage[]; unread: number }> {
  let q = ex.selectFrom('inbox_messages').select(COLUMNS).where('user_id', '=', userId);
  if (opts.unreadOnly) q = q.where('read_at', 'is', null);
  if (opts.beforeId) q = q.where('id', '<', opts.beforeId);
  const rows = await q.orderBy('id', 'desc').limit(opts.limit).execute();
  const unread = await ex
    .selectFrom('inbox_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { items: rows.map(toMessage), unread: Number(unread.n) };
}

/** Marks the user's own message read; null when it is not the user's (or does not exist). */
export async function markRead(ex: Executor, userId: number, id: number): Promise<InboxMessage | null> {
  const r = await ex
    .updateTable('inbox_messages')
    .set({ read_at: sql<Date>`coalesce(read_at, now())` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning(COLUMNS)
    .executeTakeFirst();
  return r ? toMessage(r) : null;
}
