import { Alert, App as AntApp, Button, Card, Form, Input, List, Modal, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import type { Reply } from '../../api/contract.ts';
import type { DiffRow, SubmissionDetail, SubmissionRevision, SubmissionStatus } from '../../api/types.ts';
import { SubmissionStatusTag } from './tags.tsx';
import type { TFunction } from '../../i18n/index.tsx';
import { errorText } from '../errors.ts';
import { cellKey } from './model.ts';

type VersionsReply = Reply<'/api/reporting/submissions/{id}/versions'>;
type DiffReply = Reply<'/api/reporting/submissions/{id}/diff'>;
const text = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));

function toRevision(r: VersionsReply['items'][number]): SubmissionRevision {
  return { id: r.revision, revision: r.revision, status: r.status, createdAt: r.createdAt, createdBy: text(r.createdBy) };
}

/** GET …/diff as rows: changed cells named by division and element, then changed progress fields. */
function toDiffRows(d: DiffReply, detail: SubmissionDetail): DiffRow[] {
  const names = new Map(detail.elements.map((e) => [e.id, e.name]));
  const divisions = new Map(detail.divisions.map((x) => [x.code, x.name]));
  const progress = new Map(detail.progress.map((p) => [p.itemId, p.title]));
  const values: DiffRow[] = d.values.map((c, n) => {
    const what = c.field !== 'value' ? ` · ${c.field}` : '';
    const label = `${divisions.get(c.divisionCode) ?? c.divisionCode} · ${names.get(c.elementId) ?? c.elementCode}${what}`;
    return { kind: 'value', key: `${cellKey(c.elementId, c.divisionCode)}-${c.field}-${n}`, label, a: text(c.a), b: text(c.b) };
  });
  const fields: DiffRow[] = d.progress.map((c) => ({
    kind: 'progress',
    key: `p${c.itemId}-${c.field}`,
    label: `${progress.get(c.itemId) ?? `#${c.itemId}`} · ${c.field}`,
    a: text(c.a),
    b: text(c.b),
  }));
  return [...values, ...fields];
}

interface Props {
  t: TFunction;
  detail: SubmissionDetail;
  /** The office may approve or return a submitted report. */
  canReview: boolean;
  onChanged(): void;
}

