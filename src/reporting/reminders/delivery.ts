/**
 * What a notice did on each channel, in words a person can act on. The channels record their
 * outcome as 'sent', 'sent: N', 'skipped: … not set' or 'failed: …'; the office must be able to tell
 * "delivered" from "nothing is configured" from "the server refused", so the strings become rows.
 */
import type { Config } from '../../platform/env.ts';

export type Channel = 'inbox' | 'email' | 'webhook';

export interface ChannelDelivery {
  channel: Channel;
  /** false when the channel has no setting (SMTP_URL, LUOSHI_WEBHOOK_URL): nothing could go out */
  configured: boolean;
  outcome: 'sent' | 'skipped' | 'failed';
  /** the channel's own words: a count, what is missing, the error */
  detail: string;
}

export interface Delivery {
  channels: ChannelDelivery[];
  /** no e-mail and no webhook configured: only the in-app inbox carries notices */
  externalConfigured: boolean;
}

const NOT_SET = /not set$/;

export function channelDelivery(channel: Channel, raw: string): ChannelDelivery {
  const [head, ...rest] = raw.split(':');
  const detail = rest.join(':').trim();
  const outcome = head === 'sent' ? 'sent' : head === 'failed' ? 'failed' : 'skipped';
  return { channel, configured: !(outcome === 'skipped' && NOT_SET.test(detail)), outcome, detail };
}

/** The rows of a channels record ({ inbox, email, webhook }). */
export function deliveryOf(channels: Record<string, string>, config: Pick<Config, 'SMTP_URL' | 'LUOSHI_WEBHOOK_URL'>): Delivery {
  const order: Channel[] = ['inbox', 'email', 'webhook'];
  return {
    channels: order.filter((c) => channels[c] !== undefined).map((c) => channelDelivery(c, channels[c] as string)),
    externalConfigured: !!config.SMTP_URL || !!config.LUOSHI_WEBHOOK_URL,
  };
}
