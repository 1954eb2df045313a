import { Alert, Button, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import type { TFunction } from '../../i18n/index.tsx';

export interface ConflictRow {
  key: string;
  label: string;
  theirs: string | null;
  yours: string | null;
}

interface Props {
  t: TFunction;
  open: boolean;
  currentVersion: number;
  rows: ConflictRow[];
  busy: boolean;
  onTakeTheirs(): void;
  onKeepMine(): void;
}

/**
 * A stale save was refused (409): both versions side by side, per changed field. Closing is not
 * offered — the user must choose, so nothing is overwritten silently and nothing is lost silently.
 */
export function ConflictModal({ t, open, currentVersion, rows, busy, onTakeTheirs, onKeepMine }: Props) {
  const show = (v: string | null) => (v === null || v === '' ? <Typography.Text type="secondary">{t('rep.conflict.none')}</Typography.Text> : v);
  return (
    <Modal
      open={open}
      title={t('rep.conflict.title')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      width={820}
      footer={
        <Space>
          <Button onClick={onTakeTheirs} disabled={busy} data-testid="conflict-take-theirs">
            {t('rep.conflict.takeTheirs')}
          </Button>
          <Popconfirm title={t('rep.conflict.keepMineConfirm')} onConfirm={onKeepMine} okText={t('common.confirm')} cancelText={t('common.cancel')}>
            <Button type="primary" danger loading={busy} data-testid="conflict-keep-mine">
              {t('rep.conflict.keepMine')}
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <div data-testid="conflict-modal">
      <Alert type="warning" showIcon title={t('rep.conflict.intro', { version: currentVersion })} style={{ marginBottom: 12 }} />
      <Table<ConflictRow>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        scroll={{ y: 400 }}
        columns={[
          { title: t('rep.conflict.field'), dataIndex: 'label', key: 'label' },
          { title: t('rep.conflict.theirs'), key: 'theirs', render: (_, r) => <span data-testid="conflict-theirs">{show(r.theirs)}</span> },
          { title: t('rep.conflict.yours'), key: 'yours', render: (_, r) => <Typography.Text strong data-testid="conflict-yours">{show(r.yours)}</Typography.Text> },
        ]}
      />
      </div>
    </Modal>
  );
}
