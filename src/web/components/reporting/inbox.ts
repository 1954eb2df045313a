import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { InboxMessage } from '../../api/types.ts';
import { itemsOf, obj } from './lists.ts';

export function toMessage(raw: unknown): InboxMessage {
  const m = obj(raw);
  return {
    id: Number(m.id),
    kind: String(m.kind ?? ''),
    title: String(m.title ?? ''),
    body: String(m.body ?? ''),
    link: m.link ? String(m.link) : null,
    createdAt: String(m.createdAt ?? ''),
    readAt: m.readAt ? String(m.readAt) : null,
  };
}

/** Subscribers to "the inbox changed" (a message read on the page updates the bell at once). */
const listeners = new Set<() => void>();
export const inboxChanged = () => listeners.forEach((l) => l());

/** The signed-in user's inbox, refreshed every minute and whenever it is marked read elsewhere. */
export function useInbox(enabled: boolean) {
  const [messages, setMessages] = useState<InboxMessage[]>([]);
  const [unread, setUnread] = useState(0);
  const refresh = useCallback(async () => {
    if (!enabled) return;
    try {
      const res = await api.get<unknown>('/api/inbox');
      const list = itemsOf(res, 'messages').map(toMessage);
      setMessages(list);
      const u = obj(res).unread;
      setUnread(typeof u === 'number' ? u : list.filter((m) => !m.readAt).length);
    } catch {
      // The bell stays quiet when the inbox cannot be read; the page shows the error.
    }
  }, [enabled]);
  useEffect(() => {
    void refresh();
    const h = setInterval(() => void refresh(), 60_000);
    listeners.add(refresh);
    return () => {
      clearInterval(h);
      listeners.delete(refresh);
    };
  }, [refresh]);
  return { messages, unread, refresh };
}

export async function markRead(id: number): Promise<void> {
  await api.post(`/api/inbox/${id}/read`);
  inboxChanged();
}
