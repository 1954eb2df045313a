import { Button, Layout, Menu, Space, Typography } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { ClockBanner } from '../../layout/clock.tsx';
import '../../layout/responsive.css';

const NAV: { path: string; label: MessageKey }[] = [
  { path: '/open', label: 'portal.nav.plans' },
  { path: '/open/indicators', label: 'portal.nav.indicators' },
  { path: '/open/index', label: 'portal.nav.index' },
  { path: '/open/api', label: 'portal.nav.api' },
];

/** The public portal's frame: no sign-in needed, its own menu, the language switch. */
export function PortalLayout() {
  const { t, locale, setLocale } = useI18n();
  const { user } = useAuth();
  const { pathname } = useLocation();
  const selected = NAV.filter((n) => (n.path === '/open' ? pathname === '/open' || pathname.startsWith('/open/plans') : pathname.startsWith(n.path))).map((n) => n.path);
  return (
    <Layout style={{ minHeight: '100vh', background: '#fff' }} data-testid="portal">
      <Layout.Header className="luoshi-portal-header" style={{ background: '#b22222', display: 'flex', alignItems: 'center', gap: 24, padding: '0 24px' }}>
        <Link to="/open" style={{ color: '#fff', fontSize: 20, fontWeight: 600, whiteSpace: 'nowrap' }}>
          {t('app.name')} · {t('portal.title')}
        </Link>
        <Menu
          mode="horizontal"
          theme="dark"
          selectedKeys={selected}
          className="luoshi-portal-menu"
          style={{ background: 'transparent', flex: 1, minWidth: 0 }}
          items={NAV.map((n) => ({ key: n.path, label: <Link to={n.path}>{t(n.label)}</Link> }))}
          data-testid="portal-menu"
        />
        <Space>
          <Button type="text" style={{ color: '#fff' }} onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')} data-testid="lang-switch" aria-label={t('lang.label')}>
            {t('lang.switch')}
          </Button>
          <Link to={user ? '/' : '/login'} style={{ color: '#fff' }}>
            {user ? t('portal.toApp') : t('portal.signIn')}
          </Link>
        </Space>
      </Layout.Header>
      <Layout.Content className="luoshi-portal-content" style={{ padding: '24px 32px', maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        <ClockBanner style={{ marginBottom: 12 }} />
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('portal.subtitle')}
        </Typography.Paragraph>
        <Suspense fallback={<div style={{ padding: 48, textAlign: 'center' }}>{t('common.loading')}</div>}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}

export default PortalLayout;
