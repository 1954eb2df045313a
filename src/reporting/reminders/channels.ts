/**
 * Where a reminder goes besides the in-app inbox: e-mail through SMTP_URL, and a JSON webhook
 * (LUOSHI_WEBHOOK_URL) for 政务钉钉 / 企业微信 robots and other integrations. A channel never
 * throws: its outcome is recorded on the reminder ('sent', 'skipped: …', 'failed: …').
 */
import nodemailer from 'nodemailer';
import type { Config } from '../../platform/env.ts';

export interface ReminderMessage {
  /** what the webhook receiver is told this is; reminders by default */
  event?: 'reminder' | 'review';
  kind: string;
  title: string;
  text: string;
  link: string;
  form: { id: number; code: string; name: string };
  unit: { id: number; name: string };
  period: string;
  dueOn: string | null;
}

const short = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').slice(0, 200);

export async function sendEmail(config: Config, to: string[], m: ReminderMessage): Promise<string> {
  if (!config.SMTP_URL) return 'skipped: SMTP_URL not set';
  if (to.length === 0) return 'skipped: no e-mail address';
  const transport = nodemailer.createTransport(config.SMTP_URL);
  try {
    await transport.sendMail({ from: config.SMTP_FROM, to, subject: m.title, text: `${m.text}\n\n${m.link}` });
    return 'sent';
  } catch (e) {
    return `failed: ${short(e)}`;
  } finally {
    transport.close();
  }
}

/**
 * The body is a DingTalk/WeCom robot "text" message ({ msgtype, text: { content } }), which both
 * accept as is, plus a `luoshi` object carrying the structured reminder for other receivers.
 */
export async function sendWebhook(config: Config, m: ReminderMessage, timeoutMs = 10_000): Promise<string> {
  if (!config.LUOSHI_WEBHOOK_URL) return 'skipped: LUOSHI_WEBHOOK_URL not set';
  try {
    const res = await fetch(config.LUOSHI_WEBHOOK_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({
        msgtype: 'text',
        text: { content: `${m.title}\n${m.text}` },
        luoshi: { event: m.event ?? 'reminder', kind: m.kind, form: m.form, unit: m.unit, period: m.period, dueOn: m.dueOn, link: m.link },
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? 'sent' : `failed: HTTP ${res.status}`;
  } catch (e) {
    return `failed: ${short(e)}`;
  }
}
