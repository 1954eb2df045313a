import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../i18n/index.tsx';

export function NotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.back')}</Button>
        </Link>
      }
    />
  );
}

export function Forbidden() {
  const t = useT();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('common.forbidden')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.back')}</Button>
        </Link>
      }
    />
  );
}
