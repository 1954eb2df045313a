import { Alert, App as AntApp, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, formFieldErrors } from '../../api/client.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import type { DataElement } from '../../api/types.ts';
import { errorText } from '../../components/errors.ts';
import { itemsOf } from '../../components/reporting/lists.ts';
import { pct, rangeText } from '../../components/reporting/model.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';

const FIELDS = ['code', 'name', 'valueType', 'unit', 'min', 'max', 'periodType', 'temporal', 'divisionLevel', 'maxJumpShare', 'perUnit'] as const;

interface NewElement {
  code: string;
  name: string;
  valueType: DataElement['valueType'];
  unit?: string;
  min?: number | null;
  max?: number | null;
  periodType: DataElement['periodType'];
  temporal: DataElement['temporal'];
  divisionLevel: number;
  /** entered as a percentage, sent as a share */
  jumpPercent?: number | null;
}

/** Defines a data element; the form builder opens it too, to create an element inline. */
export function CreateModal({ open, onClose, onCreated, initial }: { open: boolean; onClose(): void; onCreated(created: DataElement): void; initial?: Partial<NewElement> }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<NewElement>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      const { jumpPercent, ...rest } = v;
      const created = await api.post<DataElement>('/api/reporting/data-elements', { ...rest, unit: rest.unit ?? '', min: rest.min ?? null, max: rest.max ?? null, maxJumpShare: jumpPercent ? jumpPercent / 100 : null });
      message.success(t('common.saved'));
      form.resetFields();
      onCreated(created);
      onClose();
    } catch (e) {
      const known = formFieldErrors(e, FIELDS).map((f) => (f.name === 'maxJumpShare' ? { ...f, name: 'jumpPercent' as const } : f));
      form.setFields(known as { name: keyof NewElement; errors: string[] }[]);
      setError(errorText(t, e));
    } finally {
      setSaving(false);
    }
  };
  const required = [{ required: true, message: t('common.requiredField') }];
  return (
    <Modal open={open} title={t('rep.el.create')} onOk={() => void submit()} onCancel={onClose} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden width={640}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ valueType: 'integer', periodType: 'M', temporal: 'stock', divisionLevel: 3, ...initial }}>
        <Space style={{ display: 'flex' }} align="start" wrap>
          <Form.Item name="code" label={t('rep.el.code')} rules={required} extra="fixed_bb_households">
            <Input style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="name" label={t('rep.el.name')} rules={required}>
            <Input style={{ width: 300 }} />
          </Form.Item>
        </Space>
        <Space style={{ display: 'flex' }} align="start" wrap>
          <Form.Item name="valueType" label={t('rep.el.valueType')} rules={required}>
            <Select style={{ width: 140 }} options={(['integer', 'number', 'percent'] as const).map((x) => ({ value: x, label: t(`rep.el.type.${x}` as MessageKey) }))} />
          </Form.Item>
          <Form.Item name="unit" label={t('rep.el.unit')}>
            <Input style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="min" label={t('rep.el.min')}>
            <InputNumber style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="max" label={t('rep.el.max')}>
            <InputNumber style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Space style={{ display: 'flex' }} align="start" wrap>
          <Form.Item name="periodType" label={t('rep.el.periodType')} rules={required}>
            <Select style={{ width: 120 }} options={(['M', 'Q', 'H', 'Y'] as const).map((x) => ({ value: x, label: t(`rep.period.${x}` as MessageKey) }))} />
          </Form.Item>
          <Form.Item name="temporal" label={t('rep.el.temporal')} rules={required}>
            <Select style={{ width: 180 }} options={(['stock', 'flow'] as const).map((x) => ({ value: x, label: t(`rep.el.temporal.${x}` as MessageKey) }))} />
          </Form.Item>
          <Form.Item name="divisionLevel" label={t('rep.el.level')} rules={required}>
            <Select style={{ width: 120 }} options={[1, 2, 3, 4, 5].map((x) => ({ value: x, label: t(`rep.el.level.${x}` as MessageKey) }))} />
          </Form.Item>
          <Form.Item name="jumpPercent" label={t('rep.el.jump')}>
            <InputNumber style={{ width: 120 }} min={1} suffix="%" />
          </Form.Item>
          <Form.Item name="perUnit" valuePropName="checked" label={t('rep.el.perUnit')} extra={t('rep.el.perUnit.hint')}>
            <Checkbox data-testid="element-per-unit" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** The office's catalogue of data elements (read-only list; definitions come through the API and imports). */
export default function DataElementsPage() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<DataElement[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [reload, setReload] = useState(0);
  const { user } = useAuth();
  useEffect(() => {
    let live = true;
    const h = setTimeout(() => {
      api
        .get<unknown>('/api/reporting/data-elements', { q: q.trim() || undefined })
        .then((r) => live && setItems(itemsOf(r, 'elements', 'dataElements') as DataElement[]))
        .catch((e) => live && setError(errorText(t, e)));
    }, 250);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [q, t, reload]);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('rep.el.title')}
      </Typography.Title>
      <Space>
        <Input.Search allowClear style={{ width: 320 }} placeholder={t('common.search')} onChange={(e) => setQ(e.target.value)} />
        {user?.role === 'admin' && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="element-create">
            {t('rep.el.create')}
          </Button>
        )}
      </Space>
      <CreateModal open={creating} onClose={() => setCreating(false)} onCreated={() => setReload((n) => n + 1)} />
      {error && <Alert type="error" showIcon title={error} />}
      <Card>
        <Table<DataElement>
          rowKey="id"
          size="small"
          loading={items === null && !error}
          dataSource={items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          data-testid="elements-table"
          columns={[
            { title: t('rep.el.code'), dataIndex: 'code', key: 'code', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('rep.el.name'), dataIndex: 'name', key: 'name' },
            { title: t('rep.el.valueType'), key: 'type', render: (_, e) => t(`rep.el.type.${e.valueType}` as MessageKey) },
            { title: t('rep.el.unit'), dataIndex: 'unit', key: 'unit' },
            { title: t('rep.el.range'), key: 'range', render: (_, e) => rangeText(e) ?? '—' },
            { title: t('rep.el.periodType'), key: 'period', render: (_, e) => t(`rep.period.${e.periodType}` as MessageKey) },
            { title: t('rep.el.temporal'), key: 'temporal', render: (_, e) => t(`rep.el.temporal.${e.temporal}` as MessageKey) },
            { title: t('rep.el.level'), key: 'level', render: (_, e) => t(`rep.el.level.${e.divisionLevel}` as MessageKey) },
            { title: t('rep.el.jump'), key: 'jump', render: (_, e) => (e.maxJumpShare ? pct(e.maxJumpShare) : '—') },
          ]}
        />
      </Card>
    </Space>
  );
}
