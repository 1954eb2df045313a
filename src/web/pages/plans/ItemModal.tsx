import { Alert, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import type { PlanItem, PlanItemKind } from '../../api/types.ts';
import { errorText } from '../../components/errors.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { fieldValue, KIND_FIELDS, shown, str } from './common.tsx';
import { dueProblem, PER_YEAR, periodLabel, TYPE_OF } from './due-days.ts';
import { PlanUnitPicker } from './PlanUnitPicker.tsx';

/** Fields naming units: a name picked from the registry is written as the unit's own name, so saving links it. */
const UNIT_FIELDS: Record<string, 'list' | 'single'> = { leadUnits: 'list', responsibleUnits: 'list', unit: 'single', by: 'single' };

type DueMode = 'dates' | 'dayOfNextPeriod' | 'offset' | 'none';

interface Props {
  kind: PlanItemKind;
  item: PlanItem | null;
  /** a new item's starting data (text selected in the source) */
  initial?: Record<string, unknown>;
  /** the plan's division, where the unit picker searches */
  divisionCode?: string | null;
  onClose(): void;
  onSave(data: Record<string, unknown>): Promise<void>;
}

/**
 * Edits (or adds) one item. A reporting duty's due days are entered per period with the period
 * named (第一季度 报送截止 …) and checked to fall after it, or as a rule ("每月5日前").
 */
export function ItemModal({ kind, item, initial, divisionCode = null, onClose, onSave }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fields = KIND_FIELDS[kind].filter((f) => !(kind === 'reporting' && f.name === 'due'));
  const frequency = Form.useWatch('frequency', form) as string | undefined;
  const dueMode = Form.useWatch('dueMode', form) as DueMode | undefined;
  const type = frequency ? TYPE_OF[frequency] : undefined;

  useEffect(() => {
    const src = item?.data ?? initial ?? {};
    const init: Record<string, unknown> = {};
    for (const f of fields) init[f.name] = f.type === 'list' && Array.isArray(src[f.name]) ? (src[f.name] as unknown[]).map(str).join('，') : str(src[f.name]);
    if (kind === 'reporting') {
      const due = Array.isArray(src.due) ? (src.due as (string | null)[]) : [];
      const rule = src.dueRule as { kind: 'offset'; days: number } | { kind: 'dayOfNextPeriod'; day: number } | null | undefined;
      init.dueMode = rule?.kind ?? (due.some(Boolean) ? 'dates' : 'none');
      due.forEach((d, i) => (init[`due_${i}`] = d ?? ''));
      if (rule?.kind === 'dayOfNextPeriod') init.dueDay = rule.day;
      if (rule?.kind === 'offset') init.dueDays = rule.days;
    }
    form.setFieldsValue(init);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [item, initial, kind, form]);

  const submit = async () => {
    // A failed validation shows its messages on the fields; nothing more to do.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const data: Record<string, unknown> = { ...(item?.data ?? initial ?? {}) };
    for (const f of fields) data[f.name] = fieldValue(f, v[f.name]);
    if (kind === 'reporting') {
      const mode = (v.dueMode as DueMode) ?? 'none';
      const n = type ? PER_YEAR[type] : 0;
      const dates = Array.from({ length: n }, (_, i) => (String(v[`due_${i}`] ?? '').trim() || null));
      while (dates.length && dates[dates.length - 1] === null) dates.pop();
      data.due = mode === 'dates' ? dates : [];
      data.dueRule = mode === 'dayOfNextPeriod' ? { kind: 'dayOfNextPeriod', day: Number(v.dueDay) } : mode === 'offset' ? { kind: 'offset', days: Number(v.dueDays) } : null;
    }
    setError(null);
    setSaving(true);
    try {
      await onSave(data);
    } catch (e) {
      setError(errorText(t, e));
      if (e instanceof ApiError) {
        form.setFields(
          e.fields
            .map((p) => {
              const parts = p.field.split('.');
              const due = parts.indexOf('due');
              const name = due >= 0 && parts[due + 1] !== undefined ? `due_${parts[due + 1]}` : (fields.find((f) => parts.includes(f.name))?.name ?? '');
              return { name, errors: [p.reason] };
            })
            .filter((x) => x.name),
        );
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={item ? t('plans.item.edit') : t('plans.item.add')} onOk={submit} onCancel={onClose} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'item-save' } as Record<string, string>} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical">
        {fields.map((f) => (
          <Form.Item key={f.name} name={f.name} label={t(`plans.f.${f.name}` as MessageKey)} rules={f.required ? [{ required: true, message: t('common.requiredField') }] : []}>
            {f.type === 'long' ? (
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            ) : f.type === 'select' ? (
              <Select options={(f.options ?? []).map((o) => ({ value: o, label: f.name === 'frequency' ? t(`plans.freq.${o}` as MessageKey) : shown(f.name, o) }))} />
            ) : (
              <Input inputMode={f.type === 'number' || f.type === 'int' ? 'decimal' : undefined} />
            )}
          </Form.Item>
        )).flatMap((el, i) => {
          const f = fields[i];
          const mode = UNIT_FIELDS[f.name];
          if (!mode) return [el];
          const pick = (u: { name: string }) => {
            const now = String(form.getFieldValue(f.name) ?? '').trim();
            const names = now ? now.split(/[，,、]+/).map((x) => x.trim()).filter(Boolean) : [];
            form.setFieldValue(f.name, mode === 'single' ? u.name : [...names.filter((x) => x !== u.name), u.name].join('，'));
          };
          return [
            el,
            <div key={`${f.name}-picker`} style={{ marginTop: -16, marginBottom: 16 }} data-testid={`picker-${f.name}`}>
              <PlanUnitPicker divisionCode={divisionCode} onPick={pick} />
            </div>,
          ];
        })}
        {kind === 'reporting' && (
          <>
            <Form.Item name="dueMode" label={t('review.due.mode')} initialValue="none">
              <Radio.Group
                options={(['dates', 'dayOfNextPeriod', 'offset', 'none'] as const).map((m) => ({ value: m, label: t(`review.due.mode.${m}` as MessageKey), disabled: !type && m !== 'none' }))}
                optionType="default"
                style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
              />
            </Form.Item>
            {!type && <Typography.Text type="secondary">{t('review.due.pickFrequency')}</Typography.Text>}
            {type && dueMode === 'dates' && (
              <Space wrap size={[12, 0]} data-testid="due-dates">
                {Array.from({ length: PER_YEAR[type] }, (_, i) => (
                  <Form.Item
                    key={`${type}${i}`}
                    name={`due_${i}`}
                    label={t('review.due.periodDue', { label: periodLabel(t, type, i) })}
                    rules={[{ validator: (_, v: string) => { const p = dueProblem(t, type, i, String(v ?? '').trim()); return p ? Promise.reject(new Error(p)) : Promise.resolve(); } }]}
                    style={{ width: 150 }}
                  >
                    <Input placeholder="MM-DD" title={t('review.due.placeholder')} data-testid={`due-${i}`} />
                  </Form.Item>
                ))}
              </Space>
            )}
            {type && dueMode === 'dayOfNextPeriod' && (
              <Form.Item name="dueDay" label={t('review.due.day')} rules={[{ required: true, message: t('common.requiredField') }]}>
                <InputNumber min={1} max={31} precision={0} data-testid="due-day" />
              </Form.Item>
            )}
            {type && dueMode === 'offset' && (
              <Form.Item name="dueDays" label={t('review.due.days')} rules={[{ required: true, message: t('common.requiredField') }]}>
                <InputNumber min={1} max={366} precision={0} data-testid="due-days" />
              </Form.Item>
            )}
          </>
        )}
      </Form>
    </Modal>
  );
}
