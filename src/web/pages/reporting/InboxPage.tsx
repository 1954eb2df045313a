import { Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { markRead, useInbox } from '../../components/reporting/inbox.ts';
import { useI18n } from '../../i18n/index.tsx';

/** The in-app inbox: reminders and review outcomes; opening a message marks it read. */
export default function InboxPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { messages, unread, refresh } = useInbox(true);
  const open = async (id: number, link: string | null, read: boolean) => {
    if (!read) await markRead(id).catch(() => {});
    if (link) navigate(link.replace(/^https?:\/\/[^/]+/, ''));
    else void refresh();
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('inbox.title')} <Typography.Text type="secondary" style={{ fontSize: 14 }}>{t('inbox.unread', { n: unread })}</Typography.Text>
      </Typography.Title>
      <Card>
        {messages.length === 0 ? (
          <Empty description={t('inbox.empty')} />
        ) : (
          <List
            dataSource={messages}
            data-testid="inbox-list"
            renderItem={(m) => (
              <List.Item
                data-testid="inbox-item"
                actions={[
                  m.link ? (
                    <Button key="open" size="small" type="link" onClick={() => void open(m.id, m.link, !!m.readAt)}>
                      {t('inbox.open')}
                    </Button>
                  ) : null,
                  !m.readAt ? (
                    <Button key="read" size="small" onClick={() => void open(m.id, null, false)} data-testid="inbox-mark-read">
                      {t('inbox.markRead')}
                    </Button>
                  ) : null,
                ].filter(Boolean)}
              >
                <List.Item.Meta
                  title={
                    <Space>
                      {!m.readAt && <Tag color="red">●</Tag>}
                      <Typography.Text strong={!m.readAt}>{m.title}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {m.createdAt.slice(0, 16).replace('T', ' ')}
                      </Typography.Text>
                    </Space>
                  }
                  description={<span style={{ whiteSpace: 'pre-wrap' }}>{m.body}</span>}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}
