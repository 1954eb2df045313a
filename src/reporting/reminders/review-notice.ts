/**
 * The notice a unit gets when the office returns or approves its report. The inbox messages are
 * written in the review's own transaction (a returned report always tells its reporters why);
 * e-mail and webhook go out after commit through the reminder channels, and what each did is
 * returned to the office rather than assumed.
 */
import { listUsers } from '../../auth/users.service.ts';
import { getUnit } from '../../divisions/unit.service.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { Config } from '../../platform/env.ts';
import { type ReminderMessage, sendEmail, sendWebhook } from './channels.ts';
import { type Delivery, deliveryOf } from './delivery.ts';
import { insertMessages } from './inbox.repository.ts';
import { findForm } from './reminder.repository.ts';

export type ReviewKind = 'returned' | 'approved';

export interface PendingNotice {
  message: ReminderMessage;
  addresses: string[];
  inbox: number;
}

export function composeReviewNotice(
  kind: ReviewKind,
  form: { id: number; code: string; name: string },
  unit: { id: number; name: string },
  period: string,
  submissionId: number,
  reason: string | null,
): ReminderMessage {
  const title = kind === 'returned' ? `【退回】${form.name}（${period}）需修改后重新提交` : `【已审核通过】${form.name}（${period}）`;
  const zh = kind === 'returned' ? `${unit.name}：${form.name}（${period}）被退回。退回原因：${reason ?? '—'}。请修改后重新提交。` : `${unit.name}：${form.name}（${period}）已审核通过，数据已入库。`;
  const en = kind === 'returned' ? `${form.code} for ${period} was returned: ${reason ?? '—'}. Please correct it and submit again.` : `${form.code} for ${period} was approved.`;
  return { event: 'review', kind, title, text: `${zh}\n${en}`, link: `/reporting/submissions/${submissionId}`, form, unit, period, dueOn: null };
}

/** Writes the inbox messages of every active reporter of the unit; returns what is left to send. */
export async function queueReviewNotice(
  tx: Executor,
  kind: ReviewKind,
  sub: { id: number; formId: number; unitId: number; period: string; returnReason: string | null },
): Promise<PendingNotice> {
  const form = await findForm(tx, sub.formId);
  const unit = await getUnit(tx, sub.unitId);
  const reporters = (await listUsers(tx, { role: 'reporter', unitId: sub.unitId, active: true }, 1, 500)).items;
  const message = composeReviewNotice(kind, form ?? { id: sub.formId, code: String(sub.formId), name: String(sub.formId) }, { id: unit.id, name: unit.name }, sub.period, sub.id, sub.returnReason);
  await insertMessages(
    tx,
    reporters.map((u) => ({ userId: u.id, reminderId: null, kind: `review.${kind}`, title: message.title, body: message.text, link: message.link })),
  );
  const addresses = [...new Set([unit.contactEmail, ...reporters.map((u) => u.email)].filter((e): e is string => !!e && e.includes('@')))];
  return { message, addresses, inbox: reporters.length };
}

/**
 * Sends a queued notice by e-mail and webhook (each says 'skipped' when not configured). Without a
 * configuration (a service called outside the server, e.g. the demo) only the inbox carried it.
 */
export async function deliverReviewNotice(config: Config | undefined, n: PendingNotice): Promise<Delivery> {
  const inbox = n.inbox > 0 ? `sent: ${n.inbox}` : 'skipped: the unit has no active reporter account';
  if (!config) return deliveryOf({ inbox, email: 'skipped: SMTP_URL not set', webhook: 'skipped: LUOSHI_WEBHOOK_URL not set' }, { SMTP_URL: undefined, LUOSHI_WEBHOOK_URL: undefined });
  const [email, webhook] = await Promise.all([sendEmail(config, n.addresses, n.message), sendWebhook(config, n.message)]);
  return deliveryOf({ inbox, email, webhook }, config);
}
