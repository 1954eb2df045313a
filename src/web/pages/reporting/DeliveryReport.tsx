import { Alert, List, Space, Tag, Typography } from 'antd';
import type { Reply } from '../../api/contract.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';

/** What a notice did on each channel: the `delivery` of POST /api/reporting/reminders (generated). */
export type Delivery = Reply<'/api/reporting/reminders', 'post'>['delivery'];
export type ChannelDelivery = Delivery['channels'][number];

const COLOR = { sent: 'green', skipped: 'default', failed: 'red' } as const;

/**
 * What a notice did on each channel (inbox, e-mail, webhook) — sent, not configured, or failed
 * with the server's words — so "sent" is never claimed for something that went nowhere.
 */
export function DeliveryReport({ title, delivery, onClose }: { title: string; delivery: Delivery; onClose?: () => void }) {
  const { t } = useI18n();
  const nothing = delivery.channels.every((c) => c.outcome !== 'sent');
  const failed = delivery.channels.some((c) => c.outcome === 'failed');
  const detailOf = (c: ChannelDelivery) => {
    if (c.channel === 'inbox') return c.outcome === 'sent' ? `${c.detail} 人` : t('notice.inboxNone');
    if (!c.configured) return t('notice.notConfigured');
    return c.detail;
  };
  return (
    <Alert
      data-testid="delivery-report"
      type={nothing || failed ? 'warning' : delivery.externalConfigured ? 'success' : 'info'}
      showIcon
      closable={!!onClose}
      onClose={onClose}
      title={title}
      description={
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <List
            size="small"
            split={false}
            dataSource={delivery.channels}
            renderItem={(c) => (
              <List.Item key={c.channel} data-testid={`delivery-${c.channel}`} style={{ padding: '2px 0' }}>
                <Space>
                  <Typography.Text strong>{t(`notice.channel.${c.channel}` as MessageKey)}</Typography.Text>
                  <Tag color={COLOR[c.outcome]}>{t(`notice.outcome.${c.outcome}` as MessageKey)}</Tag>
                  <Typography.Text type="secondary">{detailOf(c)}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          {!delivery.externalConfigured && (
            <Typography.Text type="warning" data-testid="delivery-no-external">
              {t('notice.noExternal')}
            </Typography.Text>
          )}
        </Space>
      }
    />
  );
}
