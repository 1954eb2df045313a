import { Alert, App as AntApp, Button, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, formFieldErrors } from '../../api/client.ts';
import type { Body, Item, Reply } from '../../api/contract.ts';
import { errorText } from '../../components/errors.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';

/** What the office may publish, and what it has: the reply of GET /api/publishing (generated). */
type Candidate = Item<Reply<'/api/publishing'>>;
type Kind = Candidate['kind'];
/** The body of PUT /api/publishing/:kind/:subject. */
type Settings = Body<'/api/publishing/{kind}/{subject}', 'put'>;

function PublishModal({ target, onClose, onDone }: { target: Candidate | null; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Settings>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (target) {
      form.setFieldsValue({ lowestLevel: target.publication?.lowestLevel ?? null, fromPeriod: target.publication?.fromPeriod ?? null, note: target.publication?.note ?? null });
      setError(null);
    }
  }, [target, form]);
  const submit = async () => {
    if (!target) return;
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const body: Settings = { note: v.note || null };
      if (target.kind !== 'plan') body.lowestLevel = v.lowestLevel ?? null;
      if (target.kind !== 'plan') body.fromPeriod = v.fromPeriod || null;
      await api.put(`/api/publishing/${target.kind}/${encodeURIComponent(target.subject)}`, body);
      message.success(t('publishing.published'));
      onDone();
    } catch (e) {
      form.setFields(formFieldErrors(e, ['lowestLevel', 'fromPeriod', 'note']));
      setError(errorText(t, e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={!!target}
      title={target ? `${t('publishing.publish')}：${target.title}` : ''}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('publishing.publish')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'publish-submit' } as Record<string, string>}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical">
        {target && target.kind !== 'plan' && (
          <Form.Item name="lowestLevel" label={t('publishing.lowestLevel')} extra="1 省级 · 2 地级 · 3 县级 · 4 乡级 · 5 村级">
            <InputNumber min={1} max={5} style={{ width: 120 }} />
          </Form.Item>
        )}
        {target && target.kind !== 'plan' && (
          <Form.Item name="fromPeriod" label={t('publishing.fromPeriod')} extra="2014 · 2014H1 · 2014Q1 · 2014M01">
            <Input style={{ width: 160 }} maxLength={10} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('publishing.note')}>
          <Input.TextArea maxLength={1000} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** /publishing — the office decides what the open-data portal shows (admin only; the server checks). */
export default function PublishingPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [items, setItems] = useState<Candidate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Candidate | null>(null);
  const load = useCallback(() => {
    api.get<{ items: Candidate[] }>('/api/publishing').then(
      (r) => setItems(r.items),
      (e) => setError(errorText(t, e)),
    );
  }, [t]);
  useEffect(load, [load]);

  const publishNow = async (c: Candidate) => {
    if (c.kind !== 'plan') return setEditing(c);
    try {
      await api.put(`/api/publishing/plan/${c.subject}`, {});
      message.success(t('publishing.published'));
      load();
    } catch (e) {
      message.error(errorText(t, e));
    }
  };
  const unpublish = async (c: Candidate) => {
    try {
      await api.del(`/api/publishing/${c.kind}/${encodeURIComponent(c.subject)}`);
      message.success(t('publishing.unpublished'));
      load();
    } catch (e) {
      message.error(errorText(t, e));
    }
  };

  const table = (kind: Kind) => (
    <Table<Candidate>
      rowKey={(c) => `${c.kind}:${c.subject}`}
      size="small"
      loading={items === null && !error}
      dataSource={(items ?? []).filter((c) => c.kind === kind)}
      pagination={false}
      data-testid={`publishing-${kind}`}
      columns={[
        { title: t('publishing.subject'), key: 'title', render: (_, c) => <span>{c.title}{c.detail && <Typography.Text type="secondary"> {c.detail}</Typography.Text>}</span> },
        {
          title: t('publishing.state'),
          key: 'state',
          render: (_, c) =>
            c.publication ? (
              <Space size={4} wrap>
                <Tag color="green">{t('publishing.public')}</Tag>
                {c.publication.lowestLevel && <Tag>{t('publishing.lowestLevel')} {t(`portal.level.${c.publication.lowestLevel}` as MessageKey)}</Tag>}
                {c.publication.fromPeriod && <Tag>{t('publishing.fromPeriod')} {c.publication.fromPeriod}</Tag>}
              </Space>
            ) : (
              <Tag>{t('publishing.private')}</Tag>
            ),
        },
        {
          title: t('common.actions'),
          key: 'actions',
          render: (_, c) => (
            <Space>
              {c.publication ? (
                <>
                  {c.kind !== 'plan' && <Button size="small" onClick={() => setEditing(c)}>{t('publishing.update')}</Button>}
                  <Popconfirm title={`${t('publishing.unpublish')}？`} onConfirm={() => unpublish(c)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                    <Button size="small" danger data-testid="unpublish">{t('publishing.unpublish')}</Button>
                  </Popconfirm>
                </>
              ) : (
                <Button size="small" type="primary" disabled={!c.publishable} title={c.reason ?? undefined} onClick={() => publishNow(c)} data-testid="publish">
                  {t('publishing.publish')}
                </Button>
              )}
            </Space>
          ),
        },
      ]}
    />
  );

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3}>{t('publishing.title')}</Typography.Title>
        <Link to="/open">{t('publishing.openPortal')}</Link>
      </Space>
      <Typography.Paragraph type="secondary">{t('publishing.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Tabs
        items={(['plan', 'indicator', 'index'] as const).map((k) => ({ key: k, label: t(`publishing.kind.${k}`), children: table(k) }))}
      />
      <PublishModal target={editing} onClose={() => setEditing(null)} onDone={() => { setEditing(null); load(); }} />
    </div>
  );
}
