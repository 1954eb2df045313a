/**
 * Reminders: the scheduler's (`before_due`, `overdue`) and the office's one-click `manual` one.
 * Sending is claim-then-deliver: a transaction inserts the reminder row (the unique indexes make
 * a second tick or a second server get nothing) together with the inbox messages and the audit
 * row; e-mail and webhook go out after commit and their outcome is written back on the row. So a
 * reminder is delivered at most once per channel; a crash between commit and delivery loses that
 * e-mail, never doubles it.
 */
import { listUsers } from '../../auth/users.service.ts';
import { getUnit } from '../../divisions/unit.service.ts';
import { type Actor, recordAudit, SYSTEM } from '../../platform/audit.ts';
import { type Db, transaction } from '../../platform/db/database.ts';
import type { Config } from '../../platform/env.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { dueDate, parsePeriod, type DueRule } from '../calendar.ts';
import type { ReminderKind } from '../io.tables.ts';
import { type ReminderMessage, sendEmail, sendWebhook } from './channels.ts';
import { type Delivery, deliveryOf } from './delivery.ts';
import { today as clockToday } from '../../kernel/clock.ts';
import { chinaDay, dueReminders } from './due.ts';
import { insertMessages } from './inbox.repository.ts';
import {
  activeFormSchedules,
  claimReminder,
  doneReports,
  findForm,
  findReminder,
  isAssigned,
  recordChannels,
  type ReminderRow,
  sentReminderKeys,
} from './reminder.repository.ts';

export interface SentReminder {
  id: number;
  formId: number;
  unitId: number;
  period: string;
  kind: ReminderKind;
  dueOn: string | null;
  inbox: number;
  channels: Record<string, string>;
  /** the channels as rows: configured or not, sent, skipped or failed (what the office is told) */
  delivery: Delivery;
}

interface Wanted {
  formId: number;
  unitId: number;
  period: string;
  kind: ReminderKind;
  dueOn: string | null;
}

function compose(kind: ReminderKind, form: { id: number; code: string; name: string }, unit: { id: number; name: string }, period: string, dueOn: string | null): ReminderMessage {
  const due = dueOn ?? '—';
  const title =
    kind === 'before_due'
      ? `【填报提醒】${form.name}（${period}）将于 ${due} 截止`
      : kind === 'overdue'
        ? `【逾期提醒】${form.name}（${period}）已于 ${due} 截止，尚未提交`
        : `【催报】请尽快提交 ${form.name}（${period}）`;
  const en =
    kind === 'before_due'
      ? `Reminder: ${form.code} for ${period} is due on ${due}.`
      : kind === 'overdue'
        ? `Overdue: ${form.code} for ${period} was due on ${due} and has not been submitted.`
        : `The office asks ${unit.name} to submit ${form.code} for ${period} now (due ${due}).`;
  const text = `${unit.name}：${title.replace(/^【[^】]+】/, '')}。请登录落实系统填报。\n${en}`;
  return { kind, title, text, link: `/reporting?form=${form.id}&period=${encodeURIComponent(period)}`, form, unit, period, dueOn };
}

async function send(db: Db, config: Config, actor: Actor, w: Wanted, today: string): Promise<SentReminder | null> {
  const form = await findForm(db.kysely, w.formId);
  if (!form) return null;
  const unit = await getUnit(db, w.unitId);
  const reporters = (await listUsers(db, { role: 'reporter', unitId: w.unitId, active: true }, 1, 500)).items;
  const message = compose(w.kind, form, { id: unit.id, name: unit.name }, w.period, w.dueOn);
  const id = await transaction(db, async (tx) => {
    const claimed = await claimReminder(tx, { ...w, sentOn: today, createdBy: actor.id });
    if (claimed === null) return null;
    await insertMessages(
      tx,
      reporters.map((u) => ({ userId: u.id, reminderId: claimed, kind: `reminder.${w.kind}`, title: message.title, body: message.text, link: message.link })),
    );
    await recordAudit(tx, actor, { action: `reminder.${w.kind}`, entity: 'reminder', entityId: claimed, after: { formId: w.formId, unitId: w.unitId, period: w.period, dueOn: w.dueOn, inbox: reporters.length } });
    return claimed;
  });
  if (id === null) return null;
  const addresses = [...new Set([unit.contactEmail, ...reporters.map((u) => u.email)].filter((e): e is string => !!e && e.includes('@')))];
  const [email, webhook] = await Promise.all([sendEmail(config, addresses, message), sendWebhook(config, message)]);
  // "sent: 0" would read as success: a unit without a reporter account saw nothing in any inbox.
  const channels = { inbox: reporters.length > 0 ? `sent: ${reporters.length}` : 'skipped: the unit has no active reporter account', email, webhook };
  await recordChannels(db.kysely, id, channels);
  return { id, ...w, inbox: reporters.length, channels, delivery: deliveryOf(channels, config) };
}

