import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import { type InboxMessage, listMessages, markRead } from './inbox.repository.ts';

export type { InboxMessage };

/** The signed-in user's own messages, newest first. Nobody reads another user's inbox. */
export function inboxOf(db: Db, userId: number, opts: { unreadOnly: boolean; limit: number; beforeId?: number }) {
  return listMessages(db.kysely, userId, opts);
}

/** 404 (not 403) for someone else's message, so ids of other inboxes reveal nothing. */
export async function readMessage(db: Db, userId: number, id: number): Promise<InboxMessage> {
  const m = await markRead(db.kysely, userId, id);
  if (!m) throw notFound('message', id);
  return m;
}