/** The office's side of a report: its revisions, a diff between two of them, approve and return. */
export function ReviewPanel({ t, detail, canReview, onChanged }: Props) {
  const { message } = AntApp.useApp();
  const [revisions, setRevisions] = useState<SubmissionRevision[]>([]);
  const [a, setA] = useState<number | undefined>();
  const [b, setB] = useState<number | undefined>();
  const [diff, setDiff] = useState<DiffRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [returnOpen, setReturnOpen] = useState(false);
  const [approveOpen, setApproveOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();

  useEffect(() => {
    let live = true;
    api
      .get<VersionsReply>(`/api/reporting/submissions/${detail.id}/versions`)
      .then((res) => {
        if (!live) return;
        const list = res.items.map(toRevision);
        list.sort((x, y) => x.revision - y.revision);
        setRevisions(list);
        if (list.length >= 2) {
          setA(list[list.length - 2]!.revision);
          setB(list[list.length - 1]!.revision);
        }
      })
      .catch(() => live && setRevisions([]));
    return () => {
      live = false;
    };
  }, [detail.id, detail.revision, detail.status]);

  const compare = async () => {
    if (a === undefined || b === undefined) return;
    setError(null);
    try {
      setDiff(toDiffRows(await api.get<DiffReply>(`/api/reporting/submissions/${detail.id}/diff`, { a, b }), detail));
    } catch (e) {
      setError(errorText(t, e));
    }
  };

  const approve = async () => {
    setBusy(true);
    try {
      await api.post(`/api/reporting/submissions/${detail.id}/approve`, { version: detail.version });
      message.success(t('rep.review.approved'));
      setApproveOpen(false);
      onChanged();
    } catch (e) {
      message.error(errorText(t, e));
      // Someone changed the report meanwhile: show what it is now.
      if (e instanceof ApiError && e.status === 409) {
        setApproveOpen(false);
        onChanged();
      }
    } finally {
      setBusy(false);
    }
  };

  const sendReturn = async () => {
    // An empty reason: the form shows the message beside the field; nothing more to do.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await api.post(`/api/reporting/submissions/${detail.id}/return`, { version: detail.version, reason: v.reason });
      message.success(t('rep.review.returned'));
      setReturnOpen(false);
      form.resetFields();
      onChanged();
    } catch (e) {
      form.setFields([{ name: 'reason', errors: [errorText(t, e)] }]);
    } finally {
      setBusy(false);
    }
  };

  const options = revisions.map((r) => ({ value: r.revision, label: `${t('rep.review.revisionN', { n: r.revision })} · ${r.createdAt.slice(5, 16).replace('T', ' ')}` }));

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {canReview && detail.status === 'submitted' && (
        <Card size="small" data-testid="review-actions">
          <Space>
            <Button type="primary" onClick={() => setApproveOpen(true)} data-testid="review-approve">
              {t('rep.review.approve')}
            </Button>
            <Button danger onClick={() => setReturnOpen(true)} data-testid="review-return">
              {t('rep.review.return')}
            </Button>
          </Space>
        </Card>
      )}
      <Card size="small" title={t('rep.review.versions')} data-testid="review-versions">
        <List
          size="small"
          dataSource={revisions}
          locale={{ emptyText: t('common.empty') }}
          renderItem={(r) => (
            <List.Item>
              <div>
                <Space size={4}>
                  <Typography.Text strong>{t('rep.review.revisionN', { n: r.revision })}</Typography.Text>
                  <SubmissionStatusTag status={r.status as SubmissionStatus} t={t} testId="revision-status" />
                </Space>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.createdAt.slice(0, 19).replace('T', ' ')}
                  </Typography.Text>
                </div>
              </div>
            </List.Item>
          )}
        />
        {revisions.length >= 2 && (
          <Space style={{ marginTop: 12 }} wrap>
            <Select style={{ width: 200 }} value={a} onChange={setA} options={options} data-testid="diff-a" />
            <Select style={{ width: 200 }} value={b} onChange={setB} options={options} data-testid="diff-b" />
            <Button onClick={compare} data-testid="diff-compare">
              {t('rep.review.compare')}
            </Button>
          </Space>
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
        {diff && (
          <div style={{ marginTop: 12 }} data-testid="diff-table">
            {diff.length === 0 ? (
              <Typography.Text type="secondary">{t('rep.review.noDiff')}</Typography.Text>
            ) : (
              <Table<DiffRow>
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={diff}
                columns={[
                  { title: t('rep.conflict.field'), dataIndex: 'label', key: 'label' },
                  { title: t('rep.review.revisionN', { n: a ?? '' }), dataIndex: 'a', key: 'a', render: (v: string | null) => v ?? '—' },
                  { title: t('rep.review.revisionN', { n: b ?? '' }), dataIndex: 'b', key: 'b', render: (v: string | null) => <Typography.Text strong>{v ?? '—'}</Typography.Text> },
                ]}
              />
            )}
          </div>
        )}
      </Card>
      <Modal
        open={approveOpen}
        title={t('rep.review.approve')}
        onOk={() => void approve()}
        onCancel={() => setApproveOpen(false)}
        confirmLoading={busy}
        okText={t('rep.review.approve')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 'review-approve-confirm' } as Record<string, string>}
        destroyOnHidden
      >
        <Typography.Paragraph>{`${detail.unitName} · ${detail.formName} · ${detail.period}`}</Typography.Paragraph>
        <Typography.Text type="secondary">{t('rep.review.approveHint')}</Typography.Text>
      </Modal>
      <Modal
        open={returnOpen}
        title={t('rep.review.return')}
        onOk={sendReturn}
        onCancel={() => setReturnOpen(false)}
        confirmLoading={busy}
        okText={t('rep.review.return')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, 'data-testid': 'review-return-confirm' } as { danger: boolean }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t('rep.review.returnReason')} rules={[{ required: true, whitespace: true, message: t('common.requiredField') }]}>
            <Input.TextArea id="return-reason" autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
