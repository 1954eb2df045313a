import { Alert, Table, Typography } from 'antd';
import type { SubmissionIssue } from '../../api/types.ts';
import { useI18n, type TFunction } from '../../i18n/index.tsx';
import { localReason } from './model.ts';

/** The server's refusal of a submit: errors first, then warnings that need a comment. */
export function IssueList({ t, issues, labelOf }: { t: TFunction; issues: SubmissionIssue[]; labelOf(i: SubmissionIssue): string }) {
  const { locale } = useI18n();
  if (issues.length === 0) return null;
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity !== 'error');
  const list = (items: SubmissionIssue[]) => (
    <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
      {items.map((i, n) => (
        <li key={n}>
          <Typography.Text strong>{labelOf(i)}</Typography.Text>：{localReason(i.reason, locale)}
        </li>
      ))}
    </ul>
  );
  return (
    <Alert
      type={errors.length ? 'error' : 'warning'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="submit-issues"
      title={t('rep.sub.refused')}
      description={
        <div>
          {errors.length > 0 && (
            <div>
              <Typography.Text type="danger">{t('rep.sub.errors')}</Typography.Text>
              {list(errors)}
            </div>
          )}
          {warnings.length > 0 && (
            <div style={{ marginTop: 8 }}>
              <Typography.Text type="warning">{t('rep.sub.warnings')}</Typography.Text>
              {list(warnings)}
            </div>
          )}
        </div>
      }
    />
  );
}

/** Per-cell errors of a refused Excel upload (`数据!G12`: reason). */
export function UploadErrors({ t, issues }: { t: TFunction; issues: SubmissionIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="upload-errors"
      title={t('rep.sub.uploadErrors', { n: issues.length })}
      description={
        <Table<SubmissionIssue & { n: number }>
          size="small"
          rowKey="n"
          pagination={issues.length > 10 ? { pageSize: 10 } : false}
          dataSource={issues.map((i, n) => ({ ...i, n }))}
          columns={[
            { title: t('rep.sub.cell'), dataIndex: 'field', key: 'field', width: 160 },
            { title: t('rep.sub.reason'), dataIndex: 'reason', key: 'reason' },
          ]}
        />
      }
    />
  );
}
