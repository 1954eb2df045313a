import { Tag } from 'antd';
import type { ProgressStatus, SubmissionStatus } from '../../api/types.ts';
import type { MessageKey, TFunction } from '../../i18n/index.tsx';
import { daysUntil } from './model.ts';

const SUBMISSION_COLOR: Record<SubmissionStatus, string> = { draft: 'default', submitted: 'processing', returned: 'warning', approved: 'success' };
const PROGRESS_COLOR: Record<ProgressStatus, string> = { not_started: 'default', in_progress: 'processing', done: 'success', behind: 'warning', blocked: 'error' };

export function SubmissionStatusTag({ status, t, testId = 'submission-status' }: { status: SubmissionStatus | null; t: TFunction; testId?: string }) {
  if (!status) return <Tag data-testid={testId}>{t('rep.status.notOpened')}</Tag>;
  return (
    <Tag color={SUBMISSION_COLOR[status]} data-testid={testId}>
      {t(`rep.status.${status}` as MessageKey)}
    </Tag>
  );
}

export function ProgressStatusTag({ status, t }: { status: ProgressStatus | null | undefined; t: TFunction }) {
  if (!status) return null;
  return <Tag color={PROGRESS_COLOR[status]}>{t(`rep.progress.${status}` as MessageKey)}</Tag>;
}

/** The due date with how far off it is: red when past, orange within three days. */
export function DueTag({ dueOn, done, t }: { dueOn: string | null; done?: boolean; t: TFunction }) {
  if (!dueOn) return null;
  const d = daysUntil(dueOn);
  const label = done ? dueOn.slice(0, 10) : d < 0 ? t('rep.overdueDays', { n: -d }) : d === 0 ? t('rep.dueToday') : t('rep.dueIn', { n: d });
  const color = done ? 'default' : d < 0 ? 'red' : d <= 3 ? 'orange' : 'blue';
  return (
    <Tag color={color} data-testid="due-tag" title={dueOn.slice(0, 10)}>
      {label}
    </Tag>
  );
}
