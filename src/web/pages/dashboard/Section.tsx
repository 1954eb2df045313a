import { Alert, Card, Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { errorText } from '../../components/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import type { Loaded } from './useApi.ts';

interface Props<T> {
  title: ReactNode;
  state: Loaded<T>;
  /** null when there is data to show; otherwise what to say (and do) instead */
  empty?: (data: T) => ReactNode | null;
  children: (data: T) => ReactNode;
  extra?: ReactNode;
  testId?: string;
}

/** A dashboard card with its own loading skeleton, error and empty state. */
export function Section<T>({ title, state, empty, children, extra, testId }: Props<T>) {
  const { t } = useI18n();
  let body: ReactNode;
  if (state.loading) body = <Skeleton active paragraph={{ rows: 4 }} />;
  else if (state.unavailable) body = <Empty description={t('dash.unavailable')} />;
  else if (state.error) body = <Alert type="error" showIcon title={errorText(t, state.error)} />;
  else if (state.data === null) body = <Empty />;
  else {
    const e = empty?.(state.data) ?? null;
    body = e ? <div data-testid={testId ? `${testId}-empty` : undefined}>{e}</div> : children(state.data);
  }
  return (
    <Card title={title} extra={extra} data-testid={testId} styles={{ body: { minHeight: 120 } }}>
      {body}
    </Card>
  );
}

/** An empty state that says what to do, with the link that does it. */
export function EmptyHint({ text, action }: { text: ReactNode; action?: ReactNode }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text}>
      {action}
    </Empty>
  );
}
