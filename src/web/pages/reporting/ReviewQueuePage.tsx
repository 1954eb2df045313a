import { Alert, Card, Segmented, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { SUBMISSION_STATUSES, type SubmissionStatus, type SubmissionSummary } from '../../api/types.ts';
import { errorText } from '../../components/errors.ts';
import { itemsOf, toSummary } from '../../components/reporting/lists.ts';
import { SubmissionStatusTag } from '../../components/reporting/tags.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';

/** The office's queue: submitted reports first; any status on demand. Opening one shows it read-only with review actions. */
export default function ReviewQueuePage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<SubmissionStatus | 'all'>('submitted');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: SubmissionSummary[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setData(null);
    api
      .get<unknown>('/api/reporting/submissions', { status: status === 'all' ? undefined : status, page, pageSize: 50 })
      .then((res) => {
        if (!live) return;
        const items = itemsOf(res, 'submissions').map(toSummary);
        const total = Number((res as { total?: number })?.total ?? items.length);
        setData({ items, total });
        setError(null);
      })
      .catch((e) => live && setError(errorText(t, e)));
    return () => {
      live = false;
    };
  }, [status, page, t]);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('rep.review.title')}
      </Typography.Title>
      <Segmented<SubmissionStatus | 'all'>
        value={status}
        onChange={(v) => {
          setStatus(v);
          setPage(1);
        }}
        options={[
          { value: 'submitted', label: t('rep.review.queue') },
          ...SUBMISSION_STATUSES.filter((s) => s !== 'submitted').map((s) => ({ value: s, label: t(`rep.status.${s}` as MessageKey) })),
          { value: 'all', label: t('rep.review.all') },
        ]}
        data-testid="review-status-filter"
      />
      {error && <Alert type="error" showIcon title={error} />}
      <Card>
        <Table<SubmissionSummary>
          rowKey="id"
          loading={data === null && !error}
          dataSource={data?.items ?? []}
          locale={{ emptyText: status === 'submitted' ? t('rep.review.empty') : t('common.empty') }}
          pagination={{ current: page, pageSize: 50, total: data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { n }) }}
          data-testid="review-queue"
          columns={[
            { title: t('rep.unit'), dataIndex: 'unitName', key: 'unit' },
            { title: t('rep.form'), dataIndex: 'formName', key: 'form' },
            { title: t('rep.period'), dataIndex: 'period', key: 'period' },
            { title: t('rep.revision'), dataIndex: 'revision', key: 'revision', width: 80 },
            { title: t('rep.submittedAt'), key: 'submittedAt', render: (_, r) => r.submittedAt?.slice(0, 16).replace('T', ' ') ?? '—' },
            { title: t('rep.status'), key: 'status', render: (_, r) => <SubmissionStatusTag status={r.status} t={t} testId="queue-status" /> },
            {
              title: t('common.actions'),
              key: 'open',
              render: (_, r) => (
                <Link to={`/reporting/submissions/${r.id}`} data-testid="queue-open">
                  {t('rep.view')}
                </Link>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