/**
 * One scheduler pass at `now`: finds every report due within LUOSHI_REMINDER_DAYS_BEFORE days or
 * overdue (until its period locks) and not submitted, and sends each reminder not sent before.
 * Safe to run any number of times, from any number of processes.
 */
export async function runReminders(db: Db, config: Config, now?: Date): Promise<{ sent: SentReminder[]; considered: number }> {
  const today = now ? chinaDay(now) : clockToday();
  const forms = await activeFormSchedules(db.kysely);
  const candidates = dueReminders(forms, today, config.LUOSHI_REMINDER_DAYS_BEFORE, () => false);
  const formIds = [...new Set(candidates.map((c) => c.formId))];
  const periods = [...new Set(candidates.map((c) => c.period))];
  const [done, sent] = await Promise.all([doneReports(db.kysely, formIds, periods), sentReminderKeys(db.kysely, formIds, periods)]);
  const wanted = candidates.filter((c) => !done.has(`${c.formId}|${c.unitId}|${c.period}`) && !sent.has(`${c.formId}|${c.unitId}|${c.period}|${c.kind}`));
  const out: SentReminder[] = [];
  for (const w of wanted) {
    const r = await send(db, config, SYSTEM, w, today);
    if (r) out.push(r);
  }
  return { sent: out, considered: candidates.length };
}

/**
 * The office's one-click reminder (the late list's button). Once a day per unit, form and period:
 * a second click the same day is a 409.
 */
export async function sendManualReminder(db: Db, config: Config, actor: Actor, input: { formId: number; unitId: number; period: string }, now?: Date): Promise<SentReminder> {
  const form = await db.kysely.selectFrom('forms').select(['id', 'period_type', 'due_rule']).where('id', '=', input.formId).executeTakeFirst();
  if (!form) throw new AppError('not_found', `报表 ${input.formId} 不存在 / form ${input.formId} not found`, { fields: [{ field: 'formId', reason: 'no such form' }] });
  let period;
  try {
    period = parsePeriod(input.period);
  } catch (e) {
    throw new AppError('validation_failed', (e as Error).message, { fields: [{ field: 'period', reason: 'not a period code' }] });
  }
  if (period.type !== form.period_type) {
    throw new AppError('validation_failed', `报表按 ${form.period_type} 填报，期别 ${input.period} 不符 / period ${input.period} does not match the form's period type ${form.period_type}`, {
      fields: [{ field: 'period', reason: `expected a period of type ${form.period_type}` }],
    });
  }
  if (!(await isAssigned(db.kysely, input.formId, input.unitId))) {
    throw new AppError('unprocessable', `单位 ${input.unitId} 不填报该报表 / unit ${input.unitId} is not assigned form ${input.formId}`, { fields: [{ field: 'unitId', reason: 'not assigned to this form' }] });
  }
  const rule = (typeof form.due_rule === 'string' ? JSON.parse(form.due_rule) : form.due_rule) as DueRule;
  const r = await send(db, config, actor, { formId: input.formId, unitId: input.unitId, period: period.code, kind: 'manual', dueOn: dueDate(period, rule) }, now ? chinaDay(now) : clockToday());
  if (!r) {
    throw new AppError('conflict', `今天已催报过该单位 / this unit was already reminded today for ${input.period}`, { fields: [{ field: 'unitId', reason: 'already reminded today' }] });
  }
  return r;
}

export async function getReminder(db: Db, id: number): Promise<ReminderRow> {
  const r = await findReminder(db.kysely, id);
  if (!r) throw notFound('reminder', id);
  return r;
}
