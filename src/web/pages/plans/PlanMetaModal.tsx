import { Alert, Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { api, ApiError, formFieldErrors } from '../../api/client.ts';
import type { PlanDetail } from '../../api/types.ts';
import { DivisionSelect } from '../../components/DivisionSelect.tsx';
import { errorText } from '../../components/errors.ts';
import { useI18n } from '../../i18n/index.tsx';

const FIELDS = ['title', 'docNumber', 'issuer', 'issuedOn', 'periodStart', 'periodEnd', 'divisionCode'] as const;

interface Values {
  title: string;
  docNumber: string;
  issuer: string;
  issuedOn: string;
  periodStart: number | null;
  periodEnd: number | null;
  divisionCode: string;
}

/** Corrects what the extraction read from the document's head: title, 文号, issuer, dates, period, division. */
export function PlanMetaModal({ plan, initialPeriodEnd, onClose, onSaved }: { plan: PlanDetail; initialPeriodEnd?: number; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nul = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      await api.patch(`/api/plans/${plan.id}`, {
        version: plan.version,
        title: v.title.trim(),
        docNumber: nul(v.docNumber),
        issuer: nul(v.issuer),
        issuedOn: nul(v.issuedOn),
        periodStart: v.periodStart ?? null,
        periodEnd: v.periodEnd ?? null,
        ...(v.divisionCode ? { divisionCode: v.divisionCode } : {}),
      });
      onSaved();
    } catch (e) {
      setError(errorText(t, e));
      if (e instanceof ApiError) form.setFields(formFieldErrors(e, FIELDS));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={t('review.meta.title')} onOk={submit} onCancel={onClose} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'meta-save' } as Record<string, string>} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          title: plan.title,
          docNumber: plan.docNumber ?? '',
          issuer: plan.issuer ?? '',
          issuedOn: plan.issuedOn ?? '',
          periodStart: plan.periodStart,
          periodEnd: initialPeriodEnd ?? plan.periodEnd,
          divisionCode: plan.divisionCode ?? '',
        }}
      >
        <Form.Item name="title" label={t('plans.col.title')} rules={[{ required: true, whitespace: true, message: t('common.requiredField') }, { max: 500 }]}>
          <Input.TextArea id="meta-title" autoSize={{ minRows: 1, maxRows: 3 }} />
        </Form.Item>
        <Form.Item name="docNumber" label={t('plans.col.docNumber')} rules={[{ max: 100 }]}>
          <Input id="meta-docNumber" />
        </Form.Item>
        <Form.Item name="issuer" label={t('plans.issuer')} rules={[{ max: 200 }]}>
          <Input id="meta-issuer" />
        </Form.Item>
        <Form.Item name="issuedOn" label={t('plans.issuedOn')} rules={[{ pattern: /^\d{4}(-\d{2}(-\d{2})?)?$/, message: 'YYYY-MM-DD' }]}>
          <Input id="meta-issuedOn" placeholder="2016-03-10" />
        </Form.Item>
        <Form.Item label={`${t('review.meta.periodStart')} – ${t('review.meta.periodEnd')}`} extra={t('review.meta.periodHint')} style={{ marginBottom: 0 }}>
          <Form.Item name="periodStart" style={{ display: 'inline-block', width: 140, marginInlineEnd: 12 }}>
            <InputNumber id="meta-periodStart" min={1900} max={2200} precision={0} placeholder={t('review.meta.periodStart')} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="periodEnd"
            dependencies={['periodStart']}
            style={{ display: 'inline-block', width: 140 }}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, v: number | null) => {
                  const s = getFieldValue('periodStart') as number | null;
                  return v != null && s != null && v < s ? Promise.reject(new Error(t('review.meta.endBeforeStart'))) : Promise.resolve();
                },
              }),
            ]}
          >
            <InputNumber id="meta-periodEnd" min={1900} max={2200} precision={0} placeholder={t('review.meta.periodEnd')} style={{ width: '100%' }} />
          </Form.Item>
        </Form.Item>
        <Form.Item name="divisionCode" label={t('plans.division')}>
          <DivisionSelect id="meta-division" initialLabel={plan.divisionCode} allowClear={false} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
