import { App as AntApp, Button, Drawer, List, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { PlanUnitPicker } from './PlanUnitPicker.tsx';
import type { PlanUnits } from './review-types.ts';

interface Props {
  planId: string;
  divisionCode: string | null;
  open: boolean;
  onClose(): void;
  /** called after a merge or confirmation, so the items and the checklist reload */
  onChanged(): void;
}

/**
 * The units the plan names. A unit the import proposed is either confirmed as new or merged into
 * the unit it duplicates — the suggestions first (same body, similar name), any registry unit else.
 */
export function PlanUnitsDrawer({ planId, divisionCode, open, onClose, onChanged }: Props) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [data, setData] = useState<PlanUnits | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await api.get<PlanUnits>(`/api/plans/${planId}/units`));
    } catch (e) {
      message.error(errorText(t, e));
    }
  }, [planId, message, t]);

  useEffect(() => {
    if (open) void load();
  }, [open, load]);

  const act = async (unitId: number, fn: () => Promise<string>) => {
    setBusy(unitId);
    try {
      message.success(await fn());
      await load();
      onChanged();
    } catch (e) {
      message.error(errorText(t, e));
      await load();
    } finally {
      setBusy(null);
    }
  };
  const merge = (fromId: number, into: { id: number; name: string }) =>
    act(fromId, async () => {
      const r = await api.post<{ moved: number }>(`/api/plans/${planId}/units/${fromId}/merge`, { intoId: into.id });
      return t('review.units.merged', { n: r.moved, name: into.name });
    });
  const confirm = (unitId: number, version: number, name: string) =>
    act(unitId, async () => {
      await api.post(`/api/plans/${planId}/units/${unitId}/confirm`, { version });
      return t('review.units.confirmed', { name });
    });

  const proposed = data?.units.filter((u) => u.unit.status === 'proposed') ?? [];
  const others = data?.units.filter((u) => u.unit.status !== 'proposed') ?? [];
  return (
    <Drawer open={open} onClose={onClose} title={t('review.units.title')} size={640} destroyOnHidden>
      <List
        data-testid="proposed-units"
        dataSource={proposed}
        locale={{ emptyText: t('review.units.noProposed') }}
        renderItem={(u) => (
          <List.Item data-testid="proposed-unit" data-unit-name={u.unit.name}>
            <Space orientation="vertical" style={{ width: '100%' }} size={6}>
              <Space wrap>
                <Typography.Text strong>{u.unit.name}</Typography.Text>
                <Tag color="orange">{t('plans.unit.proposed')}</Tag>
                <Typography.Text type="secondary">{t('review.units.items', { n: u.itemIds.length })}</Typography.Text>
                {u.names.some((n) => n !== u.unit.name) && (
                  <Typography.Text type="secondary">
                    {t('review.units.writtenAs')}：{u.names.join('、')}
                  </Typography.Text>
                )}
              </Space>
              <Space wrap>
                {u.suggestions.map((s) => (
                  <Button key={s.id} size="small" loading={busy === u.unit.id} onClick={() => void merge(u.unit.id, s)} data-testid="merge-suggestion">
                    {t('review.units.mergeInto')} {s.name}（{t(`review.units.suggest.${s.reason}`)}）
                  </Button>
                ))}
                <Button size="small" type="dashed" loading={busy === u.unit.id} onClick={() => void confirm(u.unit.id, u.unit.version, u.unit.name)} data-testid="confirm-unit">
                  {t('review.units.confirm')}
                </Button>
              </Space>
              <Space wrap>
                <Typography.Text type="secondary">{t('review.units.pickOther')}</Typography.Text>
                <PlanUnitPicker divisionCode={divisionCode} exclude={[u.unit.id]} onPick={(into) => void merge(u.unit.id, into)} />
              </Space>
            </Space>
          </List.Item>
        )}
      />
      {others.length > 0 && (
        <List
          size="small"
          dataSource={others}
          renderItem={(u) => (
            <List.Item>
              <Space wrap>
                {u.unit.name}
                <Typography.Text type="secondary">{t('review.units.items', { n: u.itemIds.length })}</Typography.Text>
                {u.names.some((n) => n !== u.unit.name) && <Typography.Text type="secondary">（{u.names.join('、')}）</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      )}
      {data && data.unlinked.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('review.units.unlinked')}
          </Typography.Title>
          <Space wrap>
            {data.unlinked.map((u) => (
              <Tag key={u.name}>
                {u.name}（{u.itemIds.length}）
              </Tag>
            ))}
          </Space>
        </>
      )}
    </Drawer>
  );
}
