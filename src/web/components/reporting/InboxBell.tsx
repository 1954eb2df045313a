import { Badge, Button } from 'antd';
import { useEffect } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useI18n } from '../../i18n/index.tsx';
import { useInbox } from './inbox.ts';

/** The header's bell: unread count, a link to /inbox. */
export function InboxBell() {
  const { t } = useI18n();
  const { unread, refresh } = useInbox(true);
  const location = useLocation();
  useEffect(() => {
    void refresh();
  }, [location.pathname, refresh]);
  return (
    <Link to="/inbox" aria-label={`${t('inbox.bell')} ${t('inbox.unread', { n: unread })}`} data-testid="inbox-bell">
      <Badge count={unread} size="small" data-testid="inbox-count">
        <Button type="text" shape="circle" aria-hidden tabIndex={-1}>
          <svg viewBox="0 0 24 24" width="18" height="18" fill="currentColor" aria-hidden="true">
            <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
          </svg>
        </Button>
      </Badge>
    </Link>
  );
}
