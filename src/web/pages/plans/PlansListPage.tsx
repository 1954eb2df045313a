import { Alert, App as AntApp, Button, Card, Form, Input, Modal, Select, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, formFieldErrors } from '../../api/client.ts';
import type { Plan, PlanStatus } from '../../api/types.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import { DivisionSelect } from '../../components/DivisionSelect.tsx';
import { ListTable, useList } from '../../components/ListTable.tsx';
import { errorText } from '../../components/errors.ts';
import { DivisionName } from '../../i18n/DivisionName.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { StatusTag } from './common.tsx';

function ImportModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ divisionCode?: string; file?: unknown }>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    const file = files[0]?.originFileObj ?? (files[0] as unknown as File | undefined);
    if (!file) {
      form.setFields([{ name: 'file', errors: [t('common.requiredField')] }]);
      return;
    }
    const fd = new FormData();
    fd.append('divisionCode', v.divisionCode ?? '');
    fd.append('file', file as Blob, files[0]!.name);
    setSaving(true);
    setError(null);
    try {
      const res = await api.upload<{ plan: Plan }>('/api/plans/import', fd);
      message.success(t('plans.imported'));
      onClose();
      navigate(`/plans/${res.plan.id}/review`);
    } catch (e) {
      form.setFields(formFieldErrors(e, ['divisionCode', 'file']));
      setError(errorText(t, e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('plans.import')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'plan-import-submit' } as Record<string, string>}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="plan-import-error" />}
      <Form form={form} layout="vertical">
        <Form.Item name="file" label={t('plans.file')} extra={t('plans.fileHint')} required>
          <Upload
            accept=".txt,.docx,.pdf,.html,.htm"
            maxCount={1}
            fileList={files}
            beforeUpload={(f) => {
              setFiles([Object.assign(f, { originFileObj: f }) as unknown as UploadFile]);
              form.setFields([{ name: 'file', errors: [] }]);
              return false;
            }}
            onRemove={() => setFiles([])}
          >
            <Button data-testid="plan-file">{t('plans.file')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item name="divisionCode" label={t('plans.division')} rules={[{ required: true, message: t('common.requiredField') }]}>
          <DivisionSelect id="plan-division" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function PlansListPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  // /api/plans is not paged: the table pages what came, as before.
  const list = useList<Plan, { q?: string; status?: PlanStatus }>('/api/plans', { paged: false });
  const [importOpen, setImportOpen] = useState(false);
  const manage = can('managePlans');

  return (
    <Card
      title={t('plans.title')}
      extra={
        manage && (
          <Button type="primary" onClick={() => setImportOpen(true)} data-testid="plan-import">
            {t('plans.import')}
          </Button>
        )
      }
    >
      <ListTable<Plan, { q?: string; status?: PlanStatus }>
        list={list}
        filters={
          <>
            <Input.Search allowClear placeholder={t('common.search')} onSearch={(q) => list.setFilters((f) => ({ ...f, q }))} style={{ width: 280 }} />
            <Select
              allowClear
              style={{ width: 140 }}
              placeholder={t('plans.col.status')}
              value={list.filters.status}
              onChange={(status?: PlanStatus) => list.setFilters((f) => ({ ...f, status }))}
              options={(['draft', 'active', 'archived'] as const).map((s) => ({ value: s, label: t(`plans.status.${s}`) }))}
            />
          </>
        }
        rowKey="id"
        data-testid="plans-table"
        columns={[
          {
            title: t('plans.col.title'),
            dataIndex: 'title',
            render: (v: string, p) => <Link to={p.status === 'draft' && manage ? `/plans/${p.id}/review` : `/plans/${p.id}`}>{v}</Link>,
          },
          { title: t('plans.col.docNumber'), dataIndex: 'docNumber' },
          { title: t('plans.col.status'), dataIndex: 'status', render: (s: PlanStatus) => <StatusTag status={s} t={t} /> },
          { title: t('plans.col.division'), dataIndex: 'divisionCode', render: (c: string | null) => <DivisionName code={c} /> },
          { title: t('plans.col.created'), dataIndex: 'createdAt', render: (v: string) => <Typography.Text>{v?.slice(0, 10)}</Typography.Text> },
        ]}
      />
      <ImportModal open={importOpen} onClose={() => setImportOpen(false)} />
    </Card>
  );
}
