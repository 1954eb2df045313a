import { Alert, App as AntApp, Button, Card, Drawer, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import type { TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, api, type FieldProblem } from '../api/client.ts';
import { UNIT_KINDS, type Unit, type UnitKind } from '../api/types.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { DivisionSelect } from '../components/DivisionSelect.tsx';
import { ListTable, useList } from '../components/ListTable.tsx';
import { useSaveForm } from '../components/useSaveForm.ts';
import { errorText } from '../components/errors.ts';
import { useT, type MessageKey } from '../i18n/index.tsx';

interface UnitForm {
  name: string;
  divisionCode: string;
  kind: UnitKind;
  aliases: string[];
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
}
const FORM_FIELDS = ['name', 'divisionCode', 'kind', 'aliases', 'contactName', 'contactPhone', 'contactEmail'] as const;

function orNull(v: string | undefined): string | null {
  const s = v?.trim();
  return s ? s : null;
}

function UnitDrawer({ unit, open, onClose, onSaved }: { unit: Unit | null; open: boolean; onClose(): void; onSaved(): void }) {
  const t = useT();
  const [form] = Form.useForm<UnitForm>();
  const { saving, error, setError, submit: save } = useSaveForm(form, FORM_FIELDS);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (unit) {
      form.setFieldsValue({
        name: unit.name,
        divisionCode: unit.divisionCode,
        kind: unit.kind,
        aliases: unit.aliases ?? [],
        contactName: unit.contactName ?? '',
        contactPhone: unit.contactPhone ?? '',
        contactEmail: unit.contactEmail ?? '',
      });
    } else {
      form.setFieldsValue({ kind: 'department', aliases: [] });
    }
  }, [open, unit, form, setError]);

  const submit = () =>
    save(async (v) => {
      const body = {
        name: v.name.trim(),
        divisionCode: v.divisionCode,
        kind: v.kind,
        aliases: (v.aliases ?? []).map((a) => a.trim()).filter(Boolean),
        contactName: orNull(v.contactName),
        contactPhone: orNull(v.contactPhone),
        contactEmail: orNull(v.contactEmail),
      };
      if (unit) await api.patch(`/api/units/${unit.id}`, { ...body, version: unit.version });
      else await api.post('/api/units', body);
    }, onSaved);

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={unit ? t('units.edit') : t('units.create')}
      size={480}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={submit} data-testid="unit-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="unit-error" />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t('units.name')} rules={[{ required: true, whitespace: true, message: t('common.requiredField') }]}>
          <Input id="unit-name" maxLength={200} />
        </Form.Item>
        <Form.Item name="divisionCode" label={t('units.division')} rules={[{ required: true, message: t('common.requiredField') }]}>
          <DivisionSelect id="unit-division" initialLabel={unit?.divisionName} />
        </Form.Item>
        <Form.Item name="kind" label={t('units.kind')} rules={[{ required: true, message: t('common.requiredField') }]}>
          <Select id="unit-kind" options={UNIT_KINDS.map((k) => ({ value: k, label: t(`units.kind.${k}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item name="aliases" label={t('units.aliases')} extra={t('units.aliasesHint')}>
          <Select mode="tags" open={false} tokenSeparators={[',', '，', ';', '；']} />
        </Form.Item>
        <Form.Item name="contactName" label={t('units.contactName')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('units.contactPhone')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="contactEmail" label={t('units.contactEmail')} rules={[{ type: 'email', message: t('units.contactEmail') }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function ImportModal({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(): void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      setProblems([]);
      setError(null);
    }
  }, [open]);

  const upload = async (file: File) => {
    setBusy(true);
    setProblems([]);
    setError(null);
    try {
      const form = new FormData();
      form.append('file', file);
      const res = await api.upload<Record<string, unknown>>('/api/units/import', form);
      const n = [res?.imported, res?.created, res?.count, res?.total].find((x) => typeof x === 'number') ?? 0;
      message.success(t('units.importDone', { n: Number(n) }));
      onDone();
    } catch (e) {
      if (e instanceof ApiError) {
        const rows = e.rows.length ? e.rows : e.fields;
        setProblems(rows);
        setError(rows.length ? t('units.importErrors') : errorText(t, e));
      } else setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('units.importTitle')} width={720} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('units.importHint')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".csv,.xlsx,.xls"
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <p style={{ padding: 16 }}>{busy ? t('common.loading') : t('units.importTitle')}</p>
      </Upload.Dragger>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
      {problems.length > 0 && (
        <Table<FieldProblem>
          style={{ marginTop: 16 }}
          size="small"
          rowKey={(_, i) => String(i)}
          dataSource={problems}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: t('units.row'), dataIndex: 'row', width: 80, render: (v: number | undefined) => v ?? '—' },
            { title: t('units.field'), dataIndex: 'field', width: 180 },
            { title: t('units.reason'), dataIndex: 'reason' },
          ]}
        />
      )}
    </Modal>
  );
}

export default function UnitsPage() {
  const t = useT();
  const { message } = AntApp.useApp();
  const { can, user } = useAuth();
  const manage = can('manageUnits') || user?.role === 'admin';
  // Filters as the API names them (division, not divisionCode): the query is the filter state.
  const list = useList<Unit, { q?: string; division?: string; kind?: string }>('/api/units');
  const { filters, setFilters, reload: refresh } = list;
  const [editing, setEditing] = useState<Unit | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);

  const archive = async (u: Unit) => {
    try {
      await api.del(`/api/units/${u.id}`);
      message.success(t('units.archived'));
      refresh();
    } catch (e) {
      message.error(errorText(t, e));
    }
  };

  const columns: TableProps<Unit>['columns'] = [
    { title: t('units.name'), dataIndex: 'name', render: (_, u) => <Typography.Text strong>{u.name}</Typography.Text> },
    { title: t('units.division'), dataIndex: 'divisionCode', render: (_, u) => u.divisionName || u.divisionCode },
    { title: t('units.kind'), dataIndex: 'kind', width: 160, render: (k: string) => t(`units.kind.${k}` as MessageKey) },
    { title: t('units.aliases'), dataIndex: 'aliases', render: (a: string[]) => (a ?? []).map((x) => <Tag key={x}>{x}</Tag>) },
    {
      title: t('units.contactName'),
      dataIndex: 'contactName',
      render: (_, u) => [u.contactName, u.contactPhone].filter(Boolean).join(' / ') || '—',
    },
    { title: t('units.status'), dataIndex: 'status', width: 100, render: (s: string) => <Tag color={s === 'active' ? 'green' : undefined}>{t(`units.status.${s}` as MessageKey)}</Tag> },
  ];
  if (manage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, u) => (
        <Space>
          <Button
            size="small"
            type="link"
            onClick={() => {
              setEditing(u);
              setDrawerOpen(true);
            }}
          >
            {t('common.edit')}
          </Button>
          {u.status !== 'archived' && (
            <Popconfirm title={t('units.archiveConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => archive(u)}>
              <Button size="small" type="link" danger>
                {t('units.archive')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    });
  }

  return (
    <Card
      title={t('units.title')}
      extra={
        manage && (
          <Space>
            <Button onClick={() => setImportOpen(true)}>{t('units.import')}</Button>
            <Button
              type="primary"
              onClick={() => {
                setEditing(null);
                setDrawerOpen(true);
              }}
              data-testid="unit-create"
            >
              {t('units.create')}
            </Button>
          </Space>
        )
      }
    >
      <ListTable<Unit, typeof filters>
        list={list}
        filters={
          <>
            <Input.Search
              placeholder={t('units.search')}
              allowClear
              style={{ width: 260 }}
              onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() || undefined }))}
              data-testid="unit-search"
            />
            <DivisionSelect
              placeholder={t('units.divisionFilter')}
              style={{ width: 260 }}
              value={filters.division}
              onChange={(division) => setFilters((f) => ({ ...f, division }))}
            />
            <Select
              placeholder={t('units.allKinds')}
              allowClear
              style={{ width: 200 }}
              value={filters.kind}
              onChange={(kind?: string) => setFilters((f) => ({ ...f, kind }))}
              options={UNIT_KINDS.map((k) => ({ value: k, label: t(`units.kind.${k}` as MessageKey) }))}
            />
          </>
        }
        rowKey="id"
        columns={columns}
        emptyText={t('units.empty')}
        showSizeChanger
        data-testid="units-table"
      />
      <UnitDrawer
        unit={editing}
        open={drawerOpen}
        onClose={() => setDrawerOpen(false)}
        onSaved={() => {
          setDrawerOpen(false);
          refresh();
        }}
      />
      <ImportModal
        open={importOpen}
        onClose={() => setImportOpen(false)}
        onDone={() => {
          setImportOpen(false);
          refresh();
        }}
      />
    </Card>
  );
}
