import { Alert, Button, Card, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import type { Checklist, ChecklistEntry } from './review-types.ts';

interface Props {
  planId: string;
  checklist: Checklist | null;
  onShowItems(entry: ChecklistEntry): void;
  onEditItem(itemId: number): void;
  onOpenUnits(): void;
  onEditMeta(periodEnd?: number): void;
}

/**
 * What activation needs, each entry with the control that fixes it in place. Blocking entries
 * (red) stop activation; warnings (orange) are what the office goes ahead despite.
 */
export function ChecklistPanel({ planId, checklist, onShowItems, onEditItem, onOpenUnits, onEditMeta }: Props) {
  const { t } = useI18n();
  if (!checklist) return null;
  const blocking = checklist.entries.filter((e) => e.severity === 'blocking');
  const count = (e: ChecklistEntry) => (e.code === 'proposed_units' ? e.unitIds.length : e.itemIds.length);

  const controls = (e: ChecklistEntry) => {
    const out = [];
    if (e.code === 'proposed_units') {
      out.push(<Button key="u" size="small" onClick={onOpenUnits} data-testid="check-fix">{t('review.check.openUnits')}</Button>);
    } else if (e.code === 'no_period_end' || e.code === 'no_period') {
      if (e.suggestion?.periodEnd) {
        out.push(<Button key="s" size="small" type="primary" ghost onClick={() => onEditMeta(e.suggestion!.periodEnd)} data-testid="check-fix">{t('review.check.usePeriodEnd', { year: e.suggestion.periodEnd })}</Button>);
      }
      out.push(<Button key="m" size="small" onClick={() => onEditMeta()} data-testid={e.suggestion?.periodEnd ? undefined : 'check-fix'}>{t('review.check.editMeta')}</Button>);
    } else if (e.itemIds.length === 1 && e.code !== 'target_no_indicator') {
      out.push(<Button key="e" size="small" onClick={() => onEditItem(e.itemIds[0])} data-testid="check-fix">{t('review.check.editItem')}</Button>);
    }
    if (e.itemIds.length > 0 && e.code !== 'proposed_units') {
      out.push(<Button key="f" size="small" type="link" onClick={() => onShowItems(e)} data-testid="check-show">{t('review.check.showItems')}</Button>);
    }
    if (e.code === 'target_no_indicator') out.push(<Link key="l" to={`/plans/${planId}`}>{t('review.check.linkTargets')}</Link>);
    return out;
  };

  return (
    <Card size="small" title={t('review.check.title')} style={{ marginBottom: 16 }} data-testid="checklist">
      {checklist.ready ? (
        <Alert type="success" showIcon title={t('review.check.ready')} style={{ marginBottom: 8 }} data-testid="checklist-ready" />
      ) : (
        <Alert type="error" showIcon title={t('review.check.notReady', { n: blocking.length })} style={{ marginBottom: 8 }} data-testid="checklist-blocked" />
      )}
      <List
        size="small"
        dataSource={[...checklist.entries].sort((a, b) => Number(a.severity === 'warning') - Number(b.severity === 'warning'))}
        renderItem={(e) => (
          <List.Item data-testid="check-entry" data-code={e.code} data-severity={e.severity} actions={controls(e)}>
            <Space wrap>
              <Tag color={e.severity === 'blocking' ? 'red' : 'orange'}>{t(`review.check.${e.severity}` as MessageKey)}</Tag>
              <Typography.Text title={e.message}>{t(`review.check.code.${e.code}` as MessageKey, { n: count(e) })}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
